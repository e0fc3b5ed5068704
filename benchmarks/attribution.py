"""Attribution accuracy (place, time, document) on the seed articles.

    .venv/bin/python benchmarks/attribution.py            # gold facts in, attribution only
    .venv/bin/python benchmarks/attribution.py --pipeline  # whole pipeline
    .venv/bin/python benchmarks/attribution.py --show      # list every disagreement

Gold: `corpus/attribution/seeds.jsonl` (one record per seed figure: raw
offsets, and the `place`, `time`, `document` a careful reader gives it; a
field left out is not scored). See corpus/attribution/README.md.

`gold` mode feeds the gold dates, periods, document ids, entities and
figures of `../shared/gold/seeds.jsonl` to `extract.attribute` so that the
number measures the attribution rules alone; the article date is the
byline date when the gold has one in the article's first lines (what
`extract.metadata` reads). `--pipeline` runs `process` and scores the
figures it finds that overlap a gold figure.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from extract import segment  # noqa: E402
from extract.attribute import attribute  # noqa: E402
from extract.document import FIGURE_TYPES, Doc, Fact, Zone  # noqa: E402
from extract.gazetteer import key  # noqa: E402

FIELDS = ("place", "time", "document")
INPUT_TYPES = ("date", "period", "document_ref", "entity", *FIGURE_TYPES)


def _norm(doc: Doc, rs: int, re_: int) -> tuple[int, int]:
    """Raw span -> normalized span."""
    m = doc._map
    return bisect.bisect_left(m, rs), bisect.bisect_left(m, re_)


def gold_docs() -> dict[str, Doc]:
    recs = [json.loads(line) for line in open(SHARED / "gold" / "seeds.jsonl", encoding="utf-8")]
    zs = [json.loads(line) for line in open(SHARED / "gold" / "seeds.zones.jsonl", encoding="utf-8")]
    docs: dict[str, Doc] = {}
    for path in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        doc = Doc(path.stem, raw)
        doc.zones = [Zone(*_norm(doc, z["start"], z["end"]), z["why"]) for z in zs if z["doc"] == path.stem]
        doc.set_sentences(segment.sentences(doc.text))
        # a byline: a short line among the first four holding a date
        bylines, pos = [], 0
        for line in raw.split("\n")[:4]:
            if len(line.strip()) <= 60:
                bylines.append((pos, pos + len(line)))
            pos += len(line) + 1
        for r in sorted((r for r in recs if r["doc"] == path.stem), key=lambda r: r["start"]):
            if r["type"] not in INPUT_TYPES:
                continue
            in_byline = any(a <= r["start"] and r["end"] <= b for a, b in bylines)
            if r["type"] == "date" and in_byline and "published" not in doc.meta:
                doc.meta["published"] = r["value"]
            s, e = _norm(doc, r["start"], r["end"])
            attrs = {k: v for k, v in r.items() if k not in ("doc", "type", "text", "start", "end", "value")}
            doc.add(Fact(r["type"], s, e, r["value"], attrs, extractor="gold"), take=False)
        docs[path.stem] = doc
    return docs


def pipeline_docs() -> dict[str, Doc]:
    from extract.pipeline import process

    return {
        p.stem: process(p.read_text(encoding="utf-8"), p.stem)
        for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt"))
    }


def same(field: str, want, got) -> bool:
    if field == "place":
        return want is not None and got is not None and key(want) == key(got)
    return want == got


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pipeline", action="store_true")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--gold", type=Path, default=ROOT / "corpus" / "attribution" / "seeds.jsonl")
    a = ap.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} missing")
    docs = pipeline_docs() if a.pipeline else gold_docs()
    if not a.pipeline:
        for doc in docs.values():
            attribute(doc)
    ok: dict[str, int] = defaultdict(int)
    n: dict[str, int] = defaultdict(int)
    unmatched = 0
    for line in open(a.gold, encoding="utf-8"):
        g = json.loads(line)
        doc = docs[g["doc"]]
        s, e = _norm(doc, g["start"], g["end"])
        cands = [f for f in doc.facts if f.type in FIGURE_TYPES and f.start < e and s < f.end]
        if not cands:
            unmatched += 1
            continue
        f = min(cands, key=lambda f: abs(f.start - s))
        for field in FIELDS:
            if field not in g:
                continue
            n[field] += 1
            got = getattr(f, field)
            if same(field, g[field], got):
                ok[field] += 1
            elif a.show:
                print(f"  {field:8} {g['doc'][:3]} {g['text']!r:24} want={g[field]!r} got={got!r}")
    mode = "pipeline" if a.pipeline else "gold facts"
    print(f"attribution on seeds ({mode}); gold figures without a predicted figure: {unmatched}")
    for field in FIELDS:
        print(f"  {field:8} {ok[field]:3}/{n[field]:<3} = {ok[field] / max(n[field], 1):.3f}")
    tot_ok, tot = sum(ok.values()), sum(n.values())
    print(f"  {'all':8} {tot_ok:3}/{tot:<3} = {tot_ok / max(tot, 1):.3f}")


if __name__ == "__main__":
    main()
