"""Full-text search over stored sentences, accent-insensitive.

`sentences_fts` (declared in `schema.sql`) is an FTS5 table with one row
per `sentences` row (same rowid) and two columns: `text`, the sentence as
stored, and `folded`, a copy with `đ` written `d`. The tokenizer
(`unicode61 remove_diacritics 2`) strips tone marks and case itself, but
`đ` is a letter of its own, not a `d` with a mark, so without the folded copy
`dao tao` would not find `Đào tạo`; with both columns `dao tao`, `đào tạo`
and `Đào Tạo` all find it, in `vnextract query --text` and in Datasette's
`?_search=`.

The index is not kept up to date by triggers (they cut bulk inserts by a
factor of ten); `rebuild` brings it in line with `sentences` after a load,
touching only what changed.

>>> fold("Đào tạo cán bộ ở Thanh Hoá")
'dao tao can bo o thanh hoa'
>>> match_query('Đào tạo "cấp xã"')
'"dao" "tao" "cap xa"'
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from .gazetteer import fold as gazetteer_fold
from .store import transaction

FTS_TABLE = "sentences_fts"


def fold(text: str | None) -> str:
    """`text` without tone marks, `đ` as `d`, lower case (`gazetteer.fold`).

    >>> fold("Lạng Sơn"), fold(None)
    ('lang son', '')
    """
    return gazetteer_fold(text) if text else ""


_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def match_query(text: str) -> str:
    """An FTS5 MATCH expression for what a user typed: every word must occur.

    Words are folded and quoted (so `-`, `:` or `OR` are plain text);
    `"quoted words"` stay a phrase; a trailing `*` searches a prefix.

    >>> match_query('kinh phí* "đào tạo"')
    '"kinh" "phi"* "dao tao"'
    """
    parts = []
    for m in _TERM.finditer(text):
        phrase, word = m.group(1), m.group(2)
        if phrase is not None:
            folded = " ".join(re.findall(r"\w+", fold(phrase)))
            if folded:
                parts.append(f'"{folded}"')
            continue
        prefix = word.endswith("*")
        tokens = re.findall(r"\w+", fold(word))
        for i, tok in enumerate(tokens):
            star = "*" if prefix and i == len(tokens) - 1 else ""
            parts.append(f'"{tok}"{star}')
    return " ".join(parts)


def connect(db_path: str | Path) -> sqlite3.Connection:
    """A connection with the schema applied and `vn_fold()` available in SQL."""
    from .store import open_db

    conn = open_db(db_path)
    add_functions(conn)
    return conn


# The tokenizer folds tone marks and case itself (NFC or not); `đ` is the
# one letter it keeps, so the folded copy only has to replace that.
_D_AS_D = str.maketrans("đĐ", "dD")


def indexed_form(text: str) -> str:
    """What the `folded` column holds: `text` with `đ` written `d`.

    >>> indexed_form("Đào tạo ở Đắk Lắk")
    'Dào tạo ở Dắk Lắk'
    """
    return text.translate(_D_AS_D)


def add_functions(conn: sqlite3.Connection) -> None:
    """Register `vn_fold(text)` and `vn_indexed(text)` on `conn`."""
    conn.create_function("vn_fold", 1, fold, deterministic=True)
    conn.create_function("vn_indexed", 1, indexed_form, deterministic=True)


def rebuild(db_path: str | Path, full: bool = False) -> dict[str, int]:
    """Bring `sentences_fts` in line with `sentences`; return what it did.

    Only sentences that are new, gone or changed since the last run are
    touched, so running it twice costs one scan. `full=True` empties the
    index and indexes everything again.

    >>> rebuild(":memory:")
    {'removed': 0, 'added': 0, 'indexed': 0}
    """
    conn = connect(db_path)
    try:
        return _sync(conn, full)
    finally:
        conn.close()


def _sync(conn: sqlite3.Connection, full: bool) -> dict[str, int]:
    with transaction(conn):
        if full:
            # Dropping is much faster than deleting row by row from FTS5; the
            # table comes back from its own stored definition (schema.sql's).
            removed = conn.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
            ddl = conn.execute(
                "SELECT sql FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
            ).fetchone()[0]
            conn.execute(f"DROP TABLE {FTS_TABLE}")
            conn.execute(ddl)
        else:
            # A rowid can come back for another sentence after an article is
            # replaced, so an entry is stale when its text differs too.
            removed = conn.execute(
                f"""DELETE FROM {FTS_TABLE} WHERE rowid IN (
                      SELECT x.rowid FROM {FTS_TABLE} x
                      LEFT JOIN sentences s ON s.rowid = x.rowid
                      WHERE s.rowid IS NULL OR s.text IS NOT x.text)"""
            ).rowcount
        added = conn.execute(
            f"""INSERT INTO {FTS_TABLE} (rowid, text, folded)
                SELECT s.rowid, s.text, replace(replace(s.text, 'đ', 'd'), 'Đ', 'D')  -- indexed_form()
                FROM sentences s
                WHERE s.rowid NOT IN (SELECT rowid FROM {FTS_TABLE})"""
        ).rowcount
    indexed = conn.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
    return {"removed": max(removed, 0), "added": max(added, 0), "indexed": indexed}


def is_current(conn: sqlite3.Connection) -> bool:
    """True when the index covers exactly the stored sentences (cheap check).

    Compares row counts and the largest rowid; a changed article between two
    rebuilds can slip past it, which only costs a stale hit, never a crash.
    """
    one = "SELECT count(*), max(rowid) FROM {}"
    try:
        return tuple(conn.execute(one.format(FTS_TABLE)).fetchone()) == tuple(
            conn.execute(one.format("sentences")).fetchone()
        )
    except sqlite3.OperationalError:
        return False

