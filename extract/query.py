"""What `vnextract query` asks the fact store: filters that combine.

Every filter is optional and they combine with AND. Rows come from the
`fact_rows` view (schema.sql): one fact with its article date, attribution
and its sentence with the figure marked `[[like this]]`.

How each filter matches:

- `types`: the SPEC type (`money`, `count`...), one or several.
- `document`: a numbered document, in any spelling (`1956/2009/QD-TTg`,
  `1956 / 2009 / QĐ - TTg`): every mention of it, full and short, *and*
  every figure reported under it (`facts.document`). Add `types=["document_ref"]`
  for the mentions only, `types=["money"]` for the money under it. A bare
  number (`1956`) finds the documents with that number.
- `place`: accent- and case-insensitive (`lang son` finds `Lạng Sơn`), equal
  to the fact's place, its province before the 2025 reorganisation or its
  province after it; so a post-2025 province also finds the facts of the
  provinces merged into it.
- `year` / `period`: the fact is kept when an interval it is about overlaps
  the one asked for. Its intervals: its `time` (the attribution), its own
  value for a date or period, and every date or period written in its
  sentence; only when it has none of these, the article's date. `period`
  takes `2016-2020`, `2016/2020`, `2021-07`, `2019-Q3`, `2012-04-03`,
  `2021/..`.
- `min_value` / `max_value`: bounds on `value_num` (a range counts by its
  lower end, as in the SPEC).
- `unit`: the measure noun (`học viên`, `ha`; accent-insensitive) or the
  currency (`VND`).
- `text`: every word occurs in the fact's sentence, accent-insensitive
  (FTS5 over a folded copy, see `search_index`); `"quoted words"` are a
  phrase.
- `article`: article id. Facts inside boilerplate zones are left out unless
  `include_zones`.

>>> rows = query_facts("seeds.db", types="money", place="lang son")  # doctest: +SKIP
>>> [(r["value"], r["time"]) for r in rows]  # doctest: +SKIP
[(9000000000, '2009'), (12000000000, '2010')]
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from . import search_index
from .gazetteer import expand_province, key, lookup, strip_category
from .search_index import fold

# --- time intervals ---------------------------------------------------------

_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.I)
_YEARS = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_OPEN = ("..", "", "nay")


def _last_day(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - date.resolution).day


def _point(text: str) -> tuple[str, str] | None:
    """The first and last day of one ISO date, month, year or quarter."""
    text = text.strip()
    m = _QUARTER.match(text)
    if m:
        y, q = int(m[1]), int(m[2])
        return f"{y:04d}-{3 * q - 2:02d}-01", f"{y:04d}-{3 * q:02d}-{_last_day(y, 3 * q):02d}"
    m = _DAY.match(text)
    if not m:
        return None
    y = int(m[1])
    if m[2] is None:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    mo = int(m[2])
    if not 1 <= mo <= 12:
        return None
    if m[3] is None:
        return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{_last_day(y, mo):02d}"
    return f"{y:04d}-{mo:02d}-{int(m[3]):02d}", f"{y:04d}-{mo:02d}-{int(m[3]):02d}"


def interval(text: Any) -> tuple[str, str] | None:
    """The days a time value covers, as two ISO dates (None if unreadable).

    Reads what the pipeline stores in `time` and in date/period values; a
    period written backwards (a source typo) covers the same years.

    >>> interval("2019-Q3")
    ('2019-07-01', '2019-09-30')
    >>> interval("2016/2020")
    ('2016-01-01', '2020-12-31')
    >>> interval("2021/..")
    ('2021-01-01', '9999-12-31')
    >>> interval("2016-2020")
    ('2016-01-01', '2020-12-31')
    """
    if text is None:
        return None
    text = str(text).strip()  # a year may come back from SQLite as an int
    if _YEARS.match(text):
        text = text.replace("-", "/")
    if "/" not in text:
        return _point(text)
    a, _, b = text.partition("/")
    lo = ("0000-01-01", "0000-01-01") if a.strip() in _OPEN else _point(a)
    hi = ("9999-12-31", "9999-12-31") if b.strip() in _OPEN else _point(b)
    if lo is None or hi is None:
        return None
    start, end = lo[0], hi[1]
    if start > end:
        start, end = hi[0], lo[1]
    return start, end


def _overlaps(value: Any, lo: str, hi: str) -> int:
    span = interval(value)
    return int(span is not None and span[0] <= hi and lo <= span[1])


# --- documents and places ---------------------------------------------------


def document_key(text: str) -> str:
    """The canonical id of a document as a user typed it.

    Spaces go and dashes are unified first (the SPEC's rule, so that
    `1956 / 2009 / QĐ - TTg` works too), then the document extractor's
    `canonical_id` fixes the rest (`QD` for `QĐ`, code case).

    >>> document_key("1956 / 2009 / QD – TTg")
    '1956/2009/QĐ-TTg'
    """
    squeezed = re.sub(r"\s+", "", re.sub(r"[\u2010-\u2015\u2212]", "-", text))
    try:
        from .extractors.documents import canonical_id
    except ImportError:  # the extractor has not landed: the SPEC's two rules only
        return squeezed
    try:
        return canonical_id(squeezed)
    except Exception:  # a bare number or an odd form: keep as typed
        return squeezed


def _docid_sql(value: Any) -> str | None:
    return document_key(value) if isinstance(value, str) and value else None


def place_keys(name: str) -> tuple[set[str], set[str]]:
    """Place keys to match: (for place and province_new, for the pre-2025 province).

    Keys are `gazetteer.key` forms (accents, case and punctuation folded); a
    category word (`tỉnh`, `huyện`...) is dropped. A province created in 2025
    also matches the facts whose pre-2025 province is one of its former parts.

    >>> place_keys("tỉnh Lạng Sơn")
    ({'lang son'}, {'lang son'})
    >>> sorted(place_keys("Bắc Ninh")[1])
    ['bac giang', 'bac ninh']
    >>> place_keys("Bắc Giang")[1]
    {'bac giang'}
    """
    _cat, bare = strip_category(name)
    k = key(bare)
    old = {k}
    if any(p.level == "province" and key(p.province_new or "") == k for p in lookup(bare)):
        old |= {key(n) for n in expand_province(bare)}
    return {k}, old


def _key_sql(value: Any) -> str | None:
    return key(value) if isinstance(value, str) else None


# --- the query ---------------------------------------------------------------


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    """`"money,count"`, `["money", "count"]` or `None` as a list of names."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    return [v.strip() for item in items for v in item.split(",") if v.strip()]


def add_functions(conn: sqlite3.Connection) -> None:
    """Register the SQL functions the filters use (also in the web UI).

    `vn_fold(text)` accent-folds, `vn_key(place)` gives a place's lookup key,
    `vn_docid(text)` a document's canonical id, `vn_overlaps(time, lo, hi)`
    whether a time value overlaps two ISO days.
    """
    search_index.add_functions(conn)
    conn.create_function("vn_overlaps", 3, _overlaps, deterministic=True)
    conn.create_function("vn_docid", 1, _docid_sql, deterministic=True)
    conn.create_function("vn_key", 1, _key_sql, deterministic=True)


def connect(db_path: str | Path) -> sqlite3.Connection:
    """Open an existing store with the query's SQL functions registered."""
    if str(db_path) != ":memory:" and not Path(db_path).exists():
        raise FileNotFoundError(f"{db_path}: no such fact store")
    conn = search_index.connect(db_path)
    add_functions(conn)
    return conn


def query_facts(
    db_path: str | Path,
    types: str | Iterable[str] | None = None,
    document: str | None = None,
    place: str | None = None,
    year: int | str | None = None,
    period: str | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    unit: str | None = None,
    text: str | None = None,
    article: str | Iterable[str] | None = None,
    limit: int | None = None,
    include_zones: bool = False,
) -> list[dict[str, Any]]:
    """Facts of the store at `db_path` that pass every filter given.

    Rows are dicts with the `fact_rows` columns (see schema.sql), ordered by
    article date (newest first), article and position. See the module
    docstring for how each filter matches.
    """
    where: list[str] = []
    args: list[Any] = []
    conn = connect(db_path)
    try:
        wanted = _as_list(types)
        if wanted:
            where.append(f"r.type IN ({', '.join('?' * len(wanted))})")
            args += wanted
        if not include_zones:
            where.append("r.in_body = 1")
        articles = _as_list(article)
        if articles:
            where.append(f"r.article_id IN ({', '.join('?' * len(articles))})")
            args += articles
        if document:
            _where_document(document, where, args)
        if place:
            keys, old = place_keys(place)
            ph, oph = ", ".join("?" * len(keys)), ", ".join("?" * len(old))
            where.append(
                f"(vn_key(r.place) IN ({ph}) OR vn_key(r.place_province_new) IN ({ph})"
                f" OR vn_key(r.place_province) IN ({oph}))"
            )
            args += [*keys, *keys, *old]
        if year is not None or period:
            _where_time(f"{int(year):04d}" if year is not None else period, where, args)
        if min_value is not None:
            where.append("r.value_num >= ?")
            args.append(float(min_value))
        if max_value is not None:
            where.append("r.value_num <= ?")
            args.append(float(max_value))
        if unit:
            where.append("(vn_fold(r.unit) = ? OR upper(r.currency) = upper(?))")
            args += [fold(unit), unit.strip()]
        if text:
            if not search_index.is_current(conn):
                conn.close()
                search_index.rebuild(db_path)
                conn = connect(db_path)
            where.append(
                "r.sentence_rowid IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)"
            )
            args.append(search_index.match_query(text))
        sql = "SELECT r.* FROM fact_rows r"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY r.published IS NULL, r.published DESC, r.article_id, r.start, r.id"
        if limit:
            sql += " LIMIT ?"
            args.append(int(limit))
        return [dict(row) for row in conn.execute(sql, args)]
    finally:
        conn.close()


def _where_document(document: str, where: list[str], args: list[Any]) -> None:
    key = document_key(document)
    if key.isdigit():
        where.append(
            "((r.type = 'document_ref' AND r.number = ?)"
            " OR r.document LIKE ? || '/%' OR r.document LIKE ? || '-%')"
        )
        args += [key, key, key]
        return
    where.append(
        "((r.type = 'document_ref' AND (vn_docid(r.value) = ? OR r.id IN"
        " (SELECT fact_id FROM document_mentions WHERE document_id = ?)))"
        " OR vn_docid(r.document) = ?)"
    )
    args += [key, key, key]


def _where_time(value: str, where: list[str], args: list[Any]) -> None:
    span = interval(value)
    if span is None:
        raise ValueError(f"{value!r}: not a year or period (try 2010, 2016-2020, 2021-07, 2019-Q3)")
    lo, hi = span
    overlap = "vn_overlaps({}, ?, ?)"
    in_sentence = (
        "EXISTS (SELECT 1 FROM facts g WHERE g.article_id = r.article_id"
        " AND g.sentence_idx = r.sentence_idx AND g.type IN ('date', 'period') AND {})"
    )
    own_date = "r.type IN ('date', 'period')"
    where.append("(" + " OR ".join([
        overlap.format("r.time"),
        f"({own_date} AND {overlap.format('r.value')})",
        in_sentence.format(overlap.format("g.value")),
        f"(r.time IS NULL AND NOT {own_date} AND NOT {in_sentence.format('1')}"
        f" AND {overlap.format('r.published')})",
    ]) + ")")
    args += [lo, hi] * 4


# --- printing ------------------------------------------------------------------


def format_number(value: Any) -> str:
    """A number as Vietnamese press writes it: `.` thousands, `,` decimals.

    >>> format_number(9000000000.0), format_number(130.47), format_number("1956/2009/QĐ-TTg")
    ('9.000.000.000', '130,47', '1956/2009/QĐ-TTg')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, frac = f"{value:,.6f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def _value_text(row: dict[str, Any]) -> str:
    if row["type"] == "fraction" and row.get("value_num") is not None:
        return format_number(row["value"])
    value = row["value_num"] if row.get("value_num") is not None else row["value"]
    shown = format_number(value)
    if row.get("value_max") is not None:
        shown += "-" + format_number(row["value_max"])
    return shown


def _unit_text(row: dict[str, Any]) -> str:
    unit = row.get("unit") or row.get("currency") or row.get("label") or row.get("doc_type") or ""
    return f"{unit}/{row['per']}" if row.get("per") else unit


def excerpt(sentence: str | None, width: int, mark: tuple[str, str] = ("[[", "]]")) -> str:
    """The marked sentence cut to about `width` characters around the mark.

    >>> excerpt("Năm 2010, tỉnh giao [[12 tỉ đồng]] cho đào tạo.", 200, ("*", "*"))
    'Năm 2010, tỉnh giao *12 tỉ đồng* cho đào tạo.'
    """
    if not sentence:
        return ""
    sentence = " ".join(sentence.split())
    a, b = sentence.find("[["), sentence.rfind("]]")
    if a < 0 or b < a:
        return sentence[:width]
    before, inside, after = sentence[:a], sentence[a + 2 : b], sentence[b + 2 :]
    room = max(width - len(inside) - 4, 20)
    if len(before) + len(after) > room:
        left = min(len(before), max(room // 2, room - len(after)))
        right = room - left
        if len(before) > left:  # cut at a word boundary, not inside a word
            kept = before[len(before) - left :]
            before = "…" + kept[kept.find(" ") + 1 :] if " " in kept else "…" + kept
        if len(after) > right:
            kept = after[:right]
            after = (kept[: kept.rfind(" ")] if " " in kept[1:] else kept) + "…"
    return f"{before}{mark[0]}{inside}{mark[1]}{after}"


_COLUMNS = (
    ("type", lambda r: r["type"], 12),
    ("value", _value_text, 22),
    ("unit", _unit_text, 16),
    ("qualifier", lambda r: r.get("qualifier") or ("short" if r.get("short") else ""), 9),
    ("place", lambda r: r.get("place") or r.get("place_province") or "", 18),
    ("time", lambda r: r.get("time") or "", 21),
    ("article", lambda r: r["article_id"], 40),
    ("date", lambda r: (r.get("published") or "")[:10], 10),
)


def format_table(rows: list[dict[str, Any]], width: int | None = None, bold: bool = False) -> str:
    """Rows as a terminal table, each followed by its sentence, figure marked.

    The mark is `[[...]]`, or bold when `bold` (a terminal that shows it).
    """
    if not rows:
        return "no facts match"
    width = width or shutil.get_terminal_size((120, 20)).columns
    cells = [[_cut(get(r), cap) for _, get, cap in _COLUMNS] for r in rows]
    widths = [max(len(name), *(len(c[i]) for c in cells)) for i, (name, _, _) in enumerate(_COLUMNS)]
    lines = ["  ".join(name.ljust(w) for (name, _, _), w in zip(_COLUMNS, widths, strict=True)).rstrip()]
    lines.append("-" * min(width, len(lines[0])))
    mark = ("\x1b[1m", "\x1b[0m") if bold else ("[[", "]]")
    for row, c in zip(rows, cells, strict=True):
        lines.append("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())
        lines.append("    " + excerpt(row.get("sentence"), max(width - 4, 40), mark))
    lines.append(f"({len(rows)} fact{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cut(text: str, cap: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= cap else text[: cap - 1] + "…"
