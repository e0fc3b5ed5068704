"""Normalization and its offset map: examples, properties, and the seeds."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.document import Doc
from extract.normalize import normalize

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Sentences written for these tests, in the register of provincial press reports.
SENTENCES = [
    "Năm 2023, huyện Yên Thành mở 46 lớp bồi dưỡng cho gần 2.300 lượt cán bộ.",
    "Theo Quyết định số 1234/QĐ-UBND ngày 15/3/2022 của UBND tỉnh, kinh phí là 4,5 tỷ đồng.",
    "Tỷ lệ hộ nghèo giảm còn 3,12%, thấp hơn 0,8 điểm phần trăm so với cùng kỳ.",
    "Hội nghị Ban Chấp hành Đảng bộ khoá XX đã thông qua Nghị quyết số 05-NQ/TU.",
    "Uỷ ban Mặt trận Tổ quốc xã vận động được hơn 120 triệu đồng ủng hộ Quỹ Vì người nghèo.",
    "Công tác thuỷ lợi được chú trọng, 18 km kênh mương đã được kiên cố hoá.",
    "Giai đoạn 2021 – 2025, tỉnh phấn đấu đào tạo 500 thạc sĩ và 30 tiến sĩ.",
    "Ông Nguyễn Văn Hoà, Phó Chủ tịch UBND huyện, cho biết: “Chúng tôi sẽ hoàn thành trước quý IV”.",
    "Diện tích lúa chất lượng cao đạt 1.250 ha, năng suất bình quân 62,5 tạ/ha.",
    "Trường Chính trị tỉnh khai giảng lớp trung cấp lý luận chính trị — hành chính khoá 45.",
    "Kế hoạch số 88-KH/HU nêu rõ: đến năm 2025, 100% xã đạt chuẩn nông thôn mới.",
    "Sau 3 tháng triển khai, đoàn kiểm tra đã làm việc với 27 cơ quan, đơn vị.",
    "Thành phố Thanh Hoá dành 35 tỉ đồng cho chương trình khuyến học, khuyến tài.",
    "Toàn ngành y tế có 1.070 cán bộ, trong đó 215 người có trình độ sau đại học.",
    "Quý khách vui lòng liên hệ Phòng Tổ chức – Hành chính, điện thoại 0237.3852.xxx.",
    "Huỷ bỏ 12 thủ tục hành chính không còn phù hợp, tiết kiệm khoảng 2 tỷ đồng/năm.",
]

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:[.,/-][\p{L}\p{N}]+)*")
_OLD_TONES = {"hóa": "hoá", "Hóa": "Hoá", "ủy": "uỷ", "Ủy": "Uỷ", "thủy": "thuỷ", "khóa": "khoá"}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("hoá", "hóa"),
        ("uỷ ban", "ủy ban"),
        ("khoá học", "khóa học"),
        ("thuỷ lợi", "thủy lợi"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("HOÁ", "HÓA"),
        ("tuỳ", "tùy"),
        ("khoẻ", "khỏe"),
        ("quý IV", "quý IV"),  # `qu`: the u belongs to the consonant
        ("hoàn thành", "hoàn thành"),  # closed syllable keeps the mark on the a
        ("khuyến học", "khuyến học"),
        ("ngoài", "ngoài"),
        ("Ðảng", "Đảng"),
        ("999 –QĐ/TU", "999 -QĐ/TU"),
        ("2021 — 2025", "2021 - 2025"),
        ("“đào tạo”", '"đào tạo"'),
        ("a\u00a0\u00a0 b", "a b"),
        ("a\u200bb", "ab"),
        ("dòng 1\r\ndòng 2", "dòng 1\ndòng 2"),
        (unicodedata.normalize("NFD", "Quyết định"), "Quyết định"),
        (unicodedata.normalize("NFD", "hoá"), "hóa"),
    ],
)
def test_examples(raw: str, expected: str) -> None:
    text, m = normalize(raw)
    assert text == expected
    assert len(m) == len(text) + 1 and m[-1] == len(raw)


# --- properties ----------------------------------------------------------------


def _to_nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


_EDITS = {
    "nbsp": lambda s: s.replace(" ", "\u00a0", 1),
    "double": lambda s: s.replace(" ", "  ", 2),
    "tab": lambda s: s.replace(" ", " \t", 1),
    "endash": lambda s: s.replace("-", "\u2013"),
    "emdash": lambda s: s.replace(" - ", " \u2014 "),
    "nfd": _to_nfd,
    "nfd_half": lambda s: _to_nfd(s[: len(s) // 2]) + s[len(s) // 2 :],
    "old_tones": lambda s: regex.sub(r"\b(?:hóa|Hóa|ủy|Ủy|thủy|khóa)\b", lambda m: _OLD_TONES[m.group()], s),
    "zwsp": lambda s: s.replace("n", "n\u200b", 2),
    "bom": lambda s: "\ufeff" + s,
    "soft_hyphen": lambda s: s.replace("đ", "\u00adđ", 1),
    "curly": lambda s: s.replace('"', "\u201c", 1),
    "eth": lambda s: s.replace("Đ", "\u00d0"),
    "crlf": lambda s: s.replace(". ", ".\r\n", 1),
}

raw_texts = st.builds(
    lambda sents, edits: " ".join(sents) if not edits else _apply(" ".join(sents), edits),
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4),
    st.lists(st.sampled_from(sorted(_EDITS)), max_size=5),
)


def _apply(s: str, edits: list[str]) -> str:
    for e in edits:
        s = _EDITS[e](s)
    return s


@settings(max_examples=150, deadline=None)
@given(raw_texts)
def test_map_is_monotone_and_complete(raw: str) -> None:
    text, m = normalize(raw)
    assert len(m) == len(text) + 1
    assert m[-1] == len(raw)
    assert all(a <= b for a, b in zip(m, m[1:], strict=False))
    assert all(0 <= x <= len(raw) for x in m)


@settings(max_examples=150, deadline=None)
@given(raw_texts)
def test_words_map_back(raw: str) -> None:
    """Every word or number cut from the raw text normalizes to itself."""
    text, m = normalize(raw)
    for w in _WORD.finditer(text):
        rs, re_ = m[w.start()], m[w.end()]
        assert normalize(raw[rs:re_])[0].strip() == w.group()


@settings(max_examples=100, deadline=None)
@given(raw_texts)
def test_idempotent_and_edit_invariant(raw: str) -> None:
    text, _ = normalize(raw)
    again, m2 = normalize(text)
    assert again == text
    assert m2 == list(range(len(text) + 1))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3), st.lists(st.sampled_from(sorted(_EDITS)), min_size=1, max_size=6))
def test_edits_do_not_change_the_words(sents: list[str], edits: list[str]) -> None:
    """Spelling variants of one sentence normalize to the same words."""
    clean = " ".join(sents)
    a, _ = normalize(clean)
    b, _ = normalize(_apply(clean, edits))
    assert _WORD.findall(a) == _WORD.findall(b)


@settings(max_examples=100, deadline=None)
@given(raw_texts, st.data())
def test_doc_spans_round_trip(raw: str, data: st.DataObject) -> None:
    """Doc.to_raw of any span gives raw text that normalizes to the span (trimmed)."""
    doc = Doc("t", raw)
    n = len(doc.text)
    s = data.draw(st.integers(0, n))
    e = data.draw(st.integers(s, n))
    rs, re_ = doc.to_raw(s, e)
    assert 0 <= rs <= re_ <= len(raw)
    span = doc.text[s:e].strip()
    # whole words only: a cut inside `Toàn` is `Toà`, which is itself an open
    # syllable whose tone normalizes differently
    whole = (s == 0 or not doc.text[s - 1].isalnum()) and (e == n or not doc.text[e].isalnum())
    if span and whole and _WORD.fullmatch(doc.text[s:e]):
        assert normalize(raw[rs:re_])[0].strip() == span


# --- seeds -----------------------------------------------------------------------


def _seeds() -> list[Path]:
    folder = SHARED / "corpus" / "seeds"
    if not folder.exists():
        pytest.skip("shared seeds not available")
    return sorted(folder.glob("*.txt"))


def test_seeds_words_map_back() -> None:
    for path in _seeds():
        raw = path.read_text(encoding="utf-8")
        text, m = normalize(raw)
        assert all(a <= b for a, b in zip(m, m[1:], strict=False))
        for w in _WORD.finditer(text):
            rs, re_ = m[w.start()], m[w.end()]
            assert normalize(raw[rs:re_])[0].strip() == w.group(), (path.name, w.group())


def test_seed_ids_survive() -> None:
    """The document ids of the seeds come through with one dash and one Đ."""
    texts = [normalize(p.read_text(encoding="utf-8"))[0] for p in _seeds()]
    joined = "\n".join(texts)
    assert "\u2013" not in joined and "\u00d0" not in joined and "\u00a0" not in joined
    assert "999 -QĐ/TU" in joined
