"""Sentence and word segmentation with offsets."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from extract.normalize import normalize
from extract.segment import sentences, words

CORPUS = Path(__file__).resolve().parent / "corpus" / "segment.toml"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLES = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["example"]


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_corpus(ex: dict) -> None:
    text = ex["text"]
    got = [text[s.start:s.end] for s in sentences(text)]
    assert got == ex["sentences"]


def test_paragraph_numbers() -> None:
    text = "Tiêu đề bài viết\n\nCâu một. Câu hai.\nCâu ba."
    assert [(text[s.start:s.end], s.paragraph) for s in sentences(text)] == [
        ("Tiêu đề bài viết", 0),
        ("Câu một.", 1),
        ("Câu hai.", 1),
        ("Câu ba.", 2),
    ]


def test_offsets_are_trimmed_and_ordered() -> None:
    text = "  Huyện có 3 lớp.   Mỗi lớp 40 người. \n\n  Hết. "
    got = sentences(text)
    assert [text[s.start:s.end] for s in got] == ["Huyện có 3 lớp.", "Mỗi lớp 40 người.", "Hết."]
    assert all(a.end <= b.start for a, b in zip(got, got[1:], strict=False))


def test_empty() -> None:
    assert sentences("") == []
    assert sentences(" \n\n ") == []
    assert words("") == []


def test_words_offsets() -> None:
    text = "Ủy ban nhân dân tỉnh Thanh Hóa cấp 15 tỷ đồng."
    ws = words(text)
    assert all(text[s:e] == w for s, e, w in ws)
    assert ("Thanh Hóa" in [w for _, _, w in ws]) or ("Thanh" in [w for _, _, w in ws])
    assert [w for _, _, w in ws][-1] == "."


def test_words_window_uses_text_offsets() -> None:
    text = "Mở đầu. Bác sĩ Lê Văn Hưu khám cho 30 người."
    start = text.index("Bác")
    ws = words(text, start, len(text))
    assert ws[0][0] == start
    assert all(text[s:e] == w for s, e, w in ws)
    assert ws[0][2] == "Bác sĩ"


def test_words_agree_with_underthesea() -> None:
    """Same words as word_tokenize, syllable for syllable (spelling may differ)."""
    from underthesea import word_tokenize

    text = normalize(
        "Thực hiện Nghị quyết số 15/2023/NĐ-CP, tỉnh đã đào tạo 1.070 cán bộ, "
        "đạt 130,47% kế hoạch; kinh phí hơn 9 tỉ đồng. Hoà bình, uỷ ban."
    )[0]
    mine = [w for _, _, w in words(text)]
    theirs = word_tokenize(text)
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs, strict=True):
        assert a.replace(" ", "") == normalize(b.replace(" ", ""))[0]


def test_seeds_sentences_cover_text() -> None:
    folder = SHARED / "corpus" / "seeds"
    if not folder.exists():
        pytest.skip("shared seeds not available")
    for path in sorted(folder.glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8"))[0]
        sents = sentences(text)
        assert sents, path.name
        # every non-space char is inside exactly one sentence
        inside = bytearray(len(text))
        for s in sents:
            assert text[s.start:s.end] == text[s.start:s.end].strip()
            assert "\n" not in text[s.start:s.end]
            for i in range(s.start, s.end):
                inside[i] += 1
        assert all(inside[i] == 1 for i, c in enumerate(text) if not c.isspace())
        # the brief's hard cases never start a sentence
        for s in sents:
            head = text[s.start:s.start + 12]
            assert not head.startswith(("QĐ/TU", "050 ", "HCM"))
