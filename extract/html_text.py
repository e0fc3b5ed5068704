"""The visible article text of an HTML page, and the page's metadata.

The text becomes the article's raw text (offsets are into it); scripts,
styles, navigation, headers, footers, asides and forms are left out, and
block elements end a line. When the page has an `<article>` element only its
text is kept.

>>> raw, meta = html_to_article(
...     "<html><head><title>Tin A</title></head><body><nav>Trang chủ</nav>"
...     "<article><h1>Tin A</h1><p>Đạt 100% kế hoạch.</p></article></body></html>")
>>> raw
'Tin A\\n\\nĐạt 100% kế hoạch.'
>>> meta["title"]
'Tin A'
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg",
         "button", "iframe", "template"}
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section",
          "article", "blockquote", "figcaption", "table", "ul", "ol", "dd", "dt", "pre"}
_META = {
    "og:title": "title",
    "og:url": "url",
    "article:published_time": "published",
    "og:site_name": "outlet",
    "author": "author",
    "article:author": "author",
    "pubdate": "published",
    "date": "published",
}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []  # text of the whole body
        self.article_parts: list[str] = []
        self.skip = 0
        self.in_article = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, Any] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop") or ""
            field = _META.get(key.lower())
            if field and a.get("content"):
                self.meta.setdefault(field, html.unescape(a["content"]).strip())
            return
        if tag == "link" and a.get("rel") == "canonical" and a.get("href"):
            self.meta.setdefault("url", a["href"])
            return
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skip += 1
        if tag == "article":
            self.in_article += 1
        if tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self._newline()
        if tag == "article" and self.in_article:
            self.in_article -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip:
            return
        text = " ".join(data.split())
        if not text:
            return
        for parts in (self.parts, self.article_parts) if self.in_article else (self.parts,):
            if parts and not parts[-1].endswith(("\n", " ")) and data[:1].isspace():
                parts.append(" ")
            parts.append(text)
            if data[-1:].isspace():
                parts.append(" ")

    def _newline(self) -> None:
        for parts in (self.parts, self.article_parts):
            if parts and parts[-1] != "\n":
                parts.append("\n")


def html_to_article(page: str) -> tuple[str, dict[str, Any]]:
    """Return (visible text, metadata) of an HTML page."""
    p = _Parser()
    p.feed(page)
    p.close()
    parts = p.article_parts if "".join(p.article_parts).strip() else p.parts
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    text = "\n\n".join(line for line in lines if line)
    meta = dict(p.meta)
    if p.title.strip():
        meta.setdefault("title", " ".join(p.title.split()))
    return text, meta
