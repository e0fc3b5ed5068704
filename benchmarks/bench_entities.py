"""Entity quality on the seeds and speed on bulk articles.

    .venv/bin/python benchmarks/bench_entities.py seeds [--no-ner] [--out PRED.jsonl]
    .venv/bin/python benchmarks/bench_entities.py bulk -n 300 [--no-ner]
    .venv/bin/python benchmarks/bench_entities.py ner-identity -n 3000

`seeds` writes the SPEC records of every entity the pipeline finds in
`../shared/corpus/seeds` and scores them with `../shared/tools/score.py`;
`bulk` runs the whole pipeline over the first N bulk articles and reports
characters per second and entity counts (and any crash); `ner-identity`
tags the first N sentences of the bulk articles with `underthesea.ner` and
with `extract.ner.tag` and reports both speeds and every sentence where the
two disagree (there should be none).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def seeds(out: Path) -> None:
    from extract.pipeline import process

    t0, chars = time.time(), 0
    with out.open("w", encoding="utf-8") as f:
        for path in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
            raw = path.read_text(encoding="utf-8")
            chars += len(raw)
            doc = process(raw, path.stem)
            for fact in doc.facts_of("entity"):
                f.write(json.dumps(doc.record(fact), ensure_ascii=False) + "\n")
    dt = time.time() - t0
    print(f"seeds: {chars} chars in {dt:.1f}s = {chars / dt:.0f} chars/s (whole pipeline)")
    gold = SHARED / "gold"
    subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(gold / "seeds.jsonl"), str(out),
         "--zones", str(gold / "seeds.zones.jsonl"), "--docs", str(SHARED / "corpus" / "seeds"),
         "--types", "entity", "--show", os.environ.get("SHOW", "20")],
        check=False,
    )


def bulk(n: int) -> None:
    from extract.pipeline import process

    labels: Counter = Counter()
    t0, chars, crashes, ent_time = time.time(), 0, 0, 0.0
    with gzip.open(SHARED / "corpus" / "bulk" / "news-5k.jsonl.gz", "rt", encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            art = json.loads(line)
            chars += len(art["text"])
            try:
                doc = process(art["text"], str(art["id"]))
            except Exception as e:  # noqa: BLE001 - count and show, keep going
                crashes += 1
                print("CRASH", art["id"], repr(e))
                continue
            labels.update(f.attrs["label"] for f in doc.facts_of("entity"))
            ent_time += _entity_seconds(art["text"])
    dt = time.time() - t0
    print(f"bulk: {n} articles, {chars} chars in {dt:.1f}s = {chars / dt:.0f} chars/s; "
          f"crashes {crashes}; entities {dict(labels)}")
    print(f"entities alone: {ent_time:.1f}s = {chars / ent_time:.0f} chars/s "
          f"(NER {'on' if os.environ.get('VNEXTRACT_NER', '1') != '0' else 'off'})")


def _entity_seconds(raw: str) -> float:
    """Time of `find_entities` alone on a fresh document (zones and sentences set)."""
    from extract import segment, zones
    from extract.document import Doc
    from extract.extractors.entities import find_entities

    doc = Doc("t", raw)
    doc.zones = zones.find_zones(doc.text)
    doc.set_sentences(segment.sentences(doc.text))
    t0 = time.perf_counter()
    find_entities(doc)
    return time.perf_counter() - t0


def ner_identity(n: int) -> None:
    from underthesea import ner

    from extract import ner as fast
    from extract import segment
    from extract.document import Doc

    sentences: list[str] = []
    with gzip.open(SHARED / "corpus" / "bulk" / "news-5k.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            doc = Doc("t", json.loads(line)["text"])
            sentences += [t for s in segment.sentences(doc.text) if (t := doc.text[s.start : s.end].strip())]
            if len(sentences) >= n:
                break
    sentences = sentences[:n]
    chars = sum(map(len, sentences))
    fast.tag(sentences[0])
    ner(sentences[0])
    t0 = time.perf_counter()
    theirs = [[tuple(w) for w in ner(s)] for s in sentences]
    t1 = time.perf_counter()
    ours = [fast.tag(s) for s in sentences]
    t2 = time.perf_counter()
    bad = [(s, a, b) for s, a, b in zip(sentences, theirs, ours, strict=True) if a != b]
    print(f"{n} sentences, {chars} chars: underthesea.ner {chars / (t1 - t0):.0f} chars/s, "
          f"extract.ner.tag {chars / (t2 - t1):.0f} chars/s ({(t1 - t0) / (t2 - t1):.1f}x); "
          f"sentences tagged differently: {len(bad)}")
    for s, a, b in bad[:5]:
        print("  ", s[:100], [(x, y) for x, y in zip(a, b, strict=True) if x != y][:3])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["seeds", "bulk", "ner-identity"])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--out", type=Path, default=Path("/tmp/entities.pred.jsonl"))
    a = ap.parse_args()
    if a.no_ner:
        os.environ["VNEXTRACT_NER"] = "0"
    if a.what == "ner-identity":
        ner_identity(a.n)
    else:
        seeds(a.out) if a.what == "seeds" else bulk(a.n)


if __name__ == "__main__":
    main()
