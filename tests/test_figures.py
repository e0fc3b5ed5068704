"""Figures: the corpus in tests/corpus/figures/*.toml, run case by case.

Every case lists all the figures the scanner must find in its text (an empty
`expect` is a negative case); each expected field is compared.
"""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

import pytest

from extract.document import Doc
from extract.extractors.figures import (
    count,
    duration,
    fractions,
    measure,
    money,
    percent,
    reparse,
    scan,
)

CORPUS = Path(__file__).parent / "corpus" / "figures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FAMILIES = ["count", "money", "percent", "fraction", "measure", "duration", "negatives"]


def _cases():
    for fam in FAMILIES:
        with open(CORPUS / f"{fam}.toml", "rb") as f:
            data = tomllib.load(f)
        for i, case in enumerate(data["case"]):
            yield pytest.param(case, id=f"{fam}-{i}")


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9)
    return a == b


@pytest.mark.parametrize("case", list(_cases()))
def test_corpus(case):
    text = case["text"]
    got = [
        {"type": f.type, "span": text[f.start:f.end], "value": f.value, **f.attrs}
        for f in scan(text)
    ]
    want = case["expect"]
    assert len(got) == len(want), json.dumps(got, ensure_ascii=False)
    for g, w in zip(got, want, strict=True):
        for key, val in w.items():
            if key == "subject":  # free text: the expected words start it
                assert (g.get(key) or "").startswith(val), json.dumps(g, ensure_ascii=False)
                continue
            assert _same(g.get(key), val), (key, json.dumps(g, ensure_ascii=False))
        if "qualifier" not in w and g["type"] != "fraction":
            assert g["qualifier"] == "exact", g


@pytest.mark.parametrize("case", list(_cases()))
def test_reparse_agrees(case):
    """Re-reading a figure's own span gives the value stored for it."""
    text = case["text"]
    for f in scan(text):
        got = reparse(f.type, text[f.start:f.end])
        if got is None:
            # the words that decide it stand outside the span (`bán ở 4 điểm`,
            # `mua vào 36,75 - bán ra 37 triệu đồng`): the span alone reads otherwise
            assert not any(g.type == f.type for g in scan(text[f.start:f.end])), text[f.start:f.end]
            continue
        if f.type == "fraction":
            assert got == (f.attrs["numerator"], f.attrs["denominator"])
        else:
            assert _same(got, f.value), (text[f.start:f.end], got, f.value)


def test_most_spans_reparse_alone():
    """Context decides only a few figures: nearly every span reads back alone."""
    total = alone = 0
    for param in _cases():
        text = param.values[0]["text"]
        for f in scan(text):
            total += 1
            alone += reparse(f.type, text[f.start:f.end]) is not None
    assert alone >= 0.9 * total, (alone, total)


def test_components_respect_taken_spans():
    """A span an earlier extractor took (a document id, a date) is not read again."""
    doc = Doc("t", "Theo Quyết định số 1956/2009/QĐ-TTg, xã có 27 thôn và 1.070 hộ.")
    s = doc.text.index("1956")
    doc.take(s - 4, s + len("1956/2009/QĐ-TTg"))
    for comp in (fractions, money, percent, measure, duration, count):
        comp(doc)
    assert [(f.type, f.value) for f in doc.facts] == [("count", 27), ("count", 1070)]
    assert all(f.extractor.startswith("figures.") for f in doc.facts)


def test_each_type_stored_by_its_component():
    doc = Doc("t", "Chi 2 tỷ đồng cho 3/4 số xã, đạt 95%, rộng 12 ha, trong 6 tháng, 40 hộ.")
    for comp in (fractions, money, percent, measure, duration, count):
        before = len(doc.facts)
        comp(doc)
        assert len(doc.facts) == before + 1
    assert [f.type for f in doc.facts] == [
        "fraction", "money", "percent", "measure", "duration", "count"
    ]


@pytest.fixture(scope="module")
def seeds():
    if not (SHARED / "corpus" / "seeds").exists():
        pytest.skip("shared seeds not available")
    from extract.pipeline import process

    docs = {}
    for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        docs[p.stem] = process(p.read_text(encoding="utf-8"), p.stem)
    return docs


def test_seed_figures_have_gold_values(seeds):
    """Every gold figure of the seeds is found with its value (overlapping span)."""
    gold = [json.loads(line) for line in open(SHARED / "gold" / "seeds.jsonl", encoding="utf-8")]
    types = {"count", "money", "percent", "fraction", "duration"}
    missed = []
    for g in gold:
        if g["type"] not in types:
            continue
        doc = seeds[g["doc"]]
        recs = [doc.record(f) for f in doc.facts if f.type == g["type"]]
        hit = [r for r in recs if r["start"] < g["end"] and g["start"] < r["end"]]
        if g["type"] == "fraction":
            ok = any((r["numerator"], r["denominator"]) == (g["numerator"], g["denominator"]) for r in hit)
        else:
            ok = any(_same(r["value"], g["value"]) for r in hit)
        if not ok:
            missed.append((g["doc"], g["text"]))
    assert len(missed) <= 2, missed


def test_counted_days_stay_a_duration_beside_their_dates():
    """`trong 2 ngày 13 - 14/5`: the period starts at `13`, `2 ngày` is a duration."""
    from extract.extractors.temporal import extract_temporal
    from extract.segment import sentences

    doc = Doc("t", "Hội chợ nông sản diễn ra trong 2 ngày 13 - 14/5/2024 tại công viên.")
    doc.set_sentences(sentences(doc.text))
    extract_temporal(doc)
    for comp in (fractions, money, percent, measure, duration, count):
        comp(doc)
    got = sorted((f.start, f.type, doc.text[f.start:f.end], f.value) for f in doc.facts)
    assert [g[1:] for g in got] == [
        ("duration", "2 ngày", 2),
        ("period", "13 - 14/5/2024", "2024-05-13/2024-05-14"),
    ]
