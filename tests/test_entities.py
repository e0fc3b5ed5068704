"""Entities: the example corpus, the underthesea alignment, and the seeds' F1."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from extract.document import Doc
from extract.extractors.entities import _align, find_entities
from extract.pipeline import process

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLES = tomllib.loads((ROOT / "tests" / "corpus" / "entities.toml").read_text("utf-8"))["example"]


@pytest.fixture(autouse=True)
def _no_ner(monkeypatch):
    monkeypatch.setenv("VNEXTRACT_NER", "0")


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["text"][:40] for e in EXAMPLES])
def test_example(ex):
    doc = process(ex["text"], "t")
    got = sorted((doc.text[f.start : f.end], f.attrs["label"]) for f in doc.facts_of("entity"))
    assert got == sorted(tuple(e) for e in ex["entities"])
    spans = {doc.text[f.start : f.end] for f in doc.facts_of("entity")}
    for text in ex.get("absent", []):
        assert text not in spans


def test_place_value_drops_the_category_word():
    doc = Doc("d", "Huyện Đại Từ có 29 đơn vị hành chính.")
    (s, e, value, label, _rule), = find_entities(doc, use_ner=False)
    assert (doc.text[s:e], value, label) == ("Đại Từ", "Đại Từ", "LOC")


def test_value_is_the_raw_spelling():
    doc = process("Ban Tổ chức Tỉnh uỷ Lào Cai họp.", "d")
    (f,) = doc.facts_of("entity")
    assert f.value == "Ban Tổ chức Tỉnh uỷ Lào Cai"  # as written, not re-toned
    assert doc.record(f)["text"] == f.value


def test_later_mentions_of_a_known_place():
    doc = process("Đông Anh đổi mới\n\nHuyện Đông Anh có 23 xã.", "d")
    assert [doc.text[f.start : f.end] for f in doc.facts_of("entity")] == ["Đông Anh", "Đông Anh"]


def test_taken_spans_are_never_entities():
    doc = Doc("d", "Theo Quyết định số 12/QĐ-UBND, Sở Nội vụ thực hiện.")
    doc.take(5, 29)
    found = find_entities(doc, use_ner=False)
    assert [doc.text[s:e] for s, e, *_ in found] == ["Sở Nội vụ"]


def test_align_recovers_offsets():
    text = "Ông Nguyễn Văn An làm việc tại Hà Nội."
    words = [("Ông", "Nc", "B-NP", "O"), ("Nguyễn Văn An", "Np", "B-NP", "B-PER"),
             ("làm việc", "V", "B-VP", "O"), ("tại", "E", "B-PP", "O"),
             ("Hà Nội", "Np", "B-NP", "B-LOC"), (".", "CH", "O", "O")]
    assert [(text[s:e], lb) for s, e, lb in _align(text, words)] == [
        ("Nguyễn Văn An", "PER"), ("Hà Nội", "LOC")]


def test_align_gives_up_when_tokens_disagree():
    assert _align("Hà Nội", [("Huế", "Np", "B-NP", "B-LOC")]) == []


@pytest.mark.slow
def test_ner_adds_a_foreign_name(monkeypatch):
    monkeypatch.setenv("VNEXTRACT_NER", "1")
    doc = process("Chuyên gia Peter Johnson đánh giá cao kết quả của Việt Nam.", "d")
    got = {(doc.text[f.start : f.end], f.attrs["label"]) for f in doc.facts_of("entity")}
    assert ("Việt Nam", "LOC") in got
    assert ("Peter Johnson", "PER") in got


def test_seed_entities_f1():
    """Seeds vs. gold entity F1 (rules and gazetteer only), overlap + label match."""
    if not SHARED.exists():
        pytest.skip("../shared not available")
    gold = [json.loads(x) for x in open(SHARED / "gold" / "seeds.jsonl", encoding="utf-8")]
    zones = [json.loads(x) for x in open(SHARED / "gold" / "seeds.zones.jsonl", encoding="utf-8")]
    tp = n_pred = n_gold = 0
    for path in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        doc = process(path.read_text(encoding="utf-8"), path.stem)
        g = [r for r in gold if r["doc"] == path.stem and r["type"] == "entity"]
        z = [(r["start"], r["end"]) for r in zones if r["doc"] == path.stem]
        pred = [doc.record(f) for f in doc.facts_of("entity") if f.in_body]
        pred = [p for p in pred if not any(s <= p["start"] < e for s, e in z)]
        n_gold += len(g)
        n_pred += len(pred)
        used: set[int] = set()
        for p in pred:
            for k, r in enumerate(g):
                if k not in used and r["label"] == p["label"] and r["start"] < p["end"] and p["start"] < r["end"]:
                    used.add(k)
                    tp += 1
                    break
    f1 = 2 * tp / (n_pred + n_gold)
    assert f1 >= 0.8, (tp, n_pred, n_gold)
