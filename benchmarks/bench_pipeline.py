"""Pipeline speed on real articles: time per stage and throughput, as a table.

usage: python benchmarks/bench_pipeline.py [--n 200] [--input ../shared/corpus/bulk/news-5k.jsonl.gz]

Runs every stage of `process` on the first N articles of the bulk file
and prints, per stage, total seconds, share of the time and chars/s; then
the store write rate. Speed targets live here, never in unit tests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract import segment, zones  # noqa: E402
from extract.document import Doc  # noqa: E402
from extract.extractors import components  # noqa: E402
from extract.store import open_db, save_doc  # noqa: E402


def read_bulk(path: Path, n: int) -> list[dict]:
    out = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line))
            if len(out) >= n:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--input", type=Path, default=ROOT.parent / "shared/corpus/bulk/news-5k.jsonl.gz")
    a = ap.parse_args()
    arts = read_bulk(a.input, a.n)
    chars = sum(len(x["text"]) for x in arts)
    times: dict[str, float] = defaultdict(float)
    comps = components()
    docs = []
    t_all = time.perf_counter()
    for art in arts:
        t = time.perf_counter()
        doc = Doc(str(art["id"]), art["text"])
        times["normalize"] += time.perf_counter() - t
        t = time.perf_counter()
        doc.zones = zones.find_zones(doc.text)
        times["zones"] += time.perf_counter() - t
        t = time.perf_counter()
        doc.set_sentences(segment.sentences(doc.text))
        times["sentences"] += time.perf_counter() - t
        for c in comps:
            t = time.perf_counter()
            c.func(doc)
            times[c.name] += time.perf_counter() - t
        docs.append(doc)
    total = time.perf_counter() - t_all
    with tempfile.TemporaryDirectory() as d:
        conn = open_db(Path(d) / "b.db")
        t = time.perf_counter()
        for doc in docs:
            save_doc(conn, doc)
        t_store = time.perf_counter() - t
    n_facts = sum(len(d.facts) for d in docs)
    print(f"{len(arts)} articles, {chars:,} chars, {n_facts:,} facts\n")
    print(f"{'stage':<20}{'seconds':>10}{'share':>8}{'chars/s':>14}")
    for name, s in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"{name:<20}{s:>10.2f}{s / total:>8.1%}{chars / s if s else 0:>14,.0f}")
    print(f"{'pipeline total':<20}{total:>10.2f}{'':>8}{chars / total:>14,.0f}")
    print(f"{'store (save_doc)':<20}{t_store:>10.2f}{'':>8}{n_facts / t_store:>11,.0f} facts/s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\narticles/s: {len(arts) / (total + t_store):.1f}   peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
