"""Article metadata read from the text: title, outlet, author, publication date.

Runs first (order 5) so that the date extractor can give `ngày 12/9` the
article's year. Fills only keys the input left empty: fields that arrive with
the article (JSONL, HTML) are never overwritten. Adds no facts.

>>> meta = read_metadata("Đại Từ mở lớp bồi dưỡng cán bộ\\n\\nHải Hằng 08:17, 08/06/2023\\n\\nNội dung.")
>>> meta["title"], meta["author"], meta["published"]
('Đại Từ mở lớp bồi dưỡng cán bộ', 'Hải Hằng', '2023-06-08T08:17')
>>> read_metadata("LSO-Sau hơn 20 năm đổi mới, tỉnh đạt nhiều kết quả.")["outlet"]
'LSO'

Where each key comes from:

- `outlet`: a tag opening one of the first paragraphs, `(Baothanhhoa.vn) -`,
  `TCCSĐT -`, `LSO-` (tags in `rules/outlets.toml`; any tag in parentheses
  or shaped like a domain), else the outlet in a byline `Tên - Báo X | 10:30
  01/06/2017` or a credit `Bình Đại/VOV.VN`. `outlet_name` is the full name
  when the tag is listed; `outlet_span` its normalized offsets (the
  entities extractor labels it ORG).
- `published`: a timestamp on a byline line near either end (`08:17,
  08/06/2023`, `Thứ Hai, 12/08/2024 10:30 (GMT+7)`, `Cập nhật: 12/08/2024`).
  A date alone at the very top (`Chủ nhật, 21/07/2024`) is the site's date
  header, not the article's: it is not used.
- `author`: the name on the byline, else a short name line near the end
  (`Trần Hằng`, `N.Hiếu`, `Lương Đình Ước, Ban Tổ chức Tỉnh ủy`), else a name
  closing the last paragraph.
- `source`: `Theo TTXVN`, `Nguồn: VnExpress` near the end.
- `title`: the first line when it looks like a headline (short, no final
  full stop, not a lead with an outlet tag, not a date header).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from typing import Any

import regex

from .document import Doc
from .extractors import register
from .resources import load_rules

# Patterns used at run time, compiled once (the module-level `regex.match(str, ...)`
# re-enters regex's compile cache, whose flag handling costs more than the match).
_re = lru_cache(maxsize=1024)(regex.compile)

_KEYS = ("title", "outlet", "outlet_name", "outlet_span", "author", "published", "source")

_DATE = r"(?P<d>0?[1-9]|[12]\d|3[01])[/.-](?P<m>0?[1-9]|1[0-2])[/.-](?P<y>(?:19|20)\d\d)"
# What `_DATE` matches, for a quick look with the standard `re` (same digits).
_HAS_DATE = re.compile(r"\d[/.-]\d{1,2}[/.-](?:19|20)\d\d")
# What every `_TIME` has (two digits after `:` or `h`), for the same quick look.
_HAS_TIME = re.compile(r"\d[:hH][0-5]\d")
_TIME = r"(?P<H>[01]?\d|2[0-3])[:h](?P<M>[0-5]\d)(?::[0-5]\d)?"
_WEEKDAY = r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7]))|chủ\s+nhật|CN)"
_GMT = r"(?:\s*\(?\s*(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?00)?\s*\)?)?"

# A name: capitalised syllables, or initials and a syllable (`N.Hiếu`).
_SYL = r"(?:\p{Lu}\p{Ll}+|\p{Lu}{2,})"
_NAME = rf"(?:(?:\p{{Lu}}\.\s?)+{_SYL}(?:\s+{_SYL}){{0,3}}|{_SYL}(?:\s+{_SYL}){{1,4}})"
_NAME_RE = regex.compile(rf"^{_NAME}$")
_SENT_END = r"(?:[.!?…]|\.\")"


@cache
def _rules() -> dict[str, Any]:
    return load_rules("outlets")


@cache
def _patterns() -> dict[str, regex.Pattern]:
    rules = _rules()
    by = rules["byline"]
    labels = "|".join(
        regex.escape(w) for w in sorted(by["published_labels"], key=len, reverse=True)
    )
    tags = "|".join(regex.escape(t) for t in sorted(rules["tags"], key=len, reverse=True))
    sources = "|".join(regex.escape(w) for w in sorted(by["source_labels"], key=len, reverse=True))
    suffixes = "|".join(regex.escape(w) for w in by["author_suffixes"])
    credits = "|".join(
        regex.escape(w).replace(r"\ ", r"\s*")
        for w in sorted(by["credit_labels"], key=len, reverse=True)
    )
    flags = regex.IGNORECASE
    return {
        # a quick `re` look for the labels before the `labelled` pattern
        "label_word": re.compile("|".join(map(re.escape, by["published_labels"])), re.IGNORECASE),
        # time then date (`08:17, 08/06/2023`), or date then time
        "stamp": regex.compile(
            rf"(?:{_TIME}\s*,?\s*(?:[-|]\s*)?(?:{_WEEKDAY}\s*,?\s*)?{_DATE}"
            rf"|(?:{_WEEKDAY}\s*,?\s*)?{_DATE}\s*(?:[-|,]\s*)?(?:lúc\s+)?{_TIME}){_GMT}",
            flags,
        ),
        "labelled": regex.compile(
            rf"(?:{labels})\s*:?\s*(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s+)?{_DATE}(?:\s*(?:[-|,]\s*)?(?:lúc\s+)?{_TIME})?",
            flags,
        ),
        # `(Baothanhhoa.vn) -`, `TCCSĐT -`, `LSO-Sau`, `GD&TĐ -`
        "tag": regex.compile(
            rf"(?:\((?P<tag>[^()\n]{{2,40}}?)\)|(?P<tag>(?-i:{tags}))(?![\w&])"
            rf"|(?P<tag>[\w&+-]+(?:\.[\w-]+)*\.(?:vn|net|com|org)))\s*-\s*",
            flags,
        ),
        "source": regex.compile(
            rf"^\s*(?:{sources})\s*:?\s+(?P<src>[^\n]{{2,80}}?)\s*\.?\s*$", flags
        ),
        "suffix": regex.compile(rf"\s*(?:{suffixes})\s*$") if suffixes else regex.compile(r"(?!)"),
        # `... rủi ro. Nhật Duy`, `./. Bình Đại/VOV.VN`, `. Tin, ảnh: Kim Há (TTXVN)`, `. Theo Như Tâm/VnExpress`
        "tail_name": regex.compile(
            rf"(?:(?<={_SENT_END}|[\"”)])\s+|^)(?:(?P<label>(?i:{sources}|{credits}))\s*:?\s*)?(?P<name>{_NAME})"
            rf"(?:\s*\((?P<paren>[^()\n]{{1,40}})\))?(?:\s*/\s*(?P<outlet>[\w.+]+))?\s*$"
        ),
        "header": regex.compile(
            rf"^\s*(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s+)?{_DATE}(?:\s+{_TIME}{_GMT})?\s*$", flags
        ),
    }


def _iso(m: regex.Match) -> str | None:
    try:
        day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    if m.groupdict().get("H"):
        return f"{day.isoformat()}T{int(m.group('H')):02d}:{m.group('M')}"
    return day.isoformat()


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, whitespace trimmed."""
    out = []
    for m in _re(r"[^\n]+").finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _is_name(s: str) -> bool:
    s = s.strip()
    if not _NAME_RE.match(s) or len(s) > 40:
        return False
    by = _rules()["byline"]
    if s.split()[0].lower() in {
        w.split()[0].lower() for w in by["source_labels"] + by["credit_labels"]
    }:
        return False  # `Theo Kiến Thức` is a source line
    return s.title() not in {w.title() for w in _rules()["byline"]["not_author"]}


def _split_credit(prefix: str) -> tuple[str | None, str | None]:
    """`Đình Viên - Thể thao Việt Nam |` -> (author, outlet); `Hải Hằng` -> (author, None)."""
    prefix = prefix.strip().rstrip("|-,").strip()
    tail = _re(rf"{_SENT_END}\s+").split(prefix)[-1]
    parts = [p.strip() for p in _re(r"\s+[-|]\s+|\s*/\s*").split(tail) if p.strip()]
    if not parts or not _is_name(parts[0]):
        return None, None
    return parts[0], (parts[1] if len(parts) > 1 else None)


def find_published(text: str, lines: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """Publication timestamp and the byline around it (`author`, `outlet` when written there).

    >>> find_published("Tin\\n\\nĐình Viên - Thể thao Việt Nam | 00:25 11/05/2017")["published"]
    '2017-05-11T00:25'
    """
    rules, pats = _rules()["byline"], _patterns()
    lines = _lines(text) if lines is None else lines
    n = len(text)
    head, tail = rules["head_chars"], rules["tail_chars"]
    for s, e in lines:
        if s > head and e < n - tail:
            continue
        line = text[s:e]
        if _HAS_DATE.search(line) is None:
            continue  # both patterns need a full date; `re` rules a line out ~20x faster
        m = pats["labelled"].search(line) if pats["label_word"].search(line) else None
        if m is None:
            m = pats["stamp"].search(line) if _HAS_TIME.search(line) else None
            # a timestamp inside a body sentence is an event, not a byline
            if m is None or (
                len(line) > 160 and "|" not in line[max(0, m.start() - 3) : m.start()]
            ):
                continue
        iso = _iso(m)
        if iso is None:
            continue
        out: dict[str, Any] = {"published": iso}
        author, outlet = _split_credit(line[: m.start()])
        if author:
            out["author"] = author
        if outlet:
            out["outlet"] = outlet
        return out
    return {}


def find_outlet(text: str, lines: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """Outlet tag opening one of the first paragraphs.

    >>> find_outlet("(Baothanhhoa.vn) - Những năm qua...")["outlet"]
    'Baothanhhoa.vn'
    >>> find_outlet("TCCSĐT - Thời gian qua...")["outlet_name"]
    'Tạp chí Cộng sản điện tử'
    """
    tags, pat = _rules()["tags"], _patterns()["tag"]
    lines = _lines(text) if lines is None else lines
    for s, e in lines[:4]:
        m = pat.match(text, s, e)
        if m is None:
            continue
        tag = m.group("tag").strip()
        if (
            _re(r"\d").search(tag)
            or len(tag.split()) > 4
            or _re(r"(?i)ảnh|video|clip").match(tag)
        ):
            continue
        ts = text.index(tag, m.start())
        out: dict[str, Any] = {"outlet": tag, "outlet_span": [ts, ts + len(tag)]}
        if tag in tags:
            out["outlet_name"] = tags[tag]
        return out
    return {}


def find_author(text: str, lines: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """Author line, source line and credit outlet near the end of the article.

    >>> find_author("Bài viết dài.\\n\\nTrần Hằng\\n\\nBình luận")["author"]
    'Trần Hằng'
    >>> find_author("... đã bị bắt giữ./. Bình Đại/VOV.VN")
    {'author': 'Bình Đại', 'outlet': 'VOV.VN'}
    """
    by, pats = _rules()["byline"], _patterns()
    lines = _lines(text) if lines is None else lines
    out: dict[str, Any] = {}
    for s, e in reversed(lines[-by["tail_lines"] :]):
        line = pats["suffix"].sub("", text[s:e]).strip()
        src = pats["source"].match(line)
        if src and "source" not in out and len(line) < 100:
            out["source"] = src.group("src")
            continue
        if len(line) <= 120:
            name, rest = (line.split(",", 1) + [""])[:2]
            author, outlet = _split_credit(name)
            whole = name.split("/")[0].split(" - ")[0].strip()
            if author and author == whole and (not rest or rest.strip()[:1].isupper()):
                out["author"] = author
                if outlet:
                    out["outlet"] = outlet
                return out
        # a name closing a paragraph is the author; a long line is body text: stop there
        m = _tail_name(pats["tail_name"], line)
        if m and _is_name(m.group("name")):
            out.update(_credit(m))
            if "author" in out:
                return out
        if len(line) > 120:
            return out
    return out


# `tail_name` starts at the line's start or right after one of these (its
# lookbehind); trying only there finds the same match as `search`, faster.
_TAIL_NAME_AFTER = re.compile(r"[.!?…\"”)]")


def _tail_name(pat: regex.Pattern, line: str) -> regex.Match | None:
    """`pat.search(line)` for the `tail_name` pattern."""
    m = pat.match(line)
    if m is not None:
        return m
    for c in _TAIL_NAME_AFTER.finditer(line):
        m = pat.match(line, c.end())
        if m is not None:
            return m
    return None


def _credit(m: regex.Match) -> dict[str, Any]:
    """Author, outlet and source from a `tail_name` match."""
    name, outlet, paren = m.group("name"), m.group("outlet"), m.group("paren")
    if paren and (paren in _rules()["tags"] or _re(r"[\p{Lu}\d.&+]{2,12}").fullmatch(paren)):
        outlet = outlet or paren
    label = (m.group("label") or "").lower()
    sources = [w.lower() for w in _rules()["byline"]["source_labels"]]
    if label.rstrip(": ") in sources and not outlet:
        return {"source": name}  # `Theo Kiến Thức`: a publication, not a person
    out: dict[str, Any] = {"author": name}
    if outlet:
        out["outlet"] = outlet
        if label.rstrip(": ") in sources:
            out["source"] = outlet
    return out


def find_title(text: str, lines: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """The first line when it reads as a headline.

    >>> find_title("Chủ nhật, 21/07/2024\\n\\nMột năm nhiều nỗ lực\\n\\nLSO-Sau hơn 20 năm...")
    {'title': 'Một năm nhiều nỗ lực'}
    """
    pats = _patterns()
    lines = _lines(text) if lines is None else lines
    for s, e in lines[:3]:
        line = text[s:e]
        if pats["header"].match(line):
            continue  # the site's date header
        words = line.split()
        if (
            8 <= len(line) <= 250
            and len(words) <= 40
            and not line.endswith((".", ",", ";", ":"))
            and not pats["tag"].match(line)
            and not line.startswith(("(", "-", "*", "•"))
        ):
            return {"title": line}
        return {}
    return {}


def read_metadata(text: str, skip: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """Every metadata key found in `text` (normalized); lines inside `skip` ranges are ignored."""
    lines = _lines(text)
    if skip:
        lines = [(s, e) for s, e in lines if not any(zs <= s and e <= ze for zs, ze in skip)]
    found: dict[str, Any] = {}
    for finder in (find_author, find_published, find_outlet, find_title):
        for k, v in finder(text, lines).items():
            # a tag opening the lead beats a credit near the end
            if k not in found or finder is find_outlet:
                found[k] = v
    return found


@register("metadata", 5)
def fill_metadata(doc: Doc) -> None:
    """Fill empty `doc.meta` keys from the text (never overwrite what the input gave)."""
    found = read_metadata(doc.text, [(z.start, z.end) for z in doc.zones])
    if doc.meta.get("outlet") and "outlet" in found:
        # the given outlet wins; drop the found one's name and span with it
        found.pop("outlet_name", None)
        found.pop("outlet_span", None)
    for key in _KEYS:
        if key in found and not doc.meta.get(key):
            doc.meta[key] = found[key]
