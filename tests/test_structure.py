"""Totals and breakdowns: the corpus of examples, part links, and the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qa_helpers import build_doc, described, load_examples

from extract.checks import check_doc
from extract.document import Doc, Fact, Zone
from extract.segment import sentences
from extract.structure import compatible, find_structures, link_parts

EXAMPLES = load_examples("structures")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_structure_corpus(ex):
    doc = build_doc(ex["text"], ex["figures"], ex.get("zones", []))
    sums = [c for c in check_doc(doc) if c["kind"] in ("sum", "total_of_totals")]
    assert described(doc, sums) == sorted(ex.get("checks", []))


def test_every_marker_has_an_example():
    from extract.structure import rules

    names = {m["name"] for m, _ in rules().markers} | {m["name"] for m, _ in rules().trailing}
    seen = set()
    for ex in EXAMPLES:
        doc = build_doc(ex["text"], ex["figures"], ex.get("zones", []))
        seen |= {s.marker for s in find_structures(doc)}
    assert names == seen


def test_parts_link_to_their_total():
    ex = next(e for e in EXAMPLES if e["name"].startswith("nested list"))
    doc = build_doc(ex["text"], ex["figures"])
    link_parts(doc)
    by_text = {doc.text[f.start:f.end]: f for f in doc.facts}
    idx = {id(f): i for i, f in enumerate(doc.facts)}
    assert by_text["8 đồng chí"].part_of == idx[id(by_text["35 đồng chí"])]
    assert by_text["35 đồng chí"].part_of == idx[id(by_text["520 lượt"])]
    assert by_text["485 học viên"].part_of == idx[id(by_text["520 lượt"])]
    assert by_text["520 lượt"].part_of is None
    assert by_text["10 lớp"].part_of == idx[id(by_text["12 lớp"])]


def test_unit_compatibility():
    def c(u):
        return Fact("count", 0, 1, 1, {"unit": u})

    assert compatible(c("lượt"), c("học viên"))
    assert compatible(c("đơn vị hành chính"), c("thị trấn"))
    assert not compatible(c("xã"), c("đơn vị hành chính"))
    assert not compatible(c("lớp"), c("người"))
    assert not compatible(c(None), c(None))
    money = Fact("money", 0, 1, 1, {"currency": "VND"})
    per_year = Fact("money", 0, 1, 1, {"currency": "VND", "per": "năm"})
    assert compatible(money, money) and not compatible(money, per_year)


def test_no_sentences_no_structures():
    doc = Doc("e", "")
    assert find_structures(doc) == []


def test_zone_markers_ignored():
    text = "Đọc nhiều: Có 10 xã, gồm 5 xã và 5 xã khác."
    doc = Doc("z", text)
    doc.zones = [Zone(0, len(text), "boilerplate")]
    doc.set_sentences(sentences(doc.text))
    assert find_structures(doc) == []


# --- the seeds, with the gold facts standing in for the extractors -------------


def _gold_doc(doc_id: str) -> Doc:
    import bisect

    raw = (SHARED / "corpus" / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8")
    doc = Doc(doc_id, raw)

    def norm(p: int) -> int:
        return bisect.bisect_left(doc._map, p)

    for line in open(SHARED / "gold" / "seeds.zones.jsonl", encoding="utf-8"):
        z = json.loads(line)
        if z["doc"] == doc_id:
            doc.zones.append(Zone(norm(z["start"]), norm(z["end"]), z["why"]))
    doc.set_sentences(sentences(doc.text))
    recs = [json.loads(x) for x in open(SHARED / "gold" / "seeds.jsonl", encoding="utf-8")]
    for r in sorted((r for r in recs if r["doc"] == doc_id), key=lambda r: r["start"]):
        attrs = {k: v for k, v in r.items() if k not in ("doc", "type", "text", "start", "end", "value")}
        doc.add(Fact(r["type"], norm(r["start"]), norm(r["end"]), r["value"], attrs, "gold"), take=False)
    return doc


@pytest.fixture(scope="module")
def gold_checks():
    if not (SHARED / "gold" / "seeds.jsonl").exists():
        pytest.skip("../shared not available")
    out = {}
    for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        doc = _gold_doc(p.stem)
        out[p.stem[:3]] = described(doc, check_doc(doc))
    return out


def test_gold_seeds_breakdowns(gold_checks):
    """On the gold facts: the Lạng Sơn breakdowns, the Bắc Giang sum, no false mismatch."""
    lang_son = gold_checks["004"]
    assert ["sum", "mismatch", "1070 học viên", "779 học viên", "80 học viên", "81 học viên",
            "110 học viên"] in lang_son
    assert ["sum", "mismatch", "67 học viên", "5 đồng chí", "3 đồng chí", "15 đồng chí",
            "2 đồng chí", "5 đồng chí", "40 đồng chí"] in lang_son
    assert ["total_of_totals", "ok", "17.927 học viên", "43 học viên", "67 học viên",
            "17.817 lượt"] in lang_son
    assert ["total_of_totals", "ok", "1110 lượt", "40 đồng chí", "1070 học viên"] in lang_son
    assert ["sum", "ok", "15 lớp", "12 lớp", "1 lớp", "1 lớp", "1 lớp"] in lang_son
    assert ["ratio", "ok", "19.037/14,590 lượt", "130,47%"] in lang_son
    assert ["sum", "ok", "1.070 cán bộ", "829 cán bộ", "241 cán bộ"] in gold_checks["003"]
    mismatches = [c for doc in gold_checks.values() for c in doc if c[1] == "mismatch"]
    assert len(mismatches) == 2
