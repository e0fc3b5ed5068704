"""underthesea's CRF named-entity tagger, with its features computed fast.

`underthesea.ner(text)` chains four CRF taggers (words, parts of speech,
chunks, entities). Three of them build their features in Python code that
re-parses every feature template and copies every column of the sentence for
each feature of each word: quadratic in the sentence length, and about 96% of
the time. The word segmenter uses the Rust `CRFFeaturizer`, which reads one
feature string at a time and is the next cost. Here every feature column is
built at once from the same templates (`T[-1,0][1]`, `T[0].istitle`...),
with the value functions each model was trained with, and the models are
underthesea's own (already loaded) taggers, so the tags are underthesea's:
`benchmarks/bench_entities.py ner-identity` compares them sentence by
sentence, and `tests/test_entities.py` on a sample.

>>> [(w, t) for w, _pos, _chunk, t in tag("Ông Putin ca ngợi những thành tựu của Liên Xô")]
[('Ông', 'O'), ('Putin', 'B-PER'), ('ca ngợi', 'O'), ('những', 'O'), ('thành tựu', 'O'), ('của', 'O'), ('Liên Xô', 'B-LOC')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(\w+))?$")


def _py_istitle(word: str) -> str:
    """underthesea's Python `text_istitle`: every syllable opens with a title-case letter.

    >>> [_py_istitle(w) for w in ("Hà Nội", "Hà nội", "2017", ",", "")]
    ['True', 'False', 'False', 'False', 'False']
    """
    if not word:
        return "False"
    try:
        return str(all(s[0].istitle() for s in word.split(" ")))
    except IndexError:  # two spaces in a row: underthesea answers False
        return "False"


def _rust_istitle(word: str) -> str:
    """`CRFFeaturizer`'s `istitle`: no syllable opens with a letter that has an upper case.

    >>> [_rust_istitle(w) for w in ("Hà Nội", "Hà nội", "2017", ",")]
    ['True', 'False', 'True', 'True']
    """
    return str(all(s[:1].upper() == s[:1] for s in word.split(" ")))


_INT = re.compile(r"[+-]?[0-9]+")


def _rust_isdigit(word: str) -> str:
    """`CRFFeaturizer`'s `isdigit`: the word parses as a 32-bit integer.

    >>> [_rust_isdigit(w) for w in ("2017", "-1", "+01", "3.5", "²", "2147483648")]
    ['True', 'True', 'True', 'False', 'False', 'False']
    """
    return str(_INT.fullmatch(word) is not None and -(2**31) <= int(word) < 2**31)


_MEMO_LIMIT = 200_000  # remembered values per column, before starting afresh


class _Features:
    """The feature strings of one CRF model's templates, a whole sentence at a time.

    `functions` maps a template function (`lower`, `istitle`...) to the
    Python function giving the exact string the model was trained with; its
    values are remembered per word, since the same words come back.
    """

    def __init__(self, template: Sequence[str], functions: dict[str, Callable[[str], str]]):
        # value columns several templates share (`T[-1].lower`, `T[1].lower`):
        # (column, n-gram width - 1, memo, function)
        self.sources: list[tuple[int, int, dict[str, str], Callable[[str], str] | None]] = []
        self.templates: list[tuple[str, str, str, int, int, int]] = []
        index: dict[tuple[int, int, str | None], int] = {}
        for t in template:
            m = _TEMPLATE.match(t)
            if not m:
                raise ValueError(f"feature template not understood: {t}")
            a, b, col, func = m.groups()
            lo = int(a)
            hi = int(b) if b is not None else lo
            key = (int(col or 0), hi - lo, func)
            if key not in index:
                index[key] = len(self.sources)
                self.sources.append((key[0], key[1], {}, functions[func] if func else None))
            self.templates.append((f"{t}=", f"{t}=BOS", f"{t}=EOS", lo, hi, index[key]))

    def __call__(self, rows: Sequence[Sequence[str]]) -> list[list[str]]:
        n = len(rows)
        cols = list(zip(*rows, strict=True))
        values = []
        for col, width, memo, fn in self.sources:
            c = cols[col]
            grams = c if width == 0 else [" ".join(c[i : i + width + 1]) for i in range(n - width)]
            if fn is not None:
                if len(memo) > _MEMO_LIMIT:
                    memo.clear()
                get = memo.get
                vals = []
                for g in grams:
                    v = get(g)
                    if v is None:
                        v = memo[g] = fn(g)
                    vals.append(v)
                grams = vals
            values.append(grams)
        out = []
        for prefix, bos, eos, a, b, k in self.templates:
            lo = min(n, -a) if a < 0 else 0  # words before it: BOS
            hi = max(lo, min(n, n - b))  # words from hi on run past the end: EOS
            out.append([bos] * lo + [prefix + v for v in values[k][lo + a : hi + a]] + [eos] * (n - hi))
        return list(map(list, zip(*out, strict=True)))


class _Stage:
    """One CRF tagger of the chain: underthesea's loaded model and its features."""

    def __init__(self, tagger: Any, features: _Features):
        self.tagger = tagger
        self.features = features

    def tag(self, rows: list[list[str]]) -> list[str]:
        return self.tagger.tag(self.features(rows))


@cache
def _stages() -> tuple[_Stage, _Stage, _Stage, _Stage]:
    import joblib
    import underthesea.pipeline.word_tokenize as wt
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor
    from underthesea_core import CRFTagger

    # underthesea's segmenter model, loaded as its `word_tokenize` loads it, but
    # keeping the templates and dictionary its Rust featurizer would hide
    folder = Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
    ws_tagger = CRFTagger()
    ws_tagger.load(str(folder / "models.bin"))
    ws_template = joblib.load(folder / "features.bin")
    dictionary = joblib.load(folder / "dictionary.bin")
    rust = {
        "lower": str.lower,
        "istitle": _rust_istitle,
        "isdigit": _rust_isdigit,
        "is_in_dict": lambda w: str(w.lower() in dictionary),
    }
    py = {"lower": str.lower, "istitle": _py_istitle, "isdigit": lambda w: str(w.isdigit())}
    stages = [_Stage(ws_tagger, _Features(ws_template, rust))]
    for predictor in (CRFPOSTagPredictor, CRFChunkingPredictor, CRFNERPredictor):
        p = predictor.Instance()
        stages.append(_Stage(p.model, _Features(p.transformer.template, py)))
    return stages[0], stages[1], stages[2], stages[3]


def pos_tag(sentence: str) -> list[tuple[str, str]]:
    """(word, POS) for each word, exactly as `underthesea.pos_tag(sentence)`, several times faster.

    >>> pos_tag("Bộ Tài chính công bố số liệu")[:2]
    [('Bộ', 'N'), ('Tài chính', 'N')]
    """
    return [(w, p) for w, p, _c, _e in tag(sentence, stop="pos")]


def tag(sentence: str, stop: str = "ner") -> list[tuple[str, str, str, str]]:
    """(word, POS, chunk, entity tag) for each word, exactly as `underthesea.ner(sentence)`."""
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    tokens = tokenize(sentence, use_token_normalize=True, fixed_words=[])
    if not tokens:
        return []
    if any(not t or " " in t for t in tokens):
        # not what the models saw in training: let underthesea answer
        from underthesea import ner

        return [tuple(r) for r in ner(sentence)]  # type: ignore[misc]
    ws, pos_stage, chunk_stage, ner_stage = _stages()
    words: list[str] = []
    for i, (t, bio) in enumerate(zip(tokens, ws.tag([[t] for t in tokens]), strict=True)):
        if bio == "I-W" and i > 0:
            words[-1] += " " + t
        else:
            words.append(t)
    pos = pos_stage.tag([[w, "X"] for w in words])
    if stop == "pos":
        return [(w, p, "", "") for w, p in zip(words, pos, strict=True)]
    chunks = chunk_stage.tag([[w, p, "X"] for w, p in zip(words, pos, strict=True)])
    ents = ner_stage.tag([[w, p, c, "X"] for w, p, c in zip(words, pos, chunks, strict=True)])
    return list(zip(words, pos, chunks, ents, strict=True))
