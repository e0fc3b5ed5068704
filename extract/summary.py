"""Counts of stored facts by type and article, as a plain-text table.

>>> from extract.store import open_db
>>> print(facts_table(open_db(":memory:")))
no facts stored
"""

from __future__ import annotations

import sqlite3

from .document import SPEC_FIELDS


def fact_counts(conn: sqlite3.Connection, body_only: bool = True) -> dict[str, dict[str, int]]:
    """{article_id: {type: n}} for the stored facts (body facts only by default)."""
    sql = "SELECT article_id, type, count(*) FROM facts"
    if body_only:
        sql += " WHERE in_body = 1"
    sql += " GROUP BY article_id, type ORDER BY article_id"
    out: dict[str, dict[str, int]] = {}
    for aid, t, n in conn.execute(sql):
        out.setdefault(aid, {})[t] = n
    return out


def facts_table(conn: sqlite3.Connection, by: str = "article") -> str:
    """One row per article (or per type), one column per fact type, with totals."""
    counts = fact_counts(conn)
    if not counts:
        return "no facts stored"
    types = [t for t in SPEC_FIELDS if any(t in c for c in counts.values())]
    if by == "type":
        rows = [(t, sum(c.get(t, 0) for c in counts.values()), len([1 for c in counts.values() if t in c]))
                for t in types]
        w = max(len(t) for t in types)
        lines = [f"{'type':<{w}}  {'facts':>7}  {'articles':>8}"]
        lines += [f"{t:<{w}}  {n:>7}  {a:>8}" for t, n, a in rows]
        return "\n".join(lines)
    short = {t: t.replace("document_ref", "doc_ref") for t in types}
    aw = max(7, *(len(a) for a in counts))
    head = f"{'article':<{aw}}" + "".join(f"{short[t]:>10}" for t in types) + f"{'total':>8}"
    lines = [head, "-" * len(head)]
    for aid, c in counts.items():
        lines.append(f"{aid:<{aw}}" + "".join(f"{c.get(t, 0):>10}" for t in types)
                     + f"{sum(c.values()):>8}")
    lines.append("-" * len(head))
    lines.append(f"{'total':<{aw}}" + "".join(f"{sum(c.get(t, 0) for c in counts.values()):>10}" for t in types)
                 + f"{sum(sum(c.values()) for c in counts.values()):>8}")
    return "\n".join(lines)
