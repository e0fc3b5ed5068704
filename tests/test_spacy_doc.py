"""The spaCy view of an article keeps the raw text and every fact's span."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy import displacy

from extract.pipeline import process
from extract.spacy_doc import to_spacy

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "articles"


def _articles() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))[:3]


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.stem)
def test_text_and_fact_spans_survive(path):
    raw = path.read_text(encoding="utf-8")
    doc = process(raw, path.stem)
    sdoc = to_spacy(doc)
    assert sdoc.text == raw
    exact = {(doc.record(f)["start"], doc.record(f)["end"], f.type) for f in doc.facts}
    got = {(s.start_char, s.end_char, s.label_) for s in sdoc.spans["facts"]}
    # spans snap to word tokens ("expand"); nearly all facts start and end on one
    assert len(got & exact) >= 0.9 * len(exact)
    assert len(sdoc.spans["facts"]) == len(doc.facts)


def test_multi_syllable_words_are_one_token():
    sdoc = to_spacy(process("Quyết định số 1956/2009/QĐ-TTg quy định mức hỗ trợ 1 tỷ đồng/năm.", "t"))
    assert {"Quyết định", "hỗ trợ"} <= {t.text for t in sdoc}
    html = displacy.render(sdoc, style="span", options={"spans_key": "facts"})
    assert "document_ref" in html and "money" in html
