"""Word lists for figures, read from `rules/*.toml`, and matchers over them.

A unit is matched longest-first at a position, so `đồng chí` (a count noun)
wins over the currency `đồng`, `đơn vị hành chính` over `đơn vị`, `điểm
trường` (a count) over `điểm` (a measure).

>>> LEX.unit_at("5 đồng chí", 2).unit
'đồng chí'
>>> LEX.unit_at("9 tỉ đồng.", 5).type
'money'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from typing import NamedTuple

import regex

from ...resources import load_rules


class Unit(NamedTuple):
    """A unit found in the text (a named tuple: made for every number, and a
    tuple is made much faster than a frozen dataclass)."""

    type: str  # percent, money, measure, duration, count
    unit: str  # canonical unit (count: the noun as written, lower case)
    surface: str
    start: int
    end: int
    currency: str | None = None
    classifier: bool = False


# --- fast paths -------------------------------------------------------------
#
# The phrase patterns below are long alternations that `regex` tries one by
# one at every position; looking the words up in a dict gives the same match
# much faster. The dict lookup compares lower-cased text and tells letters
# and digits with `str` methods, which agree with the patterns only when
# every character of the text lower-cases as it case-folds (no `ß`, `ſ`,
# `µ`...), is a letter or digit for `str` exactly when it is one for `regex`,
# and is no space other than ` ` and `\n` (and its digits are ASCII, for the
# scanner's `[0-9]`): `simple_text` checks that once per text, and texts that
# fail it use the patterns.

_ODD_SPACE = regex.compile(r"[^\S \n]")
_WORD_CHAR = regex.compile(r"[\p{L}\d]")
_last_text: tuple[str | None, bool] = (None, False)
# characters seen so far, by `_simple_char` (a table of characters, filled as they come)
_SIMPLE_CHARS: set[str] = set()
_ODD_CHARS: set[str] = set()


def _word_char(c: str) -> bool:
    """`[\\p{L}\\d]`: a letter or a decimal digit."""
    return c.isalpha() or c.isdecimal()


def _simple_char(c: str) -> bool:
    low = c.lower()
    if len(low) != 1 or low != c.casefold() or _ODD_SPACE.match(c):
        return False
    if c.isdecimal() and not ("0" <= c <= "9"):
        return False
    return _word_char(c) == (_WORD_CHAR.match(c) is not None)


def _char_class(chars: list[str]) -> str:
    """A `re` character class body for `chars`, as ranges."""
    points = sorted(map(ord, chars))
    spans: list[list[int]] = []
    for cp in points:
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in spans)


# Any character but the simple ones below U+3000 (a table built once): most
# texts have none, and one search of the text tells so.
_NOT_SIMPLE = re.compile("[^" + _char_class([c for c in map(chr, range(0x3000)) if _simple_char(c)]) + "]")


def simple_text(text: str) -> bool:
    """May `text` use the dict lookups (see above)? Computed once per text."""
    global _last_text
    if _last_text[0] is text:
        return _last_text[1]
    if _NOT_SIMPLE.search(text) is None:
        ok = True
    else:  # rarer characters: check each kind once
        ok = _simple_chars(set(text))
    if len(text) > 200:  # an article, asked again and again; not a snippet
        _last_text = (text, ok)
    return ok


def _simple_chars(chars: set[str]) -> bool:
    ok = chars <= _SIMPLE_CHARS
    if not ok and not chars & _ODD_CHARS:
        for c in chars - _SIMPLE_CHARS:
            (_SIMPLE_CHARS if _simple_char(c) else _ODD_CHARS).add(c)
        ok = chars <= _SIMPLE_CHARS
    return ok


def _simple_words(words: list[str]) -> bool:
    """Words whose lower case is their case folding, spaced with ` ` only."""
    return all(w.lower() == w.casefold() and not _ODD_SPACE.search(w) for w in words)


_RUN = regex.compile(r"[\p{L}\d]+")


def _first_run(text: str, pos: int) -> str:
    """The letters and digits at `pos`, else the one character there."""
    m = _RUN.match(text, pos)
    return m.group() if m else text[pos:pos + 1]


class _Starts:
    """`_phrases_regex(words, case_sensitive).match(text, pos)` by dict lookup:
    the phrases are filed under their first run of letters and digits, the
    run at `pos` picks the few to compare, longest first (as the pattern
    tries them). Returns the end of the match."""

    def __init__(self, words: list[str], case_sensitive: set[str]) -> None:
        self.ok = _simple_words([w for w in words if w not in case_sensitive])
        self.by_run: dict[str, list[tuple[int, str, bool]]] = {}
        for w in set(words):
            cs = w in case_sensitive
            key = _first_run(w, 0) if cs else _first_run(w, 0).lower()
            self.by_run.setdefault(key, []).append((len(w), w if cs else w.lower(), cs))
        for cands in self.by_run.values():
            cands.sort(key=lambda c: -c[0])

    def end(self, text: str, pos: int, run: str | None = None) -> int | None:
        """End of the match at `pos`; `run`: `_first_run(text, pos)` if known."""
        if run is None:
            run = _first_run(text, pos)
        if not run:
            return None
        cands = self.by_run.get(run, [])
        low = run.lower()
        if low != run:
            cands = sorted(cands + self.by_run.get(low, []), key=lambda c: -c[0])
        for n, phrase, cs in cands:
            end = pos + n
            if end > len(text) or (end < len(text) and _word_char(text[end])):
                continue
            seg = text[pos:end]
            if "\n" in seg:
                seg = seg.replace("\n", " ")
            if (seg if cs else seg.lower()) == phrase:
                return end
        return None


class _Ends:
    """`pattern.search(chunk, len(chunk) - reach)` for a `_phrases_before`
    pattern by dict lookup: the phrase (+ one space) that ends `chunk`, the
    longest first, as the leftmost match of the pattern is. Returns its start."""

    def __init__(self, words: list[str], compounds: Sequence[str] = ()) -> None:
        self.ok = _simple_words(list(words) + list(compounds))
        self.keys = {w.lower() for w in words}
        # the phrase lengths to try, by the phrase's last character
        by_last: dict[str, set[int]] = {}
        for w in self.keys:
            by_last.setdefault(w[-1:], set()).add(len(w))
        self.lengths = {c: sorted(sizes, reverse=True) for c, sizes in by_last.items()}
        # `_phrases_before_not_in`: a phrase right after one of these heads is no match
        self.not_after: dict[str, list[str]] = {}
        for c in compounds:
            head, _, last = c.lower().rpartition(" ")
            self.not_after.setdefault(last, []).append(head)

    def may_end_at(self, text: str, pos: int) -> bool:
        """Can a phrase (+ one space) end at `pos`? Its last character says,
        before any slicing."""
        e = pos - 1 if pos and text[pos - 1] == " " else pos
        return e > 0 and text[e - 1].lower() in self.lengths

    def start(self, chunk: str, reach: int) -> int | None:
        n = len(chunk)
        end = n - 1 if n and chunk[-1] == " " else n
        sizes = self.lengths.get(chunk[end - 1:end].lower())
        if sizes is None:
            return None
        lo = max(0, n - reach)
        for size in sizes:
            s = end - size
            if s < lo:
                continue
            if s > 0 and _word_char(chunk[s - 1]):
                continue
            key = chunk[s:end].lower()
            if key in self.keys and not self._excluded(chunk, s, key):
                return s
        return None

    def _excluded(self, chunk: str, s: int, key: str) -> bool:
        heads = self.not_after.get(key)
        if not heads or s < 1 or chunk[s - 1] != " ":
            return False
        for h in heads:
            hs = s - 1 - len(h)
            if hs >= 0 and chunk[hs:s - 1].lower() == h and (hs == 0 or not _word_char(chunk[hs - 1])):
                return True
        return False


_STARTS: dict[regex.Pattern, _Starts] = {}
_ENDS: dict[regex.Pattern, _Ends] = {}


def _phrases_regex(words: list[str], case_sensitive: set[str]) -> regex.Pattern:
    alts = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = regex.escape(w).replace(r"\ ", r"\s")
        alts.append(esc if w in case_sensitive else f"(?i:{esc})")
    pat = regex.compile(r"(?:" + "|".join(alts) + r")(?![\p{L}\d])")
    fast = _Starts(words, case_sensitive)
    if fast.ok:
        _STARTS[pat] = fast
    return pat


def match_end(pat: regex.Pattern, text: str, pos: int) -> int | None:
    """End of `pat.match(text, pos)` for a `_phrases_regex` pattern, or None."""
    fast = _STARTS.get(pat)
    if fast is not None and simple_text(text):
        return fast.end(text, pos)
    m = pat.match(text, pos)
    return m.end() if m else None


# The longest match of each `_phrases_before` pattern (a phrase and a space; a
# phrase matches as many characters as it has): a match ends at the end of
# the string, so the search can start that far from it (`Lexicon.before`).
_REACH: dict[regex.Pattern, int] = {}
# ... and what its phrases end with: a string whose last character (before
# an optional space) no phrase ends with, case aside, has no match; most
# strings tried are ruled out so, without running the pattern.
_LAST: dict[regex.Pattern, tuple[regex.Pattern, dict[str, bool]]] = {}
_SPACE = regex.compile(r"\s")


def _register(pat: regex.Pattern, words: list[str], compounds: Sequence[str] = ()) -> regex.Pattern:
    _REACH[pat] = max(map(len, words), default=0) + 1
    fast = _Ends(words, compounds)
    if fast.ok:
        _ENDS[pat] = fast
    last = {w[-1] for w in words if w}
    if last and not any(_SPACE.match(c) for c in last) and all(w for w in words):
        _LAST[pat] = (regex.compile("(?i:[" + "".join(map(regex.escape, sorted(last))) + "])"), {})
    return pat


def _may_end(pat: regex.Pattern, chunk: str) -> bool:
    """False when no phrase of `pat` can end `chunk` (see `_LAST`)."""
    entry = _LAST.get(pat)
    if entry is None or not chunk:
        return entry is None
    cls, seen = entry
    for c in (chunk[-1], chunk[-2:-1]) if _SPACE.match(chunk[-1]) else (chunk[-1],):
        if not c:
            continue
        ok = seen.get(c)
        if ok is None:
            ok = seen[c] = cls.fullmatch(c) is not None
        if ok:
            return True
    return False


def _phrases_before(words: list[str]) -> regex.Pattern:
    """Match one of `words` ending right before the end of a string (+ one space)."""
    alts = [regex.escape(w).replace(r"\ ", r"\s") for w in sorted(set(words), key=len, reverse=True)]
    return _register(regex.compile(r"(?<![\p{L}\d])(?i:" + "|".join(alts) + r")\s?$"), words)


def _phrases_before_not_in(words: list[str], compounds: list[str]) -> regex.Pattern:
    """Like `_phrases_before`, but a word that ends one of `compounds` does not
    match there (`cầu` of `yêu cầu`, `điểm` of `thời điểm`)."""
    prefixes: dict[str, list[str]] = {}
    for c in compounds:
        head, _, last = c.lower().rpartition(" ")
        prefixes.setdefault(last, []).append(head)
    alts = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = regex.escape(w).replace(r"\ ", r"\s")
        heads = prefixes.get(w.lower())
        if heads:
            not_after = "|".join(regex.escape(h).replace(r"\ ", r"\s") for h in heads)
            esc = rf"(?<!(?<![\p{{L}}\d])(?:{not_after})\s){esc}"
        alts.append(esc)
    return _register(regex.compile(r"(?<![\p{L}\d])(?i:" + "|".join(alts) + r")\s?$"), words, compounds)


def _phrases_anywhere(words: list[str]) -> regex.Pattern:
    """Match one of `words` anywhere in a string (whole words)."""
    alts = [regex.escape(w).replace(r"\ ", r"\s") for w in sorted(set(words), key=len, reverse=True)]
    return regex.compile(r"(?<![\p{L}\d])(?i:" + "|".join(alts) + r")(?![\p{L}\d])")


class Lexicon:
    def __init__(self) -> None:
        units = load_rules("units")
        mw = load_rules("measure_words")
        self.qual = load_rules("qualifiers")
        self.nf = load_rules("not_figures")
        self.entries: dict[str, tuple[str, str, str | None]] = {}  # lower surface -> (type, unit, cur)
        self.exact: dict[str, tuple[str, str, str | None]] = {}  # case-sensitive symbols
        self.classifiers = {w.lower() for w in mw["classifiers"]}
        for w in mw["people"] + mw["things"]:
            self.entries[w.lower()] = ("count", w.lower(), None)
        for w, u in units["measure"]["words"].items():
            self.entries[w.lower()] = ("measure", u, None)
        for w, u in units["measure"]["symbols"].items():
            self.exact[w] = ("measure", u, None)
        for w, u in units["duration"]["words"].items():
            self.entries[w.lower()] = ("duration", u, None)
        for w, cur in units["money"]["words"].items():
            if w.isupper() or w in ("đ",):
                self.exact[w] = ("money", cur, cur)
            else:
                self.entries[w.lower()] = ("money", cur, cur)
        for w in units["percent"]["words"]:
            self.exact[w] = ("percent", "%", None)
            self.entries[w.lower()] = ("percent", "%", None)
        self.money_factor: dict[str, float] = {}
        for w, (cur, factor) in units["money"]["subunits"].items():
            self.entries[w.lower()] = ("money", cur, cur)
            self.money_factor[w.lower()] = factor
        self.context: dict[str, dict] = {w.lower(): r for w, r in units["context"].items()}
        self.large_only: set[str] = set()
        for w, cur in units["money"]["large_only"].items():
            self.entries[w.lower()] = ("money", cur, cur)
            self.large_only.add(w.lower())
        self.sized_by = {w.lower() for w in self.nf["sized_by"]}
        self.split_check = {w.lower() for w in self.nf["split_check"]}
        self.per_words = units["money"]["per_words"]
        self.money_rate_words = set(units["money"]["rate_words"])
        self.quote_pair_per = set(units["money"]["quote_pair_per"])
        self.quote_pair_max_spread = float(units["money"]["quote_pair_max_spread"])
        self.quote_pair_not_after = _phrases_before(units["money"]["quote_pair_not_after"])
        self.duration_compound: dict[str, tuple[str, int]] = {
            big: (small, int(ratio)) for big, (small, ratio) in units["duration"]["compound"].items()
        }
        self.duration_inexact: set[str] = set(units["duration"]["range"]["inexact"])
        self.age_units: dict[str, int] = dict(units["measure"]["age"])
        self.measure_before: dict[str, str] = {
            w: u for w, u in units["measure"]["before"].items() if isinstance(u, str)
        }
        self.measure_before_compounds: list[str] = units["measure"]["before_not_then"]["compounds"]
        self.measure_before_not_then = regex.compile(
            r"\s*(?::|(?i:" + "|".join(units["measure"]["before_not_then"]["words"]) + r")(?![\p{L}\d]))"
        )
        self.unit_re = _phrases_regex(
            list(self.entries) + list(self.exact), case_sensitive=set(self.exact)
        )
        sub = mw["subject"]
        self.stop_words = {w.lower() for w in sub["stop_words"]}
        self.subject_max = int(sub["max_words"])

    def unit_at(self, text: str, pos: int, space: bool = True) -> Unit | None:
        """The unit starting at `pos` (after at most one space), longest first."""
        p = pos
        if space and text[p:p + 1] == " ":
            p += 1
        units, compounds = _STARTS.get(self.unit_re), _STARTS.get(self.compound_re)
        run = _first_run(text, p) if units and compounds and simple_text(text) else None
        end = units.end(text, p, run) if units and run is not None else match_end(self.unit_re, text, p)
        if end is None:
            return None
        s = text[p:end]
        key = " ".join(s.split())
        hit = self.exact.get(key) or self.entries.get(key.lower())
        if hit is None:
            return None
        typ, unit, cur = hit
        compound = compounds.end(text, p, run) if compounds and run is not None else match_end(self.compound_re, text, p)
        if compound is not None and compound > end:
            return None  # `trang bị`, `đồng thời`: a word, not a unit
        return Unit(typ, unit, s, p, end, cur, key.lower() in self.classifiers)

    @cached_property
    def compound_re(self) -> regex.Pattern:
        return _phrases_regex(self.nf["unit_compounds"], set())

    @cached_property
    def number_compound_re(self) -> regex.Pattern:
        return _phrases_regex(self.nf["number_compounds"], set())

    @cached_property
    def few_re(self) -> regex.Pattern:
        return _phrases_before(self.nf["few_before"])

    # --- phrases before a position ---------------------------------------
    @cached_property
    def qualifier_re(self) -> regex.Pattern:
        return _phrases_before(list(self.qual["before"]) + list(self.qual["only"]))

    @cached_property
    def range_open_re(self) -> regex.Pattern:
        return _phrases_before(self.qual["range"]["open"])

    @cached_property
    def vague_re(self) -> regex.Pattern:
        return _phrases_before(self.qual["vague"]["prefixes"])

    @cached_property
    def name_before_re(self) -> regex.Pattern:
        """A name word before a number, not as the end of a compound (`yêu cầu`)."""
        return _phrases_before_not_in(self.nf["name_before"], self.nf["name_before_compounds"])

    @cached_property
    def people(self) -> set[str]:
        return {w.lower() for w in load_rules("measure_words")["people"]}

    @cached_property
    def name_unless_re(self) -> regex.Pattern:
        return _phrases_before(self.nf["name_before_unless"])

    @cached_property
    def multiplier_re(self) -> regex.Pattern:
        return _phrases_before(self.nf["multiplier_before"])

    @cached_property
    def multiplier_events_re(self) -> regex.Pattern:
        alts = "|".join(regex.escape(w).replace(r"\ ", r"\s") for w in self.nf["multiplier_events_after"])
        return regex.compile(r"\s?,?\s(?i:" + alts + r")(?![\p{L}\d])")

    @cached_property
    def mot_counts_re(self) -> regex.Pattern:
        return _phrases_before(self.nf["mot_counts_after"])

    @cached_property
    def clock_before_re(self) -> regex.Pattern:
        return _phrases_before(self.nf["clock_before"])

    @cached_property
    def map_scale_re(self) -> regex.Pattern:
        return _phrases_before(self.nf["map_scale_before"])

    @cached_property
    def score_before_re(self) -> regex.Pattern:
        return _phrases_anywhere(self.nf["score_before"])

    @cached_property
    def money_implied_re(self) -> regex.Pattern:
        return regex.compile(r"\s(?i:" + "|".join(map(regex.escape, load_rules("units")["money"]["implied_by"]))
                             + r")(?![\p{L}\d])")

    @cached_property
    def hours_after_re(self) -> regex.Pattern:
        return regex.compile(r"\s(?i:" + "|".join(map(regex.escape, self.nf["hours"]["after"])) + r")(?![\p{L}\d])")

    @cached_property
    def hours_before_re(self) -> regex.Pattern:
        return _phrases_before(self.nf["hours"]["before"])

    @cached_property
    def measure_before_re(self) -> regex.Pattern:
        """`hệ số`, `điểm` before a number, not in `thời điểm 2011`, `thang điểm 10`."""
        return _phrases_before_not_in(list(self.measure_before), self.measure_before_compounds)

    @cached_property
    def year_words(self) -> set[str]:
        return {w.lower() for w in self.nf["year_words_before"]}

    @cached_property
    def mot_never(self) -> set[str]:
        return {w.lower() for w in self.nf["mot_never_after"]}

    @cached_property
    def clock_after(self) -> regex.Pattern:
        return _phrases_regex(self.nf["clock_after"], set())

    def before(self, pat: regex.Pattern, text: str, pos: int, reach: int = 40) -> bool:
        """Does `pat` match the text that ends at `pos` (one line at most)?"""
        fast = _ENDS.get(pat)
        if fast is not None and not fast.may_end_at(text, pos) and simple_text(text):
            return False
        lo = max(0, pos - reach)
        chunk = text[lo:pos]
        nl = chunk.rfind("\n")
        if nl >= 0:
            chunk, lo = chunk[nl + 1:], lo + nl + 1
        fast = _ENDS.get(pat)
        if fast is not None and simple_text(text):
            return fast.start(chunk, _REACH[pat]) is not None
        if not _may_end(pat, chunk):
            return False
        return pat.search(chunk, max(0, len(chunk) - _REACH.get(pat, len(chunk)))) is not None

    def before_span(self, pat: regex.Pattern, text: str, pos: int) -> tuple[int, str] | None:
        """(start offset, phrase lower case) of `pat` ending right before `pos`."""
        fast = _ENDS.get(pat)
        if fast is not None and not fast.may_end_at(text, pos) and simple_text(text):
            return None
        lo = max(0, pos - 40)
        chunk = text[lo:pos]
        nl = chunk.rfind("\n")
        if nl >= 0:
            lo += nl + 1
            chunk = chunk[nl + 1:]
        fast = _ENDS.get(pat)
        if fast is not None and simple_text(text):
            s = fast.start(chunk, _REACH[pat])
            if s is None:
                return None
            return lo + s, " ".join(chunk[s:].split()).lower()
        if not _may_end(pat, chunk):
            return None
        m = pat.search(chunk, max(0, len(chunk) - _REACH.get(pat, len(chunk))))
        if not m:
            return None
        return lo + m.start(), " ".join(m.group().split()).lower()

LEX = Lexicon()
