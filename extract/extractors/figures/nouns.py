"""The noun right after a number, for counts whose noun is in no word list.

Counting nouns are an open class (`300 bánh heroin`, `5 điện thoại`, `dưới
500 heo`, `2 bãi rác`): a number followed by a common noun counts that noun.
underthesea's word segmentation (`extract.segment.words`, which keeps
offsets) cuts the words and its part-of-speech CRF tags them, on a short
window around the number: the tagger looks two words either side, so a
window of a few words tags the noun as it would in the whole sentence, at
about a millisecond a number.

Only common nouns (`N`) and classifier nouns (`Nc`: `chiếc`, `ngôi`) count;
proper nouns, verbs, unit nouns and anything written with a capital letter
are left out, and so are the nouns of `rules/not_figures.toml`
`[noun_fallback] never` (words after a number that names, times or ranks).

>>> n = noun_after("Công an thu giữ 5 điện thoại di động.", 17)
>>> n.surface, n.classifier
('điện thoại di động', False)
>>> noun_after("xe chạy với tốc độ 60 rồi dừng", 21) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ...resources import load_rules
from ...segment import words

_RULES = load_rules("not_figures")["noun_fallback"]
NEVER = frozenset(w.lower() for w in _RULES["never"])
TAGS = frozenset(_RULES["tags"])
CLASSIFIER_TAGS = frozenset(_RULES["classifier_tags"])

_BACK = regex.compile(r"(?:\S+\s+){0,2}\S*$")
_AHEAD = regex.compile(r"\s?(?:\S+\s?){0,5}")
_LETTER_WORDS = regex.compile(r"\p{L}+(?: \p{L}+)*")


@dataclass(frozen=True)
class Noun:
    surface: str
    start: int
    end: int
    classifier: bool


def _pos_stage():
    from ...ner import _stages

    return _stages()[1]


@lru_cache(maxsize=4096)
def _tags(window: str) -> tuple[tuple[int, int, str, str], ...]:
    toks = words(window)
    if not toks:
        return ()
    # the POS stage of `extract.ner`: underthesea's POS CRF with the features
    # it was trained with, computed a sentence at a time and remembered per word
    tagged = _pos_stage().tag([[w, "X"] for _, _, w in toks])
    return tuple((s, e, w, t) for (s, e, w), t in zip(toks, tagged, strict=True))


def _window(text: str, pos: int) -> tuple[int, str]:
    """A few words either side of `pos`, inside its line: (start, window)."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    back = _BACK.search(text, max(line_start, pos - 40), pos)
    ws = back.start() if back else pos
    ahead = _AHEAD.match(text, pos, line_end)
    we = ahead.end() if ahead else pos
    return ws, text[ws:we]


def word_end(text: str, start: int) -> int | None:
    """End of the underthesea word that starts at `start` (None: no word starts there).

    >>> t = "Có 2 đồng nghiệp và 2 đồng."
    >>> word_end(t, 5), word_end(t, 22)
    (16, 26)
    """
    ws, window = _window(text, start - 1)
    for s, e, _w in words(window):
        if ws + s == start:
            return ws + e
    return None


def noun_after(text: str, pos: int) -> Noun | None:
    """The common noun starting at `pos` (after one space), else None."""
    if text[pos:pos + 1] != " " or not text[pos + 1:pos + 2].islower():
        return None  # the noun must start right there, in lower case: no need to tag
    ws, window = _window(text, pos)
    for s, e, w, tag in _tags(window):
        if ws + s < pos + 1:
            continue
        if ws + s > pos + 1:
            return None
        if tag not in TAGS or not w[:1].islower() or w.lower() in NEVER:
            return None
        if not _LETTER_WORDS.fullmatch(w):
            return None
        return Noun(w, ws + s, ws + e, tag in CLASSIFIER_TAGS)
    return None
