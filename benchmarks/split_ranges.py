"""Find ranges stored as two records in an exported store.

usage: vnextract export --db F > facts.jsonl
       python benchmarks/split_ranges.py facts.jsonl --db F [--show 20]

A range split in two shows up as two figures of one article, the second
starting within a few characters after the first, with only a range joiner
(`-`, `–`, `đến`, `tới`, `~`) and optional qualifier words between them.
Prints the count per type and examples.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter, defaultdict

import regex

FIGURES = {"count", "money", "percent", "measure", "duration"}
JOINER = regex.compile(r"^\s*(?:-|–|—|~|đến|tới|cho đến)\s*(?:khoảng|gần|hơn|trên)?\s*$")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("facts")
    ap.add_argument("--db", required=True)
    ap.add_argument("--show", type=int, default=10)
    a = ap.parse_args()
    raws = dict(sqlite3.connect(a.db).execute("select id, raw from articles"))
    by_doc = defaultdict(list)
    with open(a.facts, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["type"] in FIGURES and r.get("in_body", True):
                by_doc[r["doc"]].append(r)
    found = []
    for doc, recs in by_doc.items():
        recs.sort(key=lambda r: r["start"])
        for x, y in zip(recs, recs[1:], strict=False):
            gap = raws[doc][x["end"]:y["start"]]
            if len(gap) <= 12 and JOINER.match(gap):
                found.append((doc, x, y, raws[doc][max(0, x["start"] - 30):y["end"] + 30]))
    print(f"{sum(len(v) for v in by_doc.values())} figures, {len(found)} adjacent pairs joined like a range")
    print(Counter(x["type"] for _, x, _, _ in found))
    for doc, x, y, ctx in found[: a.show]:
        print(f"  {doc}: {x['text']!r} + {y['text']!r}  …{ctx.replace(chr(10), ' ')}…")


if __name__ == "__main__":
    main()
