"""Sentences and words with character offsets into the normalized text.

Sentences: every line is a paragraph (a newline always ends a sentence);
inside a line underthesea's `sent_tokenize` proposes boundaries, which are
aligned back to offsets and repaired with `rules/segment.toml` (no boundary
after `TP.`, `ThS.`, `Điều 5.`, a lone list marker, before a lower-case
continuation or inside a quotation).

>>> text = 'Ông A, ThS. Lê B, về TP. Huế ngày 16/7/2021. Có 20.050 người dự.\\nĐiều 5. Hiệu lực'
>>> [text[s.start:s.end] for s in sentences(text)]
['Ông A, ThS. Lê B, về TP. Huế ngày 16/7/2021.', 'Có 20.050 người dự.', 'Điều 5. Hiệu lực']
>>> [s.paragraph for s in sentences(text)]
[0, 0, 1]

Words: underthesea's word segmentation with offsets.

>>> [w for _, _, w in words("Bác sĩ Lê Văn Hưu")]
['Bác sĩ', 'Lê Văn Hưu']
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import regex

from .document import Sentence
from .resources import load_rules


@lru_cache(maxsize=1)
def _compiled() -> dict[str, Any]:
    rules = load_rules("segment")
    abbrs = sorted(rules["abbreviations"], key=len, reverse=True)
    heads = sorted(rules["heading_words"], key=len, reverse=True)
    return {
        # the piece before the boundary ends with an abbreviation and its stop
        "abbr": regex.compile(
            r"(?:^|[\s(\[\"'/-])(?:" + "|".join(regex.escape(a) for a in abbrs) + r")\.$"
        ),
        "heading": regex.compile(
            r"(?:^|[\s(\[\"'])(?:" + "|".join(regex.escape(h) for h in heads)
            + r")\s+(?:\d{1,4}[a-zđ]?|[IVXLC]{1,6})\.$"
        ),
        "marker": regex.compile(rules["list_marker"]),
        "extra": regex.compile(rules["extra_split"]),
        "extra_after": rules["extra_split_after"],
        # the longest `abbr` match: a delimiter, an abbreviation, its stop
        "abbr_len": 2 + max(map(len, abbrs)),
    }


# the end of every `heading` match (`5.`, `12a.`, `II.`): few pieces end so,
# and three chars tell
_HEADING_END = regex.compile(r"(?:\d[a-zđ]?|[IVXLC])\.$")


_LOWER_START = regex.compile(r"^[\"'(\[]?\s*\p{Ll}")
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")
_CLOSERS = "\"')]»"


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-blank line, trimmed of spaces."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            s = pos + line.index(stripped[0])
            yield s, s + len(stripped)
        pos += len(line) + 1


_END_CHAR = regex.compile(r"[.?!]")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from underthesea.pipeline import sent_tokenize as st

    st._load_model()
    return frozenset(st.sentence_tokenizer.abbrev_types)


def _punkt(line: str) -> list[tuple[int, int]]:
    """Offsets of underthesea's `sent_tokenize(line)` pieces (its algorithm,
    jumping from one `.?!` to the next instead of stepping every character)."""
    abbrevs = _abbreviations()
    out: list[tuple[int, int]] = []
    n = len(line)

    def add(s: int, e: int) -> None:
        seg = line[s:e]
        core = seg.strip()
        if core:
            left = s + len(seg) - len(seg.lstrip())
            out.append((left, left + len(core)))

    start = 0
    m = _END_CHAR.search(line)
    while m is not None:
        i = m.start()
        if line[i] == ".":
            dot_end = i
            while dot_end < n and line[dot_end] == ".":
                dot_end += 1
            if dot_end - i >= 3:  # an ellipsis: a boundary at the end or before a capital
                after = dot_end
                while after < n and line[after] in " \t":
                    after += 1
                if after >= n or line[after].isupper():
                    add(start, dot_end)
                    while dot_end < n and line[dot_end] in " \t\n\r":
                        dot_end += 1
                    start = dot_end
                m = _END_CHAR.search(line, dot_end)
                continue
            boundary = True
            if i > 0 and line[i - 1].isdigit() and i + 1 < n and line[i + 1].isdigit():
                boundary = False  # 1.500.000
            else:
                b = i - 1
                while b >= 0 and (line[b].isalnum() or line[b] == "."):
                    b -= 1
                word = line[b + 1:i]
                if word and word.lower() in abbrevs:
                    boundary = False
        else:
            boundary = True
        if boundary:
            end = i + 1
            while end < n and line[end] in ".?!":
                end += 1
            add(start, end)
            while end < n and line[end] in " \t\n\r":
                end += 1
            start = end
            m = _END_CHAR.search(line, end)
            continue
        m = _END_CHAR.search(line, i + 1)
    add(start, n)
    return out


def _proposed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """underthesea's sentences of text[start:end], aligned back to offsets."""
    line = text[start:end]
    pieces = [(start + s, start + e) for s, e in _punkt(line)]
    cursor = pieces[-1][1] - start if pieces else 0
    if line[cursor:].strip():
        rest = line[cursor:]
        s = cursor + len(rest) - len(rest.lstrip())
        pieces.append((start + s, end))
    return pieces


def _split_extra(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add the boundaries underthesea does not see (after `…`)."""
    extra = _compiled()["extra"]
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        for m in extra.finditer(text, s, e):
            out.append((s, m.start()))
            s = m.end()
        out.append((s, e))
    return out


def _glued(text: str, prev: tuple[int, int], nxt: tuple[int, int]) -> bool:
    """True when the boundary between two pieces is not a sentence boundary."""
    rx = _compiled()
    a = text[prev[0]:prev[1]]
    b = text[nxt[0]:nxt[1]]
    if not _HAS_WORD.search(b) or not _HAS_WORD.search(a):
        return True  # `/.`, a stray quote: punctuation belongs to a sentence
    # both patterns end at the piece end: search its tail only
    if rx["abbr"].search(a, max(0, len(a) - rx["abbr_len"])):
        return True
    if _HEADING_END.search(a[-3:]) and rx["heading"].search(a):
        return True
    if rx["marker"].match(a):
        return True
    if a.endswith((",", ";", ":")):
        return True
    return bool(_LOWER_START.match(b))


def _move_closers(text: str, prev: tuple[int, int], nxt: tuple[int, int]):
    """Give a closing quote or bracket that opens `nxt` back to `prev`."""
    s, e = nxt
    moved = False
    while s < e and text[s] in _CLOSERS:
        if text[s] == '"' and text.count('"', prev[0], prev[1]) % 2 == 0:
            break  # an even count: this quote opens the next sentence
        if text[s] == "'" and text.count("'", prev[0], prev[1]) % 2 == 0:
            break
        s += 1
        moved = True
    if not moved:
        return prev, nxt
    new_prev = (prev[0], s)
    while s < e and text[s].isspace():
        s += 1
    return new_prev, (s, e)


def _repair(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for piece in pieces:
        if out:
            prev, piece = _move_closers(text, out[-1], piece)
            out[-1] = prev
            if piece[0] >= piece[1]:
                continue
            if _glued(text, prev, piece):
                out[-1] = (prev[0], piece[1])
                continue
        out.append(piece)
    return out


def sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with normalized offsets and paragraph numbers.

    Every non-blank line is a paragraph, numbered from 0.

    >>> [(s.start, s.end, s.paragraph) for s in sentences("Một. Hai?\\n\\nBa")]
    [(0, 4, 0), (5, 9, 0), (11, 13, 1)]
    """
    return [Sentence(s, e, para) for s, e, para in _sentence_spans(text)]


def _extra_starts(text: str) -> list[int]:
    """Start of every `extra_split` match in `text`: tried only right after
    `extra_split_after`, where every match starts."""
    rx = _compiled()
    after = rx["extra_after"]
    if not after:
        return [m.start() for m in rx["extra"].finditer(text)]
    out: list[int] = []
    end = 0
    p = text.find(after)
    while p != -1:
        q = p + len(after)
        if q >= end and (m := rx["extra"].match(text, q)):
            out.append(q)
            end = m.end()
        p = text.find(after, q)
    return out


@lru_cache(maxsize=4)
def _sentence_spans(text: str) -> tuple[tuple[int, int, int], ...]:
    # cached: `zones` splits an article with copied text into sentences, and
    # the pipeline does it again right after (fresh `Sentence`s each time)
    out: list[tuple[int, int, int]] = []
    # an extra boundary inside a piece also starts a match in the whole text
    # (the split follows a non-space), so lines without one skip the search
    extra = _extra_starts(text)
    for para, (start, end) in enumerate(_lines(text)):
        pieces = _proposed(text, start, end)
        if extra and bisect.bisect_left(extra, start) < bisect.bisect_left(extra, end):
            pieces = _split_extra(text, pieces)
        pieces = _repair(text, pieces)
        out.extend((s, e, para) for s, e in pieces)
    return tuple(out)


# --- words ------------------------------------------------------------------


def _tagger():
    """underthesea's word segmentation CRF (loaded once, by underthesea)."""
    import underthesea.pipeline.word_tokenize as wt

    if wt.word_tokenize_model is None:
        wt.word_tokenize("khởi động")
    return wt.word_tokenize_model


@lru_cache(maxsize=512)
def _words(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )
    from underthesea.pipeline.word_tokenize import regex_tokenize

    from . import ner

    chunk = text[start:end]
    # underthesea tokenizes its own normalization of the text; it keeps the
    # length of NFC text, so its token offsets are offsets into `chunk`.
    norm = normalize_characters_in_text(chunk)
    if len(norm) != len(chunk):
        norm = chunk
    spans = [m.span() for m in regex_tokenize.patterns.finditer(norm)]
    if not spans:
        return ()
    tokens = ner.normal_tokens([norm[s:e] for s, e in spans])
    if any(not t or " " in t for t in tokens):
        tags = _tagger().predict([[t] for t in tokens])
    else:  # underthesea's segmenter, with the features computed in Python: faster
        tags = ner.segment(tokens)
    out: list[list[int]] = []
    for i, ((s, e), tag) in enumerate(zip(spans, tags, strict=True)):
        if tag == "I-W" and i > 0:
            out[-1][1] = e
        else:
            out.append([s, e])
    return tuple((start + s, start + e, text[start + s:start + e]) for s, e in out)


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """underthesea words of text[start:end] as (start, end, surface) in `text` offsets.

    The surface is cut from `text`, so it keeps the text's spelling (underthesea
    itself rewrites some tone marks); a multi-syllable word spans its syllables
    and the spaces between them.

    >>> words("Số 15/2023/NĐ-CP quy định", 3)
    [(3, 10, '15/2023'), (10, 11, '/'), (11, 16, 'NĐ-CP'), (17, 25, 'quy định')]
    """
    end = len(text) if end is None else end
    return list(_words(text, start, end))
