"""underthesea's CRF named-entity tagger, with its features computed fast.

`underthesea.ner(text)` chains four CRF taggers (words, parts of speech,
chunks, entities). Three of them build their features in Python code that
re-parses every feature template and copies every column of the sentence for
each feature of each word: quadratic in the sentence length, and about 96% of
the time. The word segmenter uses the Rust `CRFFeaturizer`, which reads one
feature string at a time and is the next cost. Here every feature column is
built at once from the same templates (`T[-1,0][1]`, `T[0].istitle`...),
with the value functions each model was trained with, for all the sentences
of a batch at once, and only the features a model has weights for are
passed to it (the others add nothing to a CRF's scores, and each one costs
the Rust tagger a lookup). The models are underthesea's own (already
loaded) taggers, so the tags are underthesea's:
`benchmarks/bench_entities.py ner-identity` compares them sentence by
sentence, and `tests/test_entities.py` on a sample.

>>> [(w, t) for w, _pos, _chunk, t in tag("Ông Putin ca ngợi những thành tựu của Liên Xô")]
[('Ông', 'O'), ('Putin', 'B-PER'), ('ca ngợi', 'O'), ('những', 'O'), ('thành tựu', 'O'), ('của', 'O'), ('Liên Xô', 'B-LOC')]
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from itertools import compress
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

# Padding around each sentence of a batch: no token or word contains a newline.
# An n-gram reaching into it is replaced by the marker of its side, so that
# the remembered values give BOS or EOS at once.
_BEFORE, _AFTER = "\n<", "\n>"
_PADDING = {_BEFORE: "BOS", _AFTER: "EOS"}


class _Features:
    """The feature strings of one CRF model's templates, many sentences at a time.

    `functions` maps a template function (`lower`, `istitle`...) to the
    Python function giving the exact string the model was trained with; its
    values are remembered per word, since the same words come back.
    `attributes` are the feature strings the model has weights for: the
    others add nothing to a CRF's scores, so `known` leaves them out.

    The sentences of a batch are laid end to end, each padded with markers,
    so that every template is one pass over one list whatever the number of
    sentences (a value reaching into the padding is BOS or EOS).
    """

    def __init__(
        self, template: Sequence[str], functions: dict[str, Callable[[str], str]], attributes: Iterable[str]
    ):
        # value columns several templates share (`T[-1].lower`, `T[1].lower`):
        # (column, n-gram width - 1, memo, function)
        self.sources: list[tuple[int, int, dict[str, str], Callable[[str], str] | None]] = []
        # (prefix, first offset, source, {value: feature string} of the model's features)
        self.templates: list[tuple[str, int, int, dict[str, str]]] = []
        known: dict[str, dict[str, str]] = {}
        for attribute in attributes:
            name, _, value = attribute.partition("=")
            known.setdefault(name, {})[value] = attribute
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
            self.templates.append((f"{t}=", lo, index[key], known.get(t, {})))
        self.before = max(0, *(-lo for _p, lo, _k, _v in self.templates))
        # (at least as long as every n-gram, so that an n-gram from a sentence's
        # last words ends in its padding)
        self.after = max(0, *(max(lo, 0) + self.sources[k][1] for _p, lo, k, _v in self.templates))

    def __call__(self, rows: Sequence[Sequence[str]]) -> list[list[str]]:
        """Every feature of every word of one sentence, as underthesea builds them."""
        return self._batch([rows], known_only=False)[0]

    def known(self, sentences: Sequence[Sequence[Sequence[str]]]) -> list[list[list[str]]]:
        """The features the model knows, of every word of every sentence."""
        return self._batch(sentences, known_only=True)

    def _batch(self, sentences: Sequence[Sequence[Sequence[str]]], known_only: bool) -> list[list[list[str]]]:
        width = len(sentences[0][0])
        before = [(_BEFORE,) * width] * self.before
        after = [(_AFTER,) * width] * self.after
        flat: list[Sequence[str]] = []
        real: list[bool] = []  # the positions of words, not padding
        for rows in sentences:
            flat += before
            flat += rows
            flat += after
            real += [False] * self.before + [True] * len(rows) + [False] * self.after
        cols = list(zip(*flat, strict=True))
        spans = []  # (start, end) of each sentence's words in `flat`
        end = 0
        for rows in sentences:
            spans.append((end + self.before, end + self.before + len(rows)))
            end += self.before + len(rows) + self.after
        grams = {key: self._grams(cols[key[0]], key[1], spans) for key in {s[:2] for s in self.sources}}
        values = [self._values(grams[col, w], memo, fn) for col, w, memo, fn in self.sources]
        # the value at word i is the gram starting at i + lo: select it with the mask shifted by lo
        masks = {lo: [False] * lo + real if lo >= 0 else real[-lo:] for _p, lo, _k, _v in self.templates}
        out = []
        for prefix, lo, k, known in self.templates:
            selected = compress(values[k], masks[lo])
            if known_only:
                out.append(list(map(known.get, selected)))
            else:
                out.append([prefix + v for v in selected])
        words = [list(filter(None, r)) if known_only else list(r) for r in zip(*out, strict=True)]
        result = []
        start = 0
        for rows in sentences:
            result.append(words[start : start + len(rows)])
            start += len(rows)
        return result

    def _grams(self, col: Sequence[str], width: int, spans: list[tuple[int, int]]) -> Sequence[str]:
        """The `width`+1 values from each position of `col`, joined; those reaching
        into a sentence's padding replaced by its marker (the one before wins)."""
        if width == 0:
            return col
        grams = list(map(" ".join, zip(*(col[i:] for i in range(width + 1)), strict=False)))
        n = len(grams)
        for s, e in spans:
            grams[s - self.before : s] = [_BEFORE] * self.before
            tail = max(s, e - width)
            after = min(n, e + self.after)
            grams[tail:after] = [_AFTER] * (after - tail)
        return grams

    @staticmethod
    def _values(grams: Sequence[str], memo: dict[str, str], fn: Callable[[str], str] | None) -> list[str]:
        if fn is None:  # the words themselves
            return list(map(_PADDING.get, grams, grams))
        if len(memo) > _MEMO_LIMIT or not memo:
            memo.clear()
            memo.update(_PADDING)
        values = list(map(memo.get, grams))
        if None in values:
            for i, v in enumerate(values):
                if v is None:
                    g = grams[i]
                    values[i] = memo[g] = fn(g)
        return values


def _attributes(model: Path) -> list[str]:
    """The attribute strings (`T[0].lower=năm`) of a CRFsuite model file.

    They sit in a constant quark database whose backward array gives the
    offset of every record: id, size, then the NUL-terminated string.
    """
    data = model.read_bytes()
    # header: magic, size, type, version, #features, #labels, #attributes, then offsets
    header = struct.unpack_from("<4sI4s4I5I", data)
    if header[0] != b"lCRF":
        raise ValueError(f"not a CRFsuite model: {model}")
    base = header[9]  # the attributes' quark database
    magic, _size, _flag, _order, count, backward = struct.unpack_from("<4s5I", data, base)
    if magic != b"CQDB":
        raise ValueError(f"no attribute database in {model}")
    out = []
    for offset in struct.unpack_from(f"<{count}I", data, base + backward):
        _id, size = struct.unpack_from("<2I", data, base + offset)
        start = base + offset + 8
        out.append(data[start : start + size - 1].decode())
    return out


class _Stage:
    """One CRF tagger of the chain: underthesea's loaded model and its features."""

    def __init__(self, tagger: Any, features: _Features):
        self.tagger = tagger
        self.features = features

    def tag(self, rows: Sequence[Sequence[str]]) -> list[str]:
        return self.tag_all([rows])[0]

    def tag_all(self, sentences: Sequence[Sequence[Sequence[str]]]) -> list[list[str]]:
        """The tags of each sentence (given as rows of columns), tagged one by one."""
        tag = self.tagger.tag
        return [tag(f) for f in self.features.known(sentences)]


@cache
def _stages() -> tuple[_Stage, _Stage, _Stage, _Stage]:
    import joblib
    import underthesea.pipeline.word_tokenize as wt
    from underthesea.pipeline import chunking, ner, pos_tag
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
    stages = [_Stage(ws_tagger, _Features(ws_template, rust, _attributes(folder / "models.bin")))]
    # the files underthesea's predictors load
    models = {
        CRFPOSTagPredictor: Path(pos_tag.__file__).parent / "pos_crf_2017_10_11.bin",
        CRFChunkingPredictor: Path(chunking.__file__).parent / "chunk_crf_2017_10_12.bin",
        CRFNERPredictor: Path(ner.__file__).parent / "ner_crf_2017_10_12.bin",
    }
    for predictor, model in models.items():
        p = predictor.Instance()
        stages.append(_Stage(p.model, _Features(p.transformer.template, py, _attributes(model))))
    return stages[0], stages[1], stages[2], stages[3]


def pos_tag(sentence: str) -> list[tuple[str, str]]:
    """(word, POS) for each word, exactly as `underthesea.pos_tag(sentence)`, several times faster.

    >>> pos_tag("Bộ Tài chính công bố số liệu")[:2]
    [('Bộ', 'N'), ('Tài chính', 'N')]
    """
    return [(w, p) for w, p, _c, _e in tag(sentence, stop="pos")]


def tag(sentence: str, stop: str = "ner") -> list[tuple[str, str, str, str]]:
    """(word, POS, chunk, entity tag) for each word, exactly as `underthesea.ner(sentence)`."""
    return tag_all([sentence], stop)[0]


def tag_all(sentences: Sequence[str], stop: str = "ner") -> list[list[tuple[str, str, str, str]]]:
    """`tag` of each sentence: the features of all of them are built at once."""
    out: list[list[tuple[str, str, str, str]]] = [[] for _ in sentences]
    batch: list[int] = []  # the sentences the stages below tag
    tokens: list[list[str]] = []
    for i, sentence in enumerate(sentences):
        toks = tokenize(sentence)
        if not toks:
            continue
        if any(not t or " " in t for t in toks):
            # not what the models saw in training: let underthesea answer
            from underthesea import ner

            out[i] = [tuple(r) for r in ner(sentence)]  # type: ignore[misc]
            continue
        batch.append(i)
        tokens.append(toks)
    if not batch:
        return out
    ws, pos_stage, chunk_stage, ner_stage = _stages()
    bio = ws.tag_all([_rows(toks) for toks in tokens])
    words = [_join(toks, b) for toks, b in zip(tokens, bio, strict=True)]
    pos = pos_stage.tag_all([_rows(w) for w in words])
    if stop == "pos":
        for i, w, p in zip(batch, words, pos, strict=True):
            out[i] = [(a, b, "", "") for a, b in zip(w, p, strict=True)]
        return out
    chunks = chunk_stage.tag_all(list(map(_rows, words, pos)))
    ents = ner_stage.tag_all(list(map(_rows, words, pos, chunks)))
    for i, *cols in zip(batch, words, pos, chunks, ents, strict=True):
        out[i] = list(zip(*cols, strict=True))
    return out


def tokenize(text: str) -> list[str]:
    """underthesea's `tokenize(text)`: its tokens of its normalization of `text`.

    >>> tokenize("Ngày 16/7/2021, Tp. Huế")
    ['Ngày', '16/7/2021', ',', 'Tp.', 'Huế']
    """
    from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
    from underthesea.pipeline.word_tokenize import regex_tokenize

    # (every token is the whole match: its named group spans the alternative)
    return normal_tokens([m.group() for m in regex_tokenize.patterns.finditer(normalize_characters_in_text(text))])


_NORMAL_TOKENS: dict[str, str] = {}


def normal_tokens(tokens: list[str]) -> list[str]:
    """underthesea's `token_normalize` of each token, remembered per token."""
    from underthesea.pipeline.text_normalize import token_normalize

    memo = _NORMAL_TOKENS
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    out = list(map(memo.get, tokens))
    if None in out:
        for i, t in enumerate(out):
            if t is None:
                out[i] = memo[tokens[i]] = token_normalize(tokens[i])
    return out  # type: ignore[return-value]


def segment(tokens: list[str]) -> list[str]:
    """underthesea's word segmentation tags (`B-W`, `I-W`) of tokens without spaces."""
    return _stages()[0].tag_all([_rows(tokens)])[0]


def _rows(*columns: list[str]) -> list[tuple[str, ...]]:
    """A stage's input: the columns known so far, and an unknown tag, per word."""
    return list(zip(*columns, ["X"] * len(columns[0]), strict=True))


def _join(tokens: list[str], bio: list[str]) -> list[str]:
    """The words of a segmentation: an `I-W` token continues the word before it."""
    words: list[str] = []
    for i, (t, b) in enumerate(zip(tokens, bio, strict=True)):
        if b == "I-W" and i > 0:
            words[-1] += " " + t
        else:
            words.append(t)
    return words
