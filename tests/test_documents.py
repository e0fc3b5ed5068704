"""Document references: the example corpus, id parsing, and the seeds' gold.

`tests/corpus/documents.toml` holds the examples; one parametrized test runs
the two document components on each and compares the records.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from extract import segment
from extract.document import Doc
from extract.extractors.documents import (
    canonical_id,
    extract_documents,
    parse_id,
    resolve_documents,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CASES = tomllib.loads((ROOT / "tests" / "corpus" / "documents.toml").read_text("utf-8"))["case"]


def run(text: str, meta: dict | None = None) -> Doc:
    """The document components alone on `text` (no NER: keeps the suite fast)."""
    doc = Doc("t", text, meta)
    doc.set_sentences(segment.sentences(doc.text))
    extract_documents(doc)
    resolve_documents(doc)
    return doc


def _record(doc: Doc, fact) -> dict:
    rec = {"text": doc.text[fact.start:fact.end], "value": fact.value, **fact.attrs}
    return rec


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus(case):
    doc = run(case["text"])
    got = [_record(doc, f) for f in sorted(doc.facts_of("document_ref"), key=lambda f: f.start)]
    expected = case["expect"]
    assert len(got) == len(expected), [g["text"] for g in got]
    for want, have in zip(expected, got, strict=True):
        for key, value in want.items():
            if key == "null":
                for k in value:
                    assert have.get(k) is None, (k, have)
                continue
            assert have.get(key) == value, (key, have)


def test_corpus_is_large_enough():
    negatives = [c for c in CASES if not c["expect"]]
    assert len(CASES) >= 40 and len(negatives) >= 10


@pytest.mark.parametrize(
    "spellings",
    [
        ["999 -QĐ/TU", "999-QĐ/TU", "999 – QĐ/TU", "999-QD/TU"],
        ["1956/2009/QĐ-TTg", "1956/2009/QD-TTg", "1956/2009/ QĐ - TTg", "1956/2009/QĐ-TTG"],
        ["18/2019/TT-BGDĐT", "18/2019/TT-BGDDT"],
        ["45/2019/QH14", "45/2019/ QH14"],
        ["30/2020/NĐ-CP", "30/2020/ND-CP", "30/2020/NÐ-CP", "30/2020/NĐ- CP"],
    ],
)
def test_canonical_id_joins_spellings(spellings):
    keys = {canonical_id(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "text, value",
    [
        ("08-HD/BTCTU", "08-HD/BTCTU"),  # HD is Hướng dẫn: its D is not an Đ
        ("12/DA-UBND", "12/DA-UBND"),  # DA is Dự án, ĐA is Đề án
        ("123/UBND-VX", "123/UBND-VX"),
        ("01/2011/TTLT-BTC-BNV", "01/2011/TTLT-BTC-BNV"),
    ],
)
def test_canonical_id_keeps_real_codes(text, value):
    assert canonical_id(text) == value


@pytest.mark.parametrize("text", ["16/7/2021", "144/144", "1/2000", "27/63", "19.037/14,590",
                                  "0912.345.678", "QĐ-TTg", "294/Bộ Nội vụ"])
def test_parse_id_rejects(text):
    assert parse_id(text) is None


def test_parse_id_fields():
    d = parse_id("294/QĐ-BNV")
    assert (d["number"], d["year"], d["code"], d["system"]) == ("294", None, "QĐ-BNV", "state")
    assert d["doc_type_from_code"] == "Quyết định"
    d = parse_id("08-CTr/TU")
    assert (d["number"], d["code"], d["system"], d["doc_type_from_code"]) == (
        "08", "CTr/TU", "party", "Chương trình")


def test_date_after_id_is_left_to_the_date_extractor():
    doc = run("Quyết định số 294/QĐ-BNV ngày 3-4-2012 của Bộ Nội vụ.")
    (fact,) = doc.facts_of("document_ref")
    assert doc.text[fact.start:fact.end] == "Quyết định số 294/QĐ-BNV"
    date_at = doc.text.index("ngày")
    assert doc.is_free(date_at, date_at + len("ngày 3-4-2012"))


def test_short_mention_number_is_taken_from_counts():
    doc = run("Theo Quyết định số 1956 của UBND tỉnh, huyện mở lớp.")
    at = doc.text.index("1956")
    assert not doc.is_free(at, at + 4)


def test_year_less_issue_date_uses_the_article_year():
    doc = run("Quyết định số 12/QĐ-UBND ngày 5/3 của UBND tỉnh.", {"published": "2021-03-09"})
    assert doc.facts_of("document_ref")[0].get("issued") == "2021-03-05"


def test_year_less_issue_date_takes_the_year_the_date_extractor_gave():
    from extract.extractors.temporal import extract_temporal

    doc = Doc("t", "Ngày 10/5, UBND huyện đã ra Quyết định số 911/QĐ-UBND tạm đình chỉ ông A. "
                   "Trước đó, ngày 2/4/2023, ông A bị bắt quả tang.")
    doc.set_sentences(segment.sentences(doc.text))
    extract_documents(doc)
    extract_temporal(doc)
    resolve_documents(doc)
    (ref,) = doc.facts_of("document_ref")
    assert ref.get("issued") == "2023-05-10"
    assert "issued_at" not in ref.attrs  # a working field, not part of the record


@pytest.fixture(scope="module")
def seed_predictions():
    seeds = SHARED / "corpus" / "seeds"
    gold = SHARED / "gold" / "seeds.jsonl"
    if not seeds.is_dir() or not gold.exists():
        pytest.skip("../shared not available")
    from extract.pipeline import process

    golds = [json.loads(x) for x in gold.read_text("utf-8").splitlines() if x.strip()]
    preds = []
    for path in sorted(seeds.glob("*.txt")):
        doc = process(path.read_text("utf-8"), path.stem)
        preds += [doc.record(f) for f in doc.facts_of("document_ref") if f.in_body]
    return [g for g in golds if g["type"] == "document_ref"], preds


@pytest.mark.slow
def test_seed_gold(seed_predictions):
    """Every gold reference is found with its value, code, issuer and issue date."""
    gold, preds = seed_predictions
    for g in gold:
        match = [p for p in preds if p["doc"] == g["doc"] and p["start"] < g["end"]
                 and g["start"] < p["end"]]
        assert match, g
        p = match[0]
        for key in ("value", "code", "issuer", "issued", "short", "year"):
            assert p[key] == g[key], (key, g, p)
    assert len(preds) == len(gold)
