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


# Sentences written for these tests: foreign and Vietnamese names, a place,
# digits and punctuation that the two `istitle` functions read differently.
NER_SENTENCES = [
    "Huấn luyện viên Park Hang-seo gặp Bộ trưởng Nguyễn Văn Hùng tại Hà Nội hôm 12/3.",
    "Theo ông John Smith, giám đốc Công ty ABC, doanh thu năm 2024 tăng 15%.",
    "Đội tuyển Việt Nam thắng Indonesia 2-0 (hiệp một 1-0), Quang Hải ghi bàn.",
    "Bà Trần Thị Mai, 45 tuổi, trú tại xã Tân Lập, huyện Đan Phượng cho biết: \"Tôi rất vui\".",
    "Chiều 5/6, tại TP.HCM, nhạc sĩ Lê Minh và ca sĩ Anna Nguyễn ra mắt album mới.",
]


def test_fast_ner_tags_as_underthesea():
    from underthesea import ner

    from extract import ner as fast

    for s in NER_SENTENCES:
        assert fast.tag(s) == [tuple(w) for w in ner(s)], s


def test_fast_features_are_underthesea_features():
    """Python features equal underthesea's Python ones (POS) and its Rust ones (segmenter)."""
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor
    from underthesea.pipeline.pos_tag.tagged_feature import word2features
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize
    from underthesea_core import CRFFeaturizer

    from extract import ner as fast

    ws, pos, _chunk, _ner = fast._stages()
    tokens = tokenize(NER_SENTENCES[2])
    template = [tpl[0][:-1] for tpl in ws.features.templates]  # `T[0].lower=` -> `T[0].lower`
    rust = CRFFeaturizer(template, set()).process([[[t] for t in tokens]])[0]
    ours = ws.features([[t] for t in tokens])
    # the dictionary differs (empty here), so compare everything but `is_in_dict`
    strip = lambda feats: [[f for f in row if ".is_in_dict=" not in f] for row in feats]  # noqa: E731
    assert strip(ours) == strip(rust)
    rows = [(t, "X") for t in tokens]
    template = CRFPOSTagPredictor.Instance().transformer.template
    assert pos.features(rows) == [word2features(rows, i, template) for i in range(len(rows))]


def test_ner_windows_are_narrow():
    """NER reads a few words around an unexplained name, not the whole sentence."""
    from extract import segment
    from extract.extractors.entities import NER_CONTEXT, _Scanner

    text = ("Trong buổi làm việc kéo dài suốt cả buổi sáng hôm qua với nhiều nội dung quan trọng, "
            "chuyên gia Peter Johnson đánh giá cao kết quả mà các địa phương đã đạt được trong năm.")
    doc = Doc("d", text)
    doc.set_sentences(segment.sentences(doc.text))
    sc = _Scanner(doc)
    windows = [w for s in doc.sentences for w in sc._ner_windows(s.start, s.end)]
    assert len(windows) == 1
    ws, we = windows[0]
    assert "Peter Johnson" in text[ws:we]
    if NER_CONTEXT is not None:
        assert we - ws < len(text) / 2
    # a sentence with no unexplained capitalised word is not tagged at all
    doc2 = Doc("d", "Sản lượng lúa năm nay tăng mạnh so với cùng kỳ năm trước.")
    doc2.set_sentences(segment.sentences(doc2.text))
    sc2 = _Scanner(doc2)
    assert [w for s in doc2.sentences for w in sc2._ner_windows(s.start, s.end)] == []


@pytest.mark.parametrize("text", ["Minh", "Lê Hoàng", "Anh Tuấn đến"])
def test_fast_ner_short_windows(text):
    """Fewer words than the templates reach back (`T[-3]`): all BOS/EOS, as underthesea."""
    from underthesea import ner

    from extract import ner as fast

    assert fast.tag(text) == [tuple(w) for w in ner(text)]
