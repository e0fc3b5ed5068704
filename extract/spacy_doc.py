"""A spaCy `Doc` of an article: underthesea words as tokens, facts as span groups.

For researchers who work in spaCy: the `Doc`'s text is the raw article text
exactly (so its character offsets are the SPEC's), its tokens are
underthesea's words (multi-syllable words are one token, e.g. `quy định`),
and every fact is a `Span` in the span group `facts` (label = SPEC type) and
in one group per type. `displacy.render(sdoc, style="span",
options={"spans_key": "facts"})` draws them.

>>> from extract.pipeline import process
>>> sdoc = to_spacy(process("Năm 2023, tỉnh mở 42 lớp, đạt 104,5% kế hoạch.", "a1"))
>>> [(s.text, s.label_) for s in sdoc.spans["facts"]]
[('Năm 2023', 'date'), ('42 lớp', 'count'), ('104,5%', 'percent')]
>>> sdoc.text == "Năm 2023, tỉnh mở 42 lớp, đạt 104,5% kế hoạch."
True
"""

from __future__ import annotations

import regex
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span
from spacy.vocab import Vocab

from . import segment
from .document import Doc

_PIECES = regex.compile(r"\s+|\w+|[^\w\s]")


def _tokens(doc: Doc) -> list[tuple[int, int]]:
    """Raw-text token spans: underthesea words, and every gap split into pieces."""
    spans: list[tuple[int, int]] = []
    pos = 0
    raw = doc.raw
    for s, e, _ in segment.words(doc.text):
        rs, re_ = doc.to_raw(s, e)
        if rs < pos or rs >= re_:
            continue
        spans.extend((m.start() + pos, m.end() + pos) for m in _PIECES.finditer(raw[pos:rs]))
        spans.append((rs, re_))
        pos = re_
    spans.extend((m.start() + pos, m.end() + pos) for m in _PIECES.finditer(raw[pos:]))
    return spans


def to_spacy(doc: Doc, vocab: Vocab | None = None) -> SpacyDoc:
    """The spaCy `Doc` of `doc`: raw text, word tokens, facts in span groups."""
    raw = doc.raw
    words: list[str] = []
    spaces: list[bool] = []
    toks = _tokens(doc)
    i = 0
    while i < len(toks):
        s, e = toks[i]
        text = raw[s:e]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        # one plain space after a word belongs to it (spaCy's `whitespace_`)
        if not text.isspace() and nxt and raw[nxt[0]:nxt[1]] == " ":
            words.append(text)
            spaces.append(True)
            i += 2
            continue
        words.append(text)
        spaces.append(False)
        i += 1
    sdoc = SpacyDoc(vocab or Vocab(), words=words, spaces=spaces)
    groups: dict[str, list[Span]] = {"facts": []}
    for fact in sorted(doc.facts, key=lambda f: (f.start, f.end)):
        rs, re_ = doc.to_raw(fact.start, fact.end)
        span = sdoc.char_span(rs, re_, label=fact.type, alignment_mode="expand")
        if span is None:
            continue
        groups["facts"].append(span)
        groups.setdefault(fact.type, []).append(span)
    for key, spans in groups.items():
        sdoc.spans[key] = spans
    return sdoc
