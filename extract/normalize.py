"""Normalized text with an offset map back to the raw text.

Extractors read one spelling of everything: NFC, one tone-mark placement
(`hoá` -> `hóa`, `uỷ` -> `ủy`), `-` for every dash, `"` for curly quotes,
one space for runs of spaces, `Đ` for the look-alike `Ð`. Every change is
recorded in a map so that a span found in the normalized text can be cut
from the raw text unchanged.

>>> text, m = normalize("Quyết định  số 999 –QĐ/TU về “đào tạo”, hoá")
>>> text
'Quyết định số 999 -QĐ/TU về "đào tạo", hóa'
>>> len(m) == len(text) + 1
True
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import regex

# One placement of the tone mark: on the first vowel of `oa`, `oe`, `uy` in an
# open syllable (the form in the issue: hoá -> hóa, uỷ -> ủy, khoá -> khóa).
_TONES = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0303": "tilde",
    "\u0309": "hook",
    "\u0323": "dot",
}
_PAIRS = ("oa", "oe", "uy", "Oa", "Oe", "Uy", "OA", "OE", "UY")
_FIRST = frozenset("ouOU")

_CHAR_MAP = {
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2012": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",  # minus sign
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u00d0": "Đ",  # Icelandic eth used for Đ
    "\u00f0": "đ",
    "\u201f": '"',
    "\u2033": '"',
    "\u201a": "'",
    "\u201b": "'",
    "\uff0d": "-",
    "\ufe63": "-",
    "\u2043": "-",
    "\u2028": "\n",  # line and paragraph separators end a line like \n
    "\u2029": "\n",
    "\r": "\n",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u3000": " ",
    "\u205f": " ",
    "\t": " ",
    "\x0b": " ",
    "\x0c": " ",
}
# En, em, thin, hair... spaces (U+2000-U+200A) are all one space.
_CHAR_MAP.update({chr(c): " " for c in range(0x2000, 0x200B)})
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def _clusters(raw: str):
    """Yield (raw_start, raw_cluster): a base char with its combining marks."""
    i, n = 0, len(raw)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        yield i, raw[i:j]
        i = j


@lru_cache(maxsize=4096)
def _split_tone(ch: str) -> tuple[str, str]:
    """'á' -> ('a', '\u0301'); a char without a tone mark -> (ch, '')."""
    d = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in d if c not in _TONES)
    tone = "".join(c for c in d if c in _TONES)
    return unicodedata.normalize("NFC", base), tone


def _fix_tones(chars: list[str]) -> None:
    """Move a tone from the 2nd to the 1st vowel of oa/oe/uy ending a syllable."""
    n = len(chars)
    for i in range(n - 1):
        a = chars[i]
        if a not in _FIRST:  # the 1st vowel carries no tone yet: a bare o or u
            continue
        b = chars[i + 1]
        if len(b) != 1:
            continue
        base_b, tone_b = _split_tone(b)
        if not tone_b:
            continue
        base_a, tone_a = _split_tone(a)
        if tone_a or base_a + base_b not in _PAIRS:
            continue
        nxt = chars[i + 2] if i + 2 < n else " "
        if nxt.isalpha():  # closed syllable (hoàn, khoẻo...): placement is on the 2nd
            continue
        if base_a.lower() == "u" and i > 0 and chars[i - 1].lower() == "q":
            continue  # `quý`: the u is part of the consonant
        chars[i] = unicodedata.normalize("NFC", base_a + tone_b)
        chars[i + 1] = base_b


@lru_cache(maxsize=8192)
def _nfc(cluster: str) -> str:
    return unicodedata.normalize("NFC", cluster)


def normalize_text(raw: str) -> str:
    """The text of `normalize(raw)`, without building the offset list.

    >>> normalize_text("hoá  đơn")
    'hóa đơn'
    """
    return normalize_map(raw)[0]


def normalize(raw: str) -> tuple[str, list[int]]:
    """Return (normalized text, map) where map[i] is the raw offset of char i.

    `map` has one more entry than the text: the raw length, so that an end
    offset maps too.
    """
    text, m = normalize_map(raw)
    return text, m.tolist() if isinstance(m, OffsetMap) else m


# Text already in NFC (almost all input) needs no cluster walk: every change
# is a 1:1 character substitution, a deletion, or a length-preserving tone
# move, so C-level translate and regex do the work.
_ONE_TO_ONE = {k: v for k, v in _CHAR_MAP.items() if len(v) == 1 and k != "\r"}
# `str.translate` with this table looks every character up (slow on non-ASCII
# text); a class of the few mapped characters finds only those.
_MAPPED = re.compile("[" + "".join(re.escape(c) for c in _ONE_TO_ONE) + "]")


def _one_to_one(m: re.Match[str]) -> str:
    return _ONE_TO_ONE[m.group()]
_DROP_CLASS = "".join(regex.escape(c) for c in sorted(_DROP))
_DELETE = regex.compile(rf"( )[ {_DROP_CLASS}]+|[{_DROP_CLASS}]+|\r(?=\n)")


def _tone_table() -> dict[str, str]:
    table = {}
    for first in "oOuU":
        for second_base in ("a", "e", "y", "A", "E", "Y"):
            if first + second_base not in _PAIRS:
                continue
            for tone in _TONES:
                second = unicodedata.normalize("NFC", second_base + tone)
                table[first + second] = unicodedata.normalize("NFC", first + tone) + second_base
    return table


_TONE_MOVES = _tone_table()
# Candidates only (a first vowel, then a toned second one, ending the
# syllable): a leading class lets the engine skip ahead; `_move_tone` keeps the
# pairs of the table and leaves `quý` alone.
_TONE_PAIR = regex.compile(
    "[oOuU][" + "".join(sorted({k[1] for k in _TONE_MOVES})) + r"](?![^\W\d_])"
)


def _move_tone(m: regex.Match[str]) -> str:
    pair = m.group()
    moved = _TONE_MOVES.get(pair)
    if moved is None or (pair[0] in "uU" and m.start() and m.string[m.start() - 1] in "qQ"):
        return pair
    return moved


# Chars `_DELETE` may remove besides a space after a space. Without any of
# them, `_DELETE` finds just runs of spaces, and `_SPACES` (a literal two-space
# prefix the engine jumps to) finds the same matches much faster than a
# pattern that stops at every space.
_DELETE_CHARS = "\r" + "".join(sorted(_DROP))
_SPACES = re.compile("( ) +")


class OffsetMap(Sequence[int]):
    """The offset map of `normalize` kept as runs: char i of a run that starts
    at normalized `norm[j]` comes from raw `raw[j] + (i - norm[j])`.

    Behaves like the list (`m[i]`, `len(m)`, `m[-1]`, bisect) without one int
    object per char.

    >>> m = OffsetMap([0, 2], [0, 3], 4, 5)
    >>> list(m), m[-1], len(m)
    ([0, 1, 3, 4, 5], 5, 5)
    """

    def __init__(self, norm: list[int], raw: list[int], text_len: int, raw_len: int):
        self._norm = norm
        self._raw = raw
        self._len = text_len + 1
        self._raw_len = raw_len

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return self.tolist()[i]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("offset map index out of range")
        if i == self._len - 1:
            return self._raw_len
        j = bisect.bisect_right(self._norm, i) - 1
        return self._raw[j] + i - self._norm[j]

    def tolist(self) -> list[int]:
        ends = self._norm[1:] + [self._len - 1]
        out: list[int] = []
        for n0, r0, n1 in zip(self._norm, self._raw, ends, strict=True):
            out.extend(range(r0, r0 + n1 - n0))
        out.append(self._raw_len)
        return out


def normalize_map(raw: str) -> tuple[str, OffsetMap | list[int]]:
    """`normalize`, with the map as an `OffsetMap` when that is cheaper."""
    if unicodedata.is_normalized("NFC", raw):
        return _normalize_nfc(raw)
    return _normalize_clusters(raw)


def _normalize_nfc(raw: str) -> tuple[str, OffsetMap | list[int]]:
    t = _MAPPED.sub(_one_to_one, raw)
    norm: list[int] = [0]
    starts: list[int] = [0]  # raw start of every kept run
    others = any(c in t for c in _DELETE_CHARS)  # `in` per char: C speed
    if others or "  " in t:
        pieces: list[str] = []
        size = 0
        pos = 0
        for m in (_DELETE if others else _SPACES).finditer(t):
            keep_to = m.start(1) + 1 if m.group(1) else m.start()
            if pos == 0 and keep_to == 0 and not pieces and m.group(1):
                keep_to = 1
            pieces.append(t[pos:keep_to])
            size += keep_to - pos
            norm.append(size)
            starts.append(m.end())
            pos = m.end()
        pieces.append(t[pos:])
        t = "".join(pieces)
        # a space kept at the end of one piece and one at the start of the
        # next (a dropped char between them) must still collapse
        if "  " in t:
            return _normalize_clusters(raw)
    text = t.replace("\r", "\n")  # a lone CR ends a line (CRLF lost its CR)
    text = _TONE_PAIR.sub(_move_tone, text)
    return text, OffsetMap(norm, starts, len(text), len(raw))


def _normalize_clusters(raw: str) -> tuple[str, list[int]]:
    out: list[str] = []
    starts: list[int] = []
    for start, cl in _clusters(raw):
        if cl in _DROP:
            continue
        if cl == "\r" and raw.startswith("\n", start + 1):
            continue  # CRLF: the \n that follows is the line end
        cl = _CHAR_MAP.get(cl, cl)
        nfc = cl if len(cl) == 1 and cl < "\u0300" else _nfc(cl)
        for c in nfc:
            c = _CHAR_MAP.get(c, c)
            if c == " " and out and out[-1] == " ":
                continue
            out.append(c)
            starts.append(start)
    _fix_tones(out)
    starts.append(len(raw))
    return "".join(out), starts


@lru_cache(maxsize=4)
def lowered(text: str) -> str | None:
    """`text` lower-cased when that keeps every offset and equals case folding,
    else None (`ß`, `İ`, a final `Σ`).

    When it is not None, a case-sensitive scan of the lower-case copy finds
    what a case-blind scan of `text` finds, at the same offsets, and much
    faster. Several stages ask for the same article in turn; it is made once.

    >>> lowered("Quyết Định 15"), lowered("Straße")
    ('quyết định 15', None)
    """
    low = text.lower()
    return low if len(low) == len(text) and low == text.casefold() else None
