"""underthesea's CRF named-entity tagger, with its features computed fast.

`underthesea.ner(text)` chains four CRF taggers (words, parts of speech,
chunks, entities). The last three build their features in Python, and that
code re-parses every feature template and copies every column of the
sentence for each feature of each word: quadratic in the sentence length and
about 96% of the time. The same templates are understood by the Rust
`CRFFeaturizer` of `underthesea_core`, which underthesea already uses for its
word segmenter; it differs in one place only: its `istitle` calls a digit or
a punctuation mark a title, Python's does not. So the feature strings here
are the Rust ones with the `istitle` values recomputed as Python does, the
models are underthesea's own files, and the tags are the same as
`underthesea.ner`'s (checked on thousands of bulk sentences by
`tests/test_entities.py` and `benchmarks/bench_entities.py ner-identity`).

>>> [(w, t) for w, _pos, _chunk, t in tag("Ông Putin ca ngợi những thành tựu của Liên Xô")]
[('Ông', 'O'), ('Putin', 'B-PER'), ('ca ngợi', 'O'), ('những', 'O'), ('thành tựu', 'O'), ('của', 'O'), ('Liên Xô', 'B-LOC')]
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_TEMPLATE = re.compile(r"T\[(-?\d+)\]\.istitle$")


def _istitle(word: str) -> str:
    """underthesea's `text_istitle`: every syllable opens with a title-case letter.

    >>> [_istitle(w) for w in ("Hà Nội", "Hà nội", "2017", ",", "")]
    ['True', 'False', 'False', 'False', 'False']
    """
    if not word:
        return "False"
    try:
        return str(all(s[0].istitle() for s in word.split(" ")))
    except IndexError:  # two spaces in a row: underthesea answers False
        return "False"


class _Stage:
    """One CRF tagger of the chain: its model and its feature templates."""

    def __init__(self, tagger: Any, template: list[str]):
        from underthesea_core import CRFFeaturizer

        self.tagger = tagger
        self.featurizer = CRFFeaturizer(template, set())
        # (position in a word's feature list, offset of the word it reads)
        self.titles = [
            (p, int(m.group(1))) for p, t in enumerate(template) if (m := _TEMPLATE.match(t))
        ]

    def tag(self, rows: list[list[str]], titles: list[str]) -> list[str]:
        features = self.featurizer.process([rows])[0]
        n = len(rows)
        for i, feats in enumerate(features):
            for p, k in self.titles:
                if 0 <= i + k < n:
                    feats[p] = feats[p][: feats[p].index("=") + 1] + titles[i + k]
        return self.tagger.tag(features)


@cache
def _stages() -> tuple[_Stage, _Stage, _Stage]:
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    # underthesea's own predictors: their loaded model and their templates
    pos, chunk, ner = (p.Instance() for p in (CRFPOSTagPredictor, CRFChunkingPredictor, CRFNERPredictor))
    return tuple(_Stage(p.model, list(p.transformer.template)) for p in (pos, chunk, ner))  # type: ignore[return-value]


def tag(sentence: str) -> list[tuple[str, str, str, str]]:
    """(word, POS, chunk, entity tag) for each word, exactly as `underthesea.ner(sentence)`."""
    from underthesea import word_tokenize

    words = word_tokenize(sentence)
    if not words:
        return []
    if any(not w or w != w.strip() or "  " in w for w in words):
        # the Rust featurizer panics on an empty syllable: let underthesea answer
        from underthesea import ner

        return [tuple(r) for r in ner(sentence)]  # type: ignore[misc]
    pos_stage, chunk_stage, ner_stage = _stages()
    titles = [_istitle(w) for w in words]
    pos = pos_stage.tag([[w, "X"] for w in words], titles)
    chunks = chunk_stage.tag([[w, p, "X"] for w, p in zip(words, pos)], titles)
    ents = ner_stage.tag([[w, p, c, "X"] for w, p, c in zip(words, pos, chunks)], titles)
    return list(zip(words, pos, chunks, ents))
