"""Dates and periods: `ngày 3-4-2012`, `tháng 7/2021`, `quý III/2019`, `giai đoạn 2016-2020`.

The patterns are data (`rules/temporal.toml`); this module supplies the
number grammar they share (day, month, year, quarter atoms), turns each
match into a `When` (year, month, day, quarter), and writes SPEC values:

>>> parse_date("ngày 3-4-2012")
'2012-04-03'
>>> parse_date("quý III/2019")
'2019-Q3'
>>> parse_date("Sáng 4/11", default_year=2023)
'2023-11-04'
>>> parse_period("từ ngày 1/3/2018 đến ngày 30/9/2019")
'2018-03-01/2019-09-30'
>>> parse_period("từ năm 2021 đến nay")
'2021/..'

Day before month, always: Vietnamese writes `04/3/2009` for 4 March.

A date written without its year (`ngày 12/9`) takes the year that puts it
nearest the article's publication date (`doc.meta["published"]`); without
one, the year of a full date earlier in its sentence, else the latest year
the text dates anything with (`text_year`: deadlines and targets left out).
With neither, the value is an ISO 8601 truncated form: `--09-12`
(month-day), `--09` (month), `--Q3` (quarter). An inferred year is noted in
the extra field `year_from` (`published` or `text`).

Periods are `start/end` with ISO ends (`2018-03-01/2019-09-30`); an open end
is `..` (`2021/..`) with `open: true` and, when the publication date is
known, `resolved` (`2021/2023-06-08`). A period written backwards
(`2026-2021`) keeps its order and gets `reversed: true`.

Numeric forms are converted here and validated with `datetime` (31/2 is no
date); `dateparser` only normalises a span no rule understands, in
`parse_date`, cached.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

import regex

from ..document import Doc, Fact
from ..normalize import lowered
from ..resources import load_rules
from . import register

# Patterns used at run time, compiled once (the module-level `regex.match(str, ...)`
# re-enters regex's compile cache, whose flag handling costs more than the match).
_re = lru_cache(maxsize=1024)(regex.compile)

# Number grammar shared by every rule; `{D1}` etc. are the same atoms with
# numbered group names for the two ends of a period.
_ATOMS = {
    "D": r"(?P<d{n}>0?[1-9]|[12]\d|3[01])",
    "M": r"(?P<m{n}>0?[1-9]|1[0-2])",
    "Y": r"(?P<y{n}>(?:1[89]|20)\d\d)",
    "Q": r"(?-i:(?P<q{n}>IV|III|II|I|[1-4]))",
}
# Edges: a date is not glued to a word, an id (`1956/2009/QĐ`), a decimal or
# a further `-digit`.
_FIXED = {
    "L": r"(?<![\w/.,:-])",
    "R": r"(?![\w/]|[.,:]\d|-\d)",
    "RW": r"(?![\w])",
    "SEP": r"\s?[/.-]\s?",
}


# One end of a period at any precision, its year written: `ngày 1/3/2018`,
# `1.7.2014`, `tháng 10/2023`, `quý III/2022`, `năm 2022`, `2016`.
_END = (
    r"(?:(?:ngày\s+)?{D}\s?[/.-]\s?{M}\s?[/.-]\s?{Y}"
    r"|tháng\s+{M}(?:\s?[/.-]\s?|\s*,?\s+năm\s+){Y}"
    r"|quý\s+{Q}(?:\s?[/.-]\s?|\s*,?\s+năm\s+){Y}"
    r"|(?:năm\s+)?{Y})"
)


class _Atoms(dict):
    """`{D}` -> the day atom with group names numbered `n` (for `_END`)."""

    def __init__(self, n: str) -> None:
        super().__init__({k: v.format(n=n) for k, v in _ATOMS.items()})


@dataclass(frozen=True)
class When:
    """A calendar point at some precision; any part may be unknown."""

    y: int | None = None
    m: int | None = None
    d: int | None = None
    q: int | None = None

    def iso(self) -> str:
        """ISO 8601 (`2012-04-03`, `2021-07`, `2009`, `2019-Q3`; no year: `--07-16`)."""
        y = f"{self.y:04d}" if self.y is not None else "-"
        if self.q is not None:
            return f"{y}-Q{self.q}"
        if self.m is None:
            return y
        if self.d is None:
            return f"{y}-{self.m:02d}"
        return f"{y}-{self.m:02d}-{self.d:02d}"

    def key(self, end: bool = False) -> tuple[int, int, int]:
        """Sort key; an end sorts at the end of its month/quarter/year."""
        m = (
            self.m
            if self.m is not None
            else ((self.q * 3 - (0 if end else 2)) if self.q else (12 if end else 1))
        )
        d = self.d if self.d is not None else (31 if end else 1)
        return (self.y or 0, m, d)

    def valid(self) -> bool:
        if self.d is None:
            return True
        try:
            dt.date(self.y if self.y is not None else 2000, self.m or 1, self.d)  # 2000: leap year
        except ValueError:
            return False
        return True


@dataclass
class Rule:
    name: str
    type: str
    pattern: regex.Pattern
    reversed_ok: bool = True
    after_date: bool = False  # only right after another date (`năm 2015, 2016`)
    starts: tuple[str, ...] | None = None  # what every match begins with (see `_HEADS`)
    gate: re.Pattern | None = None  # what follows where every match begins (see `_GATES`)


@dataclass
class Hit:
    """A rule match before it becomes a Fact."""

    rule: str
    type: str
    start: int
    end: int
    start_when: When
    end_when: When | None = None
    open: bool = False
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def needs_year(self) -> bool:
        whens = [self.start_when] + ([self.end_when] if self.end_when else [])
        return any(w.y is None for w in whens)


# --- rules ---------------------------------------------------------------------


def _alternation(words: list[str]) -> str:
    return "|".join(
        regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


def _expand(template: str, words: dict[str, Any]) -> str:
    subs = dict(_FIXED)
    subs["WEEKDAY"] = f"(?:{_alternation(words['weekdays'])})"
    subs["CUE"] = _alternation(words["day_cues"])
    subs["MARKER"] = f"(?:{_alternation(words['period_markers'])})"
    subs["OPEN"] = _alternation(words["open_ends"])
    subs["TO"] = _alternation(words["range_links"])
    units, unless = (
        _alternation(words["not_year_after"]),
        _alternation(words["not_year_after_except"]),
    )
    subs["NOTUNIT"] = rf"(?!(?!\s+(?:{unless})(?!\w))\s+(?:{units})(?!\w))"
    subs["YEARCUE"] = _alternation(words["year_cues"])
    subs["MWNOT"] = rf"(?<!(?:{_alternation(words['month_word_not_after'])})\s+)"
    subs["PREP"] = _alternation(words["date_prepositions"])
    subs["FOLLOW"] = _alternation(words["date_followers"])
    subs["LISTCUE"] = _alternation(words["day_list_cues"])

    def atom(m: regex.Match) -> str:
        name = m.group(1)
        if name in subs:
            return subs[name]
        base, n = name[0], name[1:]
        if name.startswith("END"):
            return _END.format_map(_Atoms(name[3:]))
        if name.startswith("MW"):
            n = name[2:]
            months = sorted(words["month_words"], key=len, reverse=True)
            return f"(?-i:(?P<mw{n}>{'|'.join(months)}))"
        if base in _ATOMS and (n == "" or n.isdigit()):
            return _ATOMS[base].format(n=n)
        raise KeyError(f"rules/temporal.toml: unknown placeholder {{{name}}}")

    return _re(r"\{([A-Z][A-Z0-9]*)\}").sub(atom, template)


# Speed only: the words a match of each rule can begin with, lower case (the
# first word of a phrase is enough; `{X}`: the first words of a word list),
# `{DAY}` when it can begin with a day or month number (a run of one or two
# digits: the patterns read no digit right before or after one) and `{YEAR}`
# with a year (a run of four digits, 18.., 19.. or 20..). A rule's pattern is
# tried only where one of them begins in the lower-cased text (a word not
# right after a letter or digit: every rule opens with a lookbehind that
# forbids one): plain searches find them, where `regex` would try the pattern
# at every character. Derived by hand from rules/temporal.toml: every rule
# needs an entry naming every way its matches begin, so nothing changes.
_HEADS = {
    "from_date_to_now": ("từ",),
    "from_day_to_day": ("từ",),
    "day_range": ("ngày", "hai", "các", "{DAY}"),
    "from_month_to_month": ("từ",),
    "from_year_to_year": ("từ",),
    "marker_year_range": ("{MARKER}",),
    "bare_year_range": ("{YEAR}",),
    "from_any_to_any": ("{MARKER}", "từ"),
    "month_range_year": ("các", "tháng"),
    "day_list_head": ("ngày", "mùng", "mồng", "{DAY}"),
    "day_list_tail": ("{DAY}",),
    "weekday_dmy": ("{WEEKDAY}",),
    "dmy_words": ("ngày", "mồng", "mùng", "{DAY}"),
    "dmy_numeric": ("ngày", "{DAY}"),
    "dm_words_no_year": ("ngày", "mồng", "mùng"),
    "dm_after_ngay": ("ngày", "mồng", "mùng"),
    "dm_after_weekday": ("{WEEKDAY}",),
    "dm_after_cue": ("{CUE}",),
    "dm_after_preposition": ("{PREP}",),
    "month_year": ("tháng",),
    "month_nam_year": ("tháng",),
    "monthword_year": ("tháng",),
    "quarter_year": ("quý",),
    "iso_date": ("{YEAR}",),
    "year": ("năm",),
    "year_after_year": ("{YEAR}",),
    "year_after_cue": ("{YEARCUE}",),
    "month_no_year": ("tháng",),
    "monthword_no_year": ("tháng",),
    "quarter_no_year": ("quý",),
}
_DAY, _YEAR = "{DAY}", "{YEAR}"
_HEAD_LISTS = {
    "{MARKER}": "period_markers",
    "{WEEKDAY}": "weekdays",
    "{CUE}": "day_cues",
    "{PREP}": "date_prepositions",
    "{YEARCUE}": "year_cues",
}


def _heads(name: str, words: dict[str, Any]) -> tuple[str, ...] | None:
    """`_HEADS[name]` with the word lists expanded: lower-case words, `{DAY}`, `{YEAR}`."""
    if name not in _HEADS:
        return None
    out: set[str] = set()
    for head in _HEADS[name]:
        if head in _HEAD_LISTS:
            out.update(w.split()[0].lower() for w in words[_HEAD_LISTS[head]])
        else:
            out.add(head)
    if any(h not in (_DAY, _YEAR) and (h.casefold() != h or not h.isalpha()) for h in out):
        return None  # not a plain lower-case word: scan the whole text
    return tuple(sorted(out))


# Speed only: what must follow where a match begins, for `re` over the
# lower-cased text (`{X}` as in the rules). A rule with many places to try
# checks this cheap pattern there first. Each must match at the start of
# every match of its rule (a superset of its prefix), so nothing changes.
_GATES = {
    "day_range": r"(?:ngày|hai ngày|2 ngày|các ngày)\s+\d",
    "marker_year_range": r"(?:{MARKER})\s+(?:từ\s+)?(?:năm\s+)?\d{4}",
    "bare_year_range": r"\d{4}\s?-\s?\d{4}",
    "from_any_to_any": (
        r"(?:(?:{MARKER})\s+(?:từ\s+)?|từ\s+)(?:quý\s+[i\d]|(?:ngày\s+|tháng\s+|năm\s+)?\d)"
    ),
    "month_range_year": r"(?:các\s+)?tháng\s+\d\d?\s?-",
    "day_list_head": r"(?:(?:ngày|mùng|mồng)\s+)?\d\d?\s*(?:,|và)",
    "day_list_tail": r"\d\d?\s?[/.-]\s?\d",
    "weekday_dmy": r"{WEEKDAY}\s*,?\s*(?:ngày\s+)?\d\d?[/.-]\d\d?[/.-]\d{4}",
    "dmy_words": r"(?:(?:ngày|mồng|mùng)\s+)?\d\d?\s+tháng\s+\d",
    "dmy_numeric": r"ngày\s+\d|\d\d?[/.-]\d\d?[/.-]\d{4}",
    "dm_after_ngay": r"(?:ngày|mồng|mùng)\s+\d",
    "dm_after_weekday": r"{WEEKDAY}\s*(?:,\s*|\(\s*)?\d",
    "dm_after_cue": r"(?:{CUE})\s*(?:,\s*|\(\s*)?(?:ngày\s+)?\d",
    "dm_after_preposition": r"(?:{PREP})\s+\d\d?[/.-]\d",
    "iso_date": r"\d{4}-\d\d-\d\d",
    "year_after_cue": r"(?:{YEARCUE})\s+\d{4}",
}


def _gate(name: str, words: dict[str, Any]) -> re.Pattern | None:
    """`_GATES[name]` in lower case, for the lower-cased text."""
    if name not in _GATES:
        return None
    subs = {
        "YEARCUE": _alternation(words["year_cues"]),
        "PREP": _alternation(words["date_prepositions"]),
        "WEEKDAY": f"(?:{_alternation(words['weekdays'])})",
        "CUE": _alternation(words["day_cues"]),
        "MARKER": _alternation(words["period_markers"]),
    }
    pattern = re.sub(r"\{([A-Z]+)\}", lambda m: subs[m.group(1)], _GATES[name]).lower()
    return re.compile(pattern) if pattern.casefold() == pattern else None


def _trie(words: list[str]) -> str:
    """One `re` alternation of `words` with their common beginnings shared
    (`re` tries a flat alternation word by word at every character); at a
    place, the longest word that stands there matches."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    alts = []
    for c, rests in sorted(by_first.items()):
        longer = [r for r in rests if r]
        alt = re.escape(c)
        if longer:
            alt += f"(?:{_trie(longer)})" + ("?" if "" in rests else "")
        alts.append(alt)
    return "|".join(alts)


@cache
def _head_words() -> tuple[re.Pattern, dict[str, list[str]]]:
    """The words rules begin with, as one pattern, and for each the words that
    begin it (found at the same place: `_Index.positions`)."""
    rules, _ = _rules()
    words = sorted({h for r in rules if r.starts for h in r.starts if h not in (_DAY, _YEAR)})
    return re.compile(_trie(words)), {w: [h for h in words if w.startswith(h)] for w in words}


_DIGITS = re.compile(r"\d\d*")  # faster than `\d+` (a first character `re` can skip to)
_CENTURIES = ("18", "19", "20")


class _Index:
    """Where words and runs of digits begin in one lower-cased text, each
    found once and shared by the rules."""

    def __init__(self, low: str) -> None:
        self.low = low
        self.found: dict[str, list[int]] = {}
        self.merged: dict[tuple[str, ...], list[int]] = {}
        self._runs: list[tuple[int, str]] | None = None
        self._words: dict[str, list[int]] | None = None

    def runs(self) -> list[tuple[int, str]]:
        """(start, digits) of every run of digits."""
        if self._runs is None:
            self._runs = [(m.start(), m.group()) for m in _DIGITS.finditer(self.low)]
        return self._runs

    def positions(self, head: str) -> list[int]:
        out = self.found.get(head)
        if out is None:
            if head == _DAY:
                out = [p for p, run in self.runs() if len(run) <= 2]
            elif head == _YEAR:
                out = [p for p, run in self.runs() if len(run) == 4 and run[:2] in _CENTURIES]
            else:
                out = self._word(head)
            self.found[head] = out
        return out

    def _word(self, word: str) -> list[int]:
        if self._words is None:
            self._words = self._find_words()
        return self._words.get(word, [])

    def _find_words(self) -> dict[str, list[int]]:
        """Where each head word begins, not right after a letter or digit."""
        pattern, within = _head_words()
        low = self.low
        out: dict[str, list[int]] = {}
        for m in pattern.finditer(low):
            p = m.start()
            if p and (low[p - 1].isalpha() or low[p - 1].isdecimal()):
                continue  # inside a word (the heads are letters: none can begin in the match either)
            for word in within[m.group()]:
                out.setdefault(word, []).append(p)
        return out

    def starts(self, heads: tuple[str, ...]) -> list[int]:
        """Where any of `heads` begins, in order."""
        out = self.merged.get(heads)
        if out is None:
            if len(heads) == 1:
                out = self.positions(heads[0])
            else:
                out = sorted(set().union(*map(self.positions, heads)))
            self.merged[heads] = out
        return out


_last_index: _Index | None = None


def _index(low: str) -> _Index:
    """The `_Index` of `low`, made once per text."""
    global _last_index
    if _last_index is None or _last_index.low is not low:
        _last_index = _Index(low)
    return _last_index


@cache
def _rules() -> tuple[list[Rule], dict[str, Any]]:
    data = load_rules("temporal")
    words = data["words"]
    rules = [
        Rule(
            r["name"],
            r["type"],
            regex.compile(_expand(r["regex"], words), regex.IGNORECASE),
            r.get("reversed_ok", True),
            r.get("after_date", False),
            _heads(r["name"], words),
            _gate(r["name"], words),
        )
        for r in data["rule"]
    ]
    return rules, words


@cache
def _lunar() -> regex.Pattern:
    _, words = _rules()
    return regex.compile(rf"\s*(?:{_alternation(words['lunar_after'])})", regex.IGNORECASE)


@cache
def _clock() -> regex.Pattern:
    data = load_rules("temporal")
    return regex.compile("|".join(f"(?:{p})" for p in data["clock"]["patterns"]), regex.IGNORECASE)


@cache
def _clock_at_runs() -> bool:
    """Does every clock pattern begin with an hour (`(?:[01]?\\d|2[0-3])`) after
    a lookbehind that forbids a word character (`(?<![\\w...])`) or wants a
    space (`(?<=lúc\\s+)`), and go on with `:`, `h` or `\\s*(?:h|giờ)`? Then
    every clock time begins a run of one or two digits followed by one of
    `_HOUR_NEXT` or a space, where `_clock_times` looks."""
    hour = re.compile(
        r"\(\?(?:<!\[\\w[^\]]*\]|<=[^()]*\\s[+*]?)\)\(\?:\[01\]\?\\d\|2\[0-3\]\)(?::|h|\\s\*\(\?:h\|giờ\))"
    )
    return all(hour.match(p) for p in load_rules("temporal")["clock"]["patterns"])


_HOUR_NEXT = frozenset(":hHgG")  # after an hour: `08:17`, `13h30`, `9 giờ` (any case)


def _clock_times(text: str) -> Iterator[regex.Match]:
    """`_clock().finditer(text)`, tried only where a clock time can begin."""
    low = lowered(text)
    if low is None or not _clock_at_runs():
        yield from _clock().finditer(text)
        return
    match = _clock().match
    pos = 0
    for p, run in _index(low).runs():
        if p < pos or len(run) > 2:
            continue
        nxt = text[p + len(run):p + len(run) + 1]
        if nxt not in _HOUR_NEXT and not nxt.isspace():
            continue
        m = match(text, p)
        if m is not None:
            pos = m.end()
            yield m


def _when(m: regex.Match, n: str, words: dict[str, Any]) -> When:
    gd = m.groupdict()

    def num(key: str) -> int | None:
        v = gd.get(key + n)
        return int(v) if v else None

    y = num("y")
    if y is None and gd.get("y2s") and n == "2":
        y1 = num_or(gd.get("y1"))
        if y1 is not None:
            y = y1 // 100 * 100 + int(gd["y2s"])
            if y < y1:
                y += 100
    month = num("m")
    if month is None and gd.get("mw" + n):
        month = words["month_words"][gd["mw" + n]]
    q = gd.get("q" + n)
    return When(y, month, num("d"), words["quarters"][q.upper()] if q else None)


def num_or(v: str | None) -> int | None:
    return int(v) if v else None


def _hit(rule: Rule, m: regex.Match, words: dict[str, Any]) -> Hit | None:
    """Turn a match into a Hit, or None when the calendar says no."""
    start, end = m.span("span") if m.groupdict().get("span") else m.span()
    if rule.type == "date":
        w = _when(m, "", words)
        return Hit(rule.name, "date", start, end, w) if w.valid() else None
    a, b = _when(m, "1", words), _when(m, "2", words)
    is_open = bool(m.groupdict().get("open"))
    if is_open:
        return Hit(rule.name, "period", start, end, a, None, True) if a.valid() else None
    # an end written once serves both (`ngày 7-8/7`, `từ tháng 3 đến tháng 8 năm 2019`)
    if a.m is None and a.d is not None:
        a = replace(a, m=b.m)
    if a.y is None and b.y is not None and (a.m is not None or a.d is not None):
        a = replace(a, y=b.y)
        if a.key() > b.key(end=True):
            a = replace(a, y=b.y - 1)
    elif b.y is None and a.y is not None and b.m is not None:
        b = replace(b, y=a.y if b.key(end=True) >= a.key() else a.y + 1)
    if not (a.valid() and b.valid()):
        return None
    hit = Hit(rule.name, "period", start, end, a, b)
    if a.y is not None and b.y is not None and b.key(end=True) < a.key():
        if not rule.reversed_ok:
            return None
        hit.attrs["reversed"] = True
    return hit


@cache
def _counted_day() -> tuple[regex.Pattern, regex.Pattern]:
    """`ngày` at a span's head, and a number of days right before it."""
    _, words = _rules()
    not_after = rf"(?<!(?<!\w)(?:{_alternation(words['day_count_not_after'])})\s+)"
    nums = rf"{not_after}(?<![\w.,/:])(?:\d{{1,2}}|{_alternation(words['day_count_words'])})"
    head = regex.compile(rf"(?:(?P<n>{nums})\s+)?(?-i:ngày)\s+(?=\d)", regex.IGNORECASE)
    before = regex.compile(rf"{nums}\s+$", regex.IGNORECASE)
    return head, before


def _after_counted_day(text: str, start: int, end: int) -> int:
    """Start a date after `ngày` when a number counts the days (`trong 2 ngày
    13-14/5`): `2 ngày` stays a duration, like `9 tháng` of `9 tháng đầu năm`."""
    head, before = _counted_day()
    m = head.match(text, start, end)
    if m is None:
        return start
    if m.group("n") or before.search(text, max(0, start - 8), start):
        return m.end()
    return start


_LIST_GAP = regex.compile(r"\s*(?:,|và|hoặc|hay)\s*")


def _follows_hit(text: str, start: int, taken: list[tuple[int, int]]) -> bool:
    """A year in a list (`năm 2015, 2016`) follows a year that is a date."""
    return any(
        e <= start and _LIST_GAP.fullmatch(text[e:start]) for _, e in taken
    )


def _matches_at(rule: Rule, text: str, low: str) -> Iterator[regex.Match]:
    """`rule.pattern.finditer(text)`, the pattern tried only where one of
    `rule.starts` begins in `low` (same matches: finditer too goes left to
    right and resumes after each match)."""
    assert rule.starts is not None
    match, gate = rule.pattern.match, rule.gate.match if rule.gate is not None else None
    pos = 0
    for p in _index(low).starts(rule.starts):
        if p < pos or (gate is not None and gate(low, p) is None):
            continue
        m = match(text, p)
        if m is not None:
            pos = m.end() if m.end() > p else p + 1
            yield m


def find_hits(text: str) -> list[Hit]:
    """All date and period hits in `text`, rules in file order, no overlaps.

    >>> text = "giai đoạn 2010-2015 và 2016-2020"
    >>> [(h.rule, text[h.start:h.end]) for h in find_hits(text)]
    [('marker_year_range', 'giai đoạn 2010-2015'), ('bare_year_range', '2016-2020')]
    """
    rules, words = _rules()
    taken: list[tuple[int, int]] = []
    hits: list[Hit] = []
    lunar = _lunar()
    low = lowered(text)
    for rule in rules:
        if low is not None and rule.starts is not None:
            matches = _matches_at(rule, text, low)
        else:
            matches = rule.pattern.finditer(text)
        for m in matches:
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if lunar.match(text, m.end()):
                taken.append(m.span())  # a lunar date: not a fact, not a number either
                continue
            hit = _hit(rule, m, words)
            if hit is None:
                continue
            if rule.after_date and not _follows_hit(text, hit.start, taken):
                continue  # Copa America 2015, 2016: the first year names a cup
            hit.start = _after_counted_day(text, hit.start, hit.end)
            taken.append(m.span())
            hits.append(hit)
    return sorted(hits, key=lambda h: h.start)


# --- values --------------------------------------------------------------------


def _fill_year(w: When, year: int) -> When:
    return replace(w, y=year) if w.y is None else w


def _nearest_year(w: When, ref: dt.date) -> int:
    """The year among ref-1..ref+1 that puts `w` closest to `ref`."""
    best = ref.year
    best_gap = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        k = replace(w, y=y).key()
        try:
            day = dt.date(*k[:2], min(k[2], 28 if k[1] == 2 else 30))
        except ValueError:
            continue
        gap = abs((day - ref).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def value_of(hit: Hit) -> str:
    """SPEC value of a hit (`2021-07`, `2016/2020`, `2021/..`)."""
    if hit.type == "date":
        return hit.start_when.iso()
    end = hit.end_when.iso() if hit.end_when is not None else ".."
    return f"{hit.start_when.iso()}/{end}"


def published_date(meta: dict[str, Any]) -> dt.date | None:
    """The article's date from `meta["published"]` (ISO date or datetime)."""
    p = meta.get("published")
    if not p:
        return None
    if isinstance(p, dt.datetime):
        return p.date()
    if isinstance(p, dt.date):
        return p
    try:
        return dt.date.fromisoformat(str(p)[:10])
    except ValueError:
        return None


def _future_cued(text: str, pos: int) -> bool:
    """Is the date at `pos` a deadline or target (`trước ngày`, `đến năm`)?"""
    return bool(_future_re().search(text, max(0, pos - 24), pos))


@cache
def _future_re() -> regex.Pattern:
    _, words = _rules()
    return regex.compile(
        rf"(?<![\w])(?:{_alternation(words['future_cues'])})\s+(?:ngày\s+|năm\s+)?$",
        regex.IGNORECASE,
    )


def text_year(hits: list[Hit], text: str, id_years: list[int] | None = None) -> int | None:
    """The article's year read from its own text, for dates written without one.

    News dates its events close to the day it is written, so the latest year
    among the dates that carry a month (`12/3/2017`, `tháng 6/2016`) is the
    best guess; else the latest bare year (`năm 2016`). Deadlines and targets
    (`trước ngày 31/12/2020`, `đến năm 2030`) and years of birth (`SN 1999`)
    are left out. The article is no older than the periods it reports as
    begun or the documents it cites (`Nghị định 44/2017/NĐ-CP`): their years
    bound the guess from below.

    >>> text = "Năm 2019 đạt 5 tỷ. Ngày 12/3/2017 ký kết; hoàn thành trước ngày 31/12/2020."
    >>> text_year(find_hits(text), text)
    2017
    """
    dated = [
        h for h in hits
        if h.type == "date" and h.start_when.y is not None and not _future_cued(text, h.start)
    ]
    fine = [h.start_when.y for h in dated if h.start_when.m is not None or h.start_when.q]
    years = fine or [h.start_when.y for h in dated if not _birth_cued(text, h.start)]
    # no older than what it reports as begun or issued
    lower = [h.start_when.y for h in hits if h.type == "period" and h.start_when.y is not None]
    lower += list(id_years or [])
    pool = years + lower
    return max(pool) if pool else None


def _birth_cued(text: str, pos: int) -> bool:
    """`SN 1999`, `sinh năm 1985`: a year of birth."""
    return bool(_birth_re().search(text, max(0, pos - 16), pos))


@cache
def _birth_re() -> regex.Pattern:
    _, words = _rules()
    return regex.compile(
        rf"(?<![\w])(?:{_alternation(words['birth_cues'])})\s*(?:năm\s+)?$", regex.IGNORECASE
    )


def _resolve_years(
    hits: list[Hit],
    text: str,
    published: dt.date | None,
    sentence_of: Any = None,
    id_years: list[int] | None = None,
) -> None:
    """Give year-less hits a year: from the publication date, else from the text.

    From the text: a day-precise date earlier in the same sentence lends its
    year (`Ngày 26/2/2017 ... đến ngày 16/3`); otherwise `text_year`.
    """
    fallback = None if published is not None else text_year(hits, text, id_years)
    for h in hits:
        if not h.needs_year:
            continue
        if published is not None:
            year, source = _nearest_year(h.start_when, published), "published"
        else:
            year, source = fallback, "text"
            if sentence_of is not None:
                here = sentence_of(h.start)
                same = [
                    g for g in hits
                    if g.start < h.start and not g.needs_year and g.type == "date"
                    and g.start_when.m is not None and sentence_of(g.start) == here
                    and not _future_cued(text, g.start)
                ]
                if same:
                    year = same[-1].start_when.y
            if year is None:
                continue
        h.start_when = _fill_year(h.start_when, year)
        if h.end_when is not None:
            end = _fill_year(h.end_when, year)
            if end.key(end=True) < h.start_when.key():
                end = replace(end, y=year + 1)
            h.end_when = end
        h.attrs["year_from"] = source


@register("temporal", 20)
def extract_temporal(doc: Doc) -> None:
    """Add `date` and `period` facts to `doc`; take clock times so no one counts them."""
    text = doc.text
    hits = [h for h in find_hits(text) if doc.is_free(h.start, h.end)]
    published = published_date(doc.meta)
    id_years = [f.get("year") for f in doc.facts_of("document_ref") if f.get("year")]
    _resolve_years(hits, text, published, doc.sentence_index if doc.sentences else None, id_years)
    for h in hits:
        attrs: dict[str, Any] = dict(h.attrs)
        if h.type == "period":
            attrs["open"] = h.open
            if h.open and published is not None:
                attrs["resolved"] = f"{h.start_when.iso()}/{published.isoformat()}"
        doc.add(Fact(h.type, h.start, h.end, value_of(h), attrs, extractor=f"temporal.{h.rule}"))
    for m in _clock_times(text):
        if doc.is_free(*m.span()):
            doc.take(*m.span())


# --- public parsers (the QA `check` command re-parses stored spans) -------------


def _best_hit(text: str, kind: str) -> Hit | None:
    hits = [h for h in find_hits(text) if h.type == kind]
    return max(hits, key=lambda h: h.end - h.start) if hits else None


def parse_date(text: str, default_year: int | None = None) -> str | None:
    """ISO value of the date written in `text`, or None.

    >>> parse_date("04/3/2009")
    '2009-03-04'
    >>> parse_date("tháng 7/2021")
    '2021-07'
    >>> parse_date("31/2/2020") is None
    True
    >>> parse_date("ngày 12/9")
    '--09-12'
    """
    hit = _best_hit(text, "date")
    if hit is None:
        return _dateparser_iso(text.strip(), default_year)
    w = hit.start_when
    if w.y is None and default_year is not None:
        w = replace(w, y=default_year)
    return w.iso()


def parse_period(text: str) -> str | None:
    """SPEC value of the period written in `text`, or None.

    >>> parse_period("giai đoạn 2026-2021")
    '2026/2021'
    >>> parse_period("từ 10-14/8/2023")
    '2023-08-10/2023-08-14'
    """
    hit = _best_hit(text, "period")
    return value_of(hit) if hit else None


@cache
def _dateparser_iso(text: str, default_year: int | None) -> str | None:
    """Fallback for spans no rule reads; day first, no invented day or month."""
    if not _re(r"\d").search(text):
        return None
    from dateparser.date import DateDataParser  # slow import: only when needed

    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}
    data = DateDataParser(languages=["vi"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(
        data.period or "day", d.date().isoformat()
    )
