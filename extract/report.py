"""HTML report of stored articles: the text with every fact highlighted.

One static page per article (no scripts, no network assets): the raw text
with each fact marked in its type's colour (hover for type, value,
qualifier, unit, subject, place, time, document), zones greyed, the checks
listed with links to their spans, and a side table of every fact. `--all`
adds an index page. Templates: `extract/templates/*.html.j2`.

>>> import tempfile, os
>>> from extract.store import open_db, save_doc
>>> from extract.document import Doc, Fact
>>> db = os.path.join(tempfile.mkdtemp(), "r.db")
>>> doc = Doc("a1", "Mở 15 lớp.")
>>> _ = doc.add(Fact("count", 3, 9, 15, {"unit": "lớp", "qualifier": "exact"}))
>>> save_doc(open_db(db), doc)
>>> html = render_article(db, "a1")
>>> 'class="fact t-count' in html and "15 lớp" in html
True
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import regex
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"

# One colour per fact type (background of the highlight).
TYPE_COLOURS = {
    "count": "#ffe08a",
    "money": "#a9eba1",
    "percent": "#9fd3ff",
    "fraction": "#ffc29e",
    "measure": "#f3c0ff",
    "duration": "#c8f3df",
    "date": "#dcdcff",
    "period": "#bdb8ff",
    "document_ref": "#ffc7d6",
    "entity": "#e6e6e6",
}
VERDICT_COLOURS = {"ok": "#2e7d32", "mismatch": "#c62828", "open": "#8d6e00", "flag": "#6a1b9a"}
# Fields shown in the tooltip and the side table, in this order.
SHOWN = ("value", "qualifier", "unit", "subject", "place", "time", "document")


@dataclass
class Segment:
    """A stretch of raw text with the same facts, zone and checks over it."""

    text: str
    facts: list[dict[str, Any]]  # innermost first
    zone: str | None
    anchors: list[str] = field(default_factory=list)  # ids opened at its start
    checked: str | None = None  # worst verdict of the checks covering it


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["shown"] = _shown
    return env


def _shown(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@contextmanager
def _connect(db_path: str | Path) -> Iterator[sqlite3.Connection]:
    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such fact store")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.close()


def _tip(f: dict[str, Any], by_id: dict[int, dict[str, Any]]) -> str:
    lines = [f"{f['type']}" + (f" ({f['label']})" if f.get("label") else "")]
    for k in SHOWN:
        v = f.get(k)
        if v not in (None, ""):
            lines.append(f"{k}: {_shown(v)}")
    if f.get("part_of") in by_id:
        lines.append(f"part of: {by_id[f['part_of']]['text']}")
    if not f.get("in_body"):
        lines.append("not body (zone)")
    return "\n".join(lines)


_WORST = {"mismatch": 3, "flag": 2, "open": 1, "ok": 0}


def segments(raw: str, facts: list[dict[str, Any]], zones: list[dict[str, Any]],
             checks: list[dict[str, Any]]) -> list[Segment]:
    """Cut `raw` at every fact, zone and check boundary.

    Overlapping facts are allowed: a segment lists every fact covering it,
    innermost first; the first segment of a fact carries its anchor.

    >>> segs = segments("ab cd", [{"id": 1, "start": 3, "end": 5, "type": "count"}], [], [])
    >>> [(s.text, [f["id"] for f in s.facts], s.anchors) for s in segs]
    [('ab ', [], []), ('cd', [1], ['f-1'])]
    """
    cuts = {0, len(raw)}
    for x in [*facts, *zones, *checks]:
        if x.get("start") is not None and x.get("end") is not None:
            cuts.update((max(0, min(len(raw), x["start"])), max(0, min(len(raw), x["end"]))))
    for c in checks:
        if c.get("start") is not None:
            cuts.add(c["start"])
    bounds = sorted(cuts)
    started: set[str] = set()
    out: list[Segment] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a == b:
            continue
        covering = sorted(
            (f for f in facts if f["start"] <= a and b <= f["end"]),
            key=lambda f: (f["end"] - f["start"], f["id"]),
        )
        zone = next((z["why"] for z in zones if z["start"] <= a and b <= z["end"]), None)
        anchors = []
        for f in sorted(facts, key=lambda f: f["id"]):
            if f["start"] == a and f"f-{f['id']}" not in started:
                anchors.append(f"f-{f['id']}")
        for c in checks:
            if c.get("start") == a and f"c-{c['id']}" not in started:
                anchors.append(f"c-{c['id']}")
        started.update(anchors)
        over = [c["verdict"] for c in checks
                if c.get("start") is not None and c["start"] <= a and b <= c["end"]
                and c["verdict"] in ("mismatch", "flag")]
        checked = max(over, key=_WORST.__getitem__) if over else None
        out.append(Segment(raw[a:b], covering, zone, anchors, checked))
    return out


def _rows(conn: sqlite3.Connection, sql: str, *args: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, args)]


def article_context(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    """Everything the article template shows, read from the store."""
    art = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if art is None:
        raise KeyError(f"{article_id}: no such article in the store")
    art = dict(art)
    facts = _rows(conn, 'SELECT * FROM facts WHERE article_id = ? ORDER BY start, "end", idx', article_id)
    by_id = {f["id"]: f for f in facts}
    for f in facts:
        if f.get("extra"):
            for k, v in json.loads(f["extra"]).items():
                f.setdefault(k, v)
        f["tip"] = _tip(f, by_id)
    zones = _rows(conn, 'SELECT start, "end", why FROM zones WHERE article_id = ? ORDER BY start', article_id)
    checks = _rows(conn, "SELECT * FROM checks WHERE article_id = ? ORDER BY start, id", article_id)
    for c in checks:
        c["fact_ids"] = json.loads(c["fact_ids"] or "[]")
        c["fact_texts"] = [(i, by_id[i]["text"]) for i in c["fact_ids"] if i in by_id]
    counts: dict[str, int] = {}
    for f in facts:
        counts[f["type"]] = counts.get(f["type"], 0) + 1
    verdicts: dict[str, int] = {}
    for c in checks:
        verdicts[c["verdict"]] = verdicts.get(c["verdict"], 0) + 1
    return {
        "article": art,
        "segments": segments(art["raw"], facts, zones, checks),
        "facts": facts,
        "zones": zones,
        "checks": checks,
        "counts": counts,
        "verdicts": verdicts,
        "colours": TYPE_COLOURS,
        "verdict_colours": VERDICT_COLOURS,
        "shown": SHOWN,
    }


def render_article(db_path: str | Path, article_id: str, index_href: str | None = None) -> str:
    """The HTML page of one stored article."""
    with _connect(db_path) as conn:
        ctx = article_context(conn, article_id)
    return _env().get_template("article.html.j2").render(**ctx, index_href=index_href)


def page_name(article_id: str) -> str:
    """A safe file name for an article's page.

    >>> page_name("004_24c8e8399b0d687b"), page_name("a/b c")
    ('004_24c8e8399b0d687b.html', 'a_b_c.html')
    """
    return regex.sub(r"[^\w.-]", "_", article_id) + ".html"


def write_article(db_path: str | Path, article_id: str, out: str | Path) -> Path:
    """Write the page of `article_id` to `out` (a file)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_article(db_path, article_id), encoding="utf-8")
    return out


def write_all(db_path: str | Path, out_dir: str | Path) -> Path:
    """One page per stored article plus `index.html` in `out_dir`; returns the index."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _connect(db_path) as conn:
        articles = _rows(conn, """
            SELECT a.id, a.title, a.outlet, a.published,
                   (SELECT count(*) FROM facts f WHERE f.article_id = a.id) AS facts,
                   (SELECT count(*) FROM checks c WHERE c.article_id = a.id AND c.verdict = 'ok') AS ok,
                   (SELECT count(*) FROM checks c WHERE c.article_id = a.id AND c.verdict = 'mismatch')
                       AS mismatch,
                   (SELECT count(*) FROM checks c WHERE c.article_id = a.id AND c.verdict = 'open') AS open,
                   (SELECT count(*) FROM checks c WHERE c.article_id = a.id AND c.verdict = 'flag') AS flag
            FROM articles a ORDER BY a.id""")
        env = _env()
        for a in articles:
            a["page"] = page_name(a["id"])
            ctx = article_context(conn, a["id"])
            html = env.get_template("article.html.j2").render(**ctx, index_href="index.html")
            (out_dir / a["page"]).write_text(html, encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(env.get_template("index.html.j2").render(
        articles=articles, verdict_colours=VERDICT_COLOURS, db=str(db_path)), encoding="utf-8")
    return index
