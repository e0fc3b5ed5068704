"""The SQLite fact store: one transaction per article.

Offsets are stored in raw-text coordinates, so `articles.raw[start:end] ==
facts.text` for every row. Writing an article replaces everything stored for
it (facts, zones, sentences, checks, document mentions) inside a single
transaction: an interrupted run leaves each article either fully stored or
as it was.

>>> conn = open_db(":memory:")
>>> from extract import process
>>> doc = process("Tỷ lệ đạt 130,47%.", "a1")
>>> save_doc(conn, doc, source="example")
>>> conn.execute("select count(*) from articles").fetchone()[0]
1
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

from .document import SPEC_FIELDS, Doc, Fact
from .resources import schema_sql
from .version import extractor_version

# SPEC fields that have their own column in `facts`; the rest go to `extra`.
FACT_COLUMNS = (
    "value_max", "qualifier", "unit", "currency", "per", "subject", "numerator",
    "denominator", "label", "doc_type", "number", "year", "code", "issuer", "issued",
    "short", "open",
)
_BOOL_COLUMNS = {"short", "open"}
# Attribution attributes the attribute stage leaves in `attrs`; stored as columns.
_PLACE_ATTRS = ("place_province", "place_province_new")


def content_hash(raw: str) -> str:
    """SHA-256 of the raw text as UTF-8."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def open_db(path: str | Path) -> sqlite3.Connection:
    """Open (or create) a fact store and apply `schema.sql`.

    The connection is in autocommit mode; `save_doc` opens its own
    transaction per article.
    """
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(schema_sql())
    _migrate(conn)
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    """Add columns that newer schema versions define to an older store."""
    for table, col in (("facts", "place_province"), ("facts", "place_province_new"),
                       ("articles", "input_meta")):
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if col not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {col} TEXT")
    conn.execute("DROP INDEX IF EXISTS facts_article")  # redundant with UNIQUE (article_id, idx)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on an autocommit connection (`open_db`'s).

    Commits when the block ends, rolls back on any exception, Ctrl-C
    included: what the block wrote is stored whole or not at all.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def stored_articles(
    conn: sqlite3.Connection, outdated_only: bool = True, version: str | None = None
) -> list[tuple[str, str, dict[str, Any], str]]:
    """(id, raw, input metadata, source) of stored articles, by id.

    With `outdated_only`, only those extracted by another extractor version
    than `version` (the current one by default).
    """
    version = version or extractor_version()
    sql = "SELECT id, raw, input_meta, source_path FROM articles"
    args: tuple = ()
    if outdated_only:
        sql += " WHERE extractor_version != ?"
        args = (version,)
    return [
        (r[0], r[1], json.loads(r[2]) if r[2] else {}, r[3] or f"db:{r[0]}")
        for r in conn.execute(sql + " ORDER BY id", args)
    ]


def stored_hash(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The content hash stored for `article_id`, or None if it is absent."""
    row = conn.execute("SELECT sha256 FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json_default(o: Any) -> Any:
    if isinstance(o, set | tuple):
        return list(o)
    return str(o)


# Column order of a `facts` row as `fact_values` builds it.
FACT_ROW_COLUMNS = (
    "article_id", "idx", "type", "start", "end", "text", "value", "value_num",
    *FACT_COLUMNS, *_PLACE_ATTRS,
    "extra", "in_body", "sentence_idx", "place", "time", "document", "extractor", "version",
)
# attribute -> its position in a row; attributes not here go to `extra`
_ATTR_POS = {c: FACT_ROW_COLUMNS.index(c) for c in FACT_COLUMNS + _PLACE_ATTRS}
_BOOL_POS = {_ATTR_POS[c] for c in _BOOL_COLUMNS}
_N_ATTR_COLS = len(FACT_COLUMNS) + len(_PLACE_ATTRS)


def fact_values(doc: Doc, fact: Fact, idx: int, version: str) -> list[Any]:
    """The `facts` row of `fact` (raw offsets) in `FACT_ROW_COLUMNS` order.

    A list, not a dict: an article has dozens of facts and this runs for each.
    """
    rs, re_ = doc.to_raw(fact.start, fact.end)
    value = fact.value
    row: list[Any] = [
        doc.id, idx, fact.type, rs, re_, doc.raw[rs:re_], value,
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None,
    ]
    attr_cols: list[Any] = [None] * _N_ATTR_COLS
    extra = {}
    for k, v in fact.attrs.items():
        pos = _ATTR_POS.get(k)
        if pos is None:
            extra[k] = v
        else:
            attr_cols[pos - 8] = int(v) if pos in _BOOL_POS and v is not None else v
    row += attr_cols
    row += (
        json.dumps(extra, ensure_ascii=False, default=_json_default) if extra else None,
        int(fact.in_body), fact.sentence, fact.place, fact.time, fact.document,
        fact.extractor or fact.type, version,
    )
    return row


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        cols = list(rows[0])
        _insert_rows(conn, table, cols, [[r[c] for c in cols] for r in rows])


def _insert_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], ordered: bool = True
) -> None:
    """INSERT `rows` (values in `columns` order), each without its NULL values.

    Python's sqlite3 binds a None several times slower than a number (it looks
    for an adapter first), and most of a fact's columns are NULL; a column
    left out takes its default, which is NULL for every nullable column of
    the schema. Rows that leave out the same columns share one `executemany`:
    neighbouring rows only, unless the order of insertion does not matter
    (`ordered=False`: the rows carry their own ids).

    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.execute("CREATE TABLE t (a, b, c)")
    >>> _insert_rows(conn, "t", ("a", "b", "c"), [(1, None, 3), (None, 2, None), (4, None, 6)])
    >>> conn.execute("SELECT * FROM t ORDER BY rowid").fetchall()
    [(1, None, 3), (None, 2, None), (4, None, 6)]
    """
    groups: list[tuple[tuple[bool, ...], list[list[Any]]]] = []
    by_present: dict[tuple[bool, ...], list[list[Any]]] = {}
    for row in rows:
        present = tuple(v is not None for v in row)
        if ordered:
            if not groups or groups[-1][0] != present:
                groups.append((present, []))
            values = groups[-1][1]
        elif (values := by_present.get(present)) is None:
            values = by_present[present] = []
            groups.append((present, values))
        values.append(list(compress(row, present)))
    for present, values in groups:
        names = [_q(c) for c in compress(columns, present)]
        conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)


def _q(col: str) -> str:
    return f'"{col}"'


def save_doc(
    conn: sqlite3.Connection,
    doc: Doc,
    source: str | None = None,
    version: str | None = None,
    input_meta: dict[str, Any] | None = None,
) -> None:
    """Store `doc` (article, zones, sentences, facts, documents, checks) atomically.

    Replaces whatever was stored under `doc.id`. `input_meta` is the metadata
    the input gave (kept so that a re-extraction starts from it, not from
    what an older extractor derived).
    """
    version = version or extractor_version()
    now = _now()
    meta = doc.meta
    with transaction(conn):
        old = conn.execute("SELECT ingested_at FROM articles WHERE id = ?", (doc.id,)).fetchone()
        if old is not None:  # (with foreign keys on, nothing refers to an article that is not stored)
            _delete_article(conn, doc.id)
        _insert(conn, "articles", [{
            "id": doc.id,
            "raw": doc.raw,
            "sha256": content_hash(doc.raw),
            "source_path": source,
            "input_meta": json.dumps(input_meta, ensure_ascii=False) if input_meta else None,
            "url": meta.get("url"),
            "title": meta.get("title"),
            "outlet": meta.get("outlet") or meta.get("source"),
            "author": meta.get("author"),
            "published": meta.get("published"),
            "place": meta.get("place"),
            "extractor_version": version,
            "ingested_at": old[0] if old else now,
            "extracted_at": now,
        }])
        zone_rows = []
        for z in doc.zones:
            rs, re_ = doc.to_raw(z.start, z.end)
            zone_rows.append({"article_id": doc.id, "start": rs, "end": re_, "why": z.why})
        _insert(conn, "zones", zone_rows)
        sent_rows = []
        for i, s in enumerate(doc.sentences):
            rs, re_ = doc.to_raw(s.start, s.end)
            sent_rows.append({
                "article_id": doc.id, "idx": i, "start": rs, "end": re_,
                "paragraph": s.paragraph, "text": doc.raw[rs:re_],
                "in_body": int(doc.in_body(s.start, s.end)),
            })
        _insert(conn, "sentences", sent_rows)
        ids = _insert_facts(conn, doc, version)
        _link_documents(conn, doc, ids)
        _insert_checks(conn, doc, ids)


def _delete_article(conn: sqlite3.Connection, article_id: str) -> None:
    for table in ("document_mentions", "checks", "facts", "sentences", "zones"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


def delete_article(conn: sqlite3.Connection, article_id: str) -> None:
    """Remove an article and everything extracted from it, in one transaction."""
    with transaction(conn):
        _delete_article(conn, article_id)


def _insert_facts(conn: sqlite3.Connection, doc: Doc, version: str) -> list[int]:
    """Insert the facts; return their `facts.id` in `doc.facts` order.

    The ids are given, not left to SQLite: the next free ones, in
    `doc.facts` order (the transaction holds the write lock, so nobody else
    takes them), so that `part_of` is written with the rows and rows can be
    inserted grouped by their columns.
    """
    facts = doc.facts
    if not facts:
        return []
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM facts").fetchone()[0]
    ids = list(range(first, first + len(facts)))
    n = len(ids)
    rows = []
    for i, f in enumerate(facts):
        row = fact_values(doc, f, i, version)
        p = f.part_of
        row += (ids[i], ids[p] if p is not None and 0 <= p < n else None)
        rows.append(row)
    _insert_rows(conn, "facts", (*FACT_ROW_COLUMNS, "id", "part_of"), rows, ordered=False)
    return ids


@lru_cache(maxsize=4096)
def _canonical(value: str) -> str:
    try:
        from .extractors.documents import canonical_id
    except ImportError:
        return value
    try:
        return canonical_id(value)
    except Exception:  # a bare number or odd form: keep as written
        return value


_DOC_FIELDS = ("doc_type", "number", "year", "code", "issuer", "issued", "title")


def _link_documents(conn: sqlite3.Connection, doc: Doc, ids: list[int]) -> None:
    """Upsert cited documents (most complete values win) and link each mention."""
    by_key: dict[str, list[dict[str, Any]]] = {}  # key -> its mentions' values, in first-mention order
    mentions = []
    for i, f in enumerate(doc.facts):
        if f.type != "document_ref" or not isinstance(f.value, str) or not f.value:
            continue
        if not (f.attrs.get("full_id", True) or f.attrs.get("short")):
            continue  # a bare number that no full mention resolved: not a document key
        key = _canonical(f.value)
        new = {k: f.attrs.get(k) for k in _DOC_FIELDS}
        if not new.get("issuer"):
            new["issuer"] = f.attrs.get("issuer_from_code")
        by_key.setdefault(key, []).append(new)
        mentions.append((key, ids[i], doc.id, int(bool(f.attrs.get("short")))))
    if not by_key:
        return
    select = f"SELECT id, {', '.join(_DOC_FIELDS)} FROM documents WHERE id "
    keys = list(by_key)
    stored: dict[str, Any] = {}
    for j in range(0, len(keys), 500):
        chunk = keys[j:j + 500]
        for row in conn.execute(select + f"IN ({', '.join('?' * len(chunk))})", chunk):
            stored[row[0]] = tuple(row)[1:]
    insert = f"INSERT INTO documents (id, {', '.join(_DOC_FIELDS)}) VALUES (?{', ?' * len(_DOC_FIELDS)})"
    update = f"UPDATE documents SET {', '.join(f'{k} = ?' for k in _DOC_FIELDS)} WHERE id = ?"
    for key, news in by_key.items():
        row = stored.get(key)
        for n, new in enumerate(news):
            if n:  # read back what the column types made of the values just written
                row = tuple(conn.execute(select + "= ?", (key,)).fetchone())[1:]
            if row is None:
                conn.execute(insert, (key, *[new[k] for k in _DOC_FIELDS]))
            else:
                conn.execute(update, (*[_more_complete(o, new[k]) for o, k in zip(row, _DOC_FIELDS, strict=True)],
                                      key))
    conn.executemany(
        "INSERT OR IGNORE INTO document_mentions (document_id, fact_id, article_id, short) VALUES (?, ?, ?, ?)",
        mentions,
    )


def _more_complete(old: Any, new: Any) -> Any:
    if new in (None, ""):
        return old
    if old in (None, ""):
        return new
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        return new
    return old


def _insert_checks(conn: sqlite3.Connection, doc: Doc, ids: list[int]) -> None:
    rows = []
    for c in doc.checks:
        start, end = c.get("start"), c.get("end")
        if start is not None and end is not None:
            start, end = doc.to_raw(start, end)
        rows.append({
            "article_id": doc.id,
            "kind": c["kind"],
            "verdict": c["verdict"],
            "expected": c.get("expected"),
            "actual": c.get("actual"),
            "message": c.get("message", ""),
            "fact_ids": json.dumps([ids[i] for i in c.get("facts", []) if 0 <= i < len(ids)]),
            "start": start,
            "end": end,
        })
    _insert(conn, "checks", rows)


def record_error(conn: sqlite3.Connection, source: str, message: str) -> None:
    """Remember an input problem (the article itself is skipped)."""
    conn.execute(
        "INSERT INTO ingest_errors (source, message, at) VALUES (?, ?, ?)",
        (source, message, _now()),
    )


def export_records(
    conn: sqlite3.Connection,
    article: str | None = None,
    types: list[str] | None = None,
    body_only: bool = False,
) -> list[dict[str, Any]]:
    """SPEC records of the stored facts (the `export --format jsonl` lines).

    Each record has `doc, type, text, start, end, value`, the SPEC fields of
    its type, any extra fields, and the pipeline's own `in_body`, `place`,
    `time`, `document`, `extractor`, `version`.
    """
    sql = "SELECT * FROM facts"
    where, args = [], []
    if article:
        where.append("article_id = ?")
        args.append(article)
    if types:
        where.append(f"type IN ({', '.join('?' * len(types))})")
        args.extend(types)
    if body_only:
        where.append("in_body = 1")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY article_id, start, idx"
    return [row_to_record(r) for r in conn.execute(sql, args)]


def row_to_record(row: sqlite3.Row) -> dict[str, Any]:
    """Turn a `facts` row back into its SPEC record."""
    t = row["type"]
    rec: dict[str, Any] = {
        "doc": row["article_id"],
        "type": t,
        "text": row["text"],
        "start": row["start"],
        "end": row["end"],
        "value": row["value"],
    }
    for k in SPEC_FIELDS.get(t, ()):
        v = row[k]
        if k in _BOOL_COLUMNS and v is not None:
            v = bool(v)
        if k in ("value_max", "numerator", "denominator") and isinstance(v, float) and v.is_integer():
            v = int(v)
        rec[k] = v
    if row["extra"]:
        for k, v in json.loads(row["extra"]).items():
            rec.setdefault(k, v)
    rec["in_body"] = bool(row["in_body"])
    for k in ("place", "place_province", "place_province_new", "time", "document", "part_of",
              "extractor", "version"):
        if row[k] is not None:
            rec[k] = row[k]
    return rec
