"""Find every figure in a text: one left-to-right pass over numbers.

Each number (digits, words, or a vague `hàng trăm`) is read with
`extract.numbers`, then its surroundings decide what it is:

- before it: a qualifier (`gần`, `trên`...), a range opener (`từ`), or a word
  that makes it a name or an ordinal (`Điều 12`, `lần thứ 5`: no figure);
- after it: `/` and a number (a fraction), a range joiner and a second number
  (one `range` record), then the unit: `%` (percent), a currency (money, with
  its `/năm` rate), a measure unit, a duration unit or a count noun.

A number with no unit after it is not a figure (`Thời đại 4.0`, `khóa học
2009-2011`), except a measure named before it (`hệ số lương 3,66`).

`một` is "a" in running text (`mở một lớp học`): it counts only after a
qualifier or in a range (`hơn một năm`, `từ một đến hai ngày`) or with a scale
word (`một trăm`, `một triệu`). A bare `năm` is five only before a count noun
or a measure unit and not after a word that makes it "year" (`mỗi năm người
dân...`). A number word with a capital letter inside a sentence is a name
(`Hai Bà Trưng`, `anh Ba`).

>>> [(f.type, f.value, f.attrs.get("qualifier")) for f in scan("mở gần 200 lớp")]
[('count', 200, 'nearly')]
>>> [(f.type, f.value, f.attrs["value_max"]) for f in scan("từ 300.000 đồng đến 450.000 đồng")]
[('money', 300000, 450000)]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from ...numbers import (
    BIG_SCALES,
    SCALE_WORDS,
    VULGAR_FRACTIONS,
    NumberRead,
    parse_digits,
    read_number,
)
from .lexicon import LEX, Unit, match_end, simple_text
from .nouns import noun_after, word_end

# Patterns used at run time, compiled once (the module-level `regex.match(str, ...)`
# re-enters regex's compile cache, whose flag handling costs more than the match).
_re = lru_cache(maxsize=1024)(regex.compile)


@dataclass
class Figure:
    type: str
    start: int
    end: int
    value: Any
    attrs: dict[str, Any] = field(default_factory=dict)
    then: Figure | None = None  # the upper end of a range split in two


@dataclass
class Num:
    """A number in the text: span, value reader and what it was written with."""

    start: int
    end: int
    read: NumberRead | None = None
    fixed: float | None = None  # vague and bare-scale numbers (`hàng trăm`)
    vague: bool = False

    def value(self, decimal_comma: bool) -> int | float:
        if self.fixed is not None:
            return int(self.fixed) if float(self.fixed).is_integer() else self.fixed
        assert self.read is not None
        return self.read.value(decimal_comma)

    @property
    def scale(self) -> int:
        return self.read.scale_of_last() if self.read else 1

    @property
    def has_big_scale(self) -> bool:
        return bool(self.read and self.read.has_big_scale)

    @property
    def words(self) -> list[str]:
        return [t.text.lower() for t in self.read.tokens] if self.read else []


_WORD_STARTS = sorted(
    set(LEX.qual["vague"]["prefixes"]) | set(SCALE_WORDS)
    | {"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười"},
    key=len,
    reverse=True,
)
START_RE = regex.compile(
    r"(?<![\p{L}\d])(?:\d|[" + "".join(VULGAR_FRACTIONS) + r"]|(?i:" + "|".join(_WORD_STARTS) + r")(?![\p{L}\d]))"
)
# Where START_RE can match in a `simple_text` (see `_starts`): no word of
# _WORD_STARTS begins another, so the one found at a place is the only one.
assert not any(a != b and b.startswith(a) for a in _WORD_STARTS for b in _WORD_STARTS)
assert all(w.isalpha() for w in _WORD_STARTS)
_BY_FIRST: dict[str, list[str]] = {}
for _w in sorted(_WORD_STARTS, key=len, reverse=True):
    _BY_FIRST.setdefault(_w[0].lower(), []).append(re.escape(_w[1:].lower()))
# grouped by first letter: `re` tries a flat alternation word by word
_START_WORD = re.compile("|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in _BY_FIRST.items()))
_DIGIT_RUN = re.compile(r"[0-9][0-9]*")  # faster than `[0-9]+` (a first character `re` can skip to)
_SCALES_RE = regex.compile(
    r"(?i:" + "|".join(sorted(SCALE_WORDS, key=len, reverse=True)) + r")(?:\s(?i:"
    + "|".join(sorted(BIG_SCALES, key=len, reverse=True)) + r"))*(?![\p{L}\d])"
)
_QUAL_WORDS = sorted(LEX.qual["before"], key=len, reverse=True)
_JOIN_RE = regex.compile(
    r"(?:\s?-\s?|\s~\s?|\s(?i:cho đến|đến|tới)\s)(?:(?i:" + "|".join(_QUAL_WORDS) + r")\s)?"
    r"(?:(?i:bán ra|bán)\s)?"  # mua vào 36,75 - bán ra 37,00 triệu đồng/lượng
)
_JOIN_NUM_RE = regex.compile(r"\s?(?:-|~|(?i:đến|tới))\s?\d")
# the rate after a slash: a multi-syllable rate word from rules/units.toml
# (`đồng/công trình`) before any single word (`đồng/năm`)
_MULTI_PER = sorted((w for w in LEX.per_words if " " in w), key=len, reverse=True)
_PER_RE = regex.compile(
    r"\s?/\s?((?:" + "|".join(regex.escape(w) for w in _MULTI_PER) + r")(?![\p{L}\d])"
    r"|\p{L}[\p{L}\d²³]*)"
)
_LETTERS_RE = regex.compile(r"\p{L}+")
_ROMAN_AFTER = regex.compile(r"\s[IVXLC]+(?![\p{L}\d])")
_WORD_RE = regex.compile(r"[\p{L}][\p{L}\d\-]*|\d+(?:[.,]\d+)*|[^\s\p{L}\d]")
_SENTENCE_START = set(".!?:;\n\"'(-…[•*")
_EMPTY_SPAN: Callable[[int, int], bool] = lambda s, e: True  # noqa: E731


def _prev_char(text: str, pos: int) -> str:
    i = pos - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return text[i] if i >= 0 else "\n"


def _prev_word(text: str, pos: int) -> str:
    m = _re(r"([\p{L}\d]+)\s?$").search(text[max(0, pos - 30):pos])
    return m.group(1).lower() if m else ""


def _read_num(text: str, p: int) -> Num | None:
    """The number starting at `p`: digits/words, vague `hàng trăm`, or a bare scale."""
    w = None if text[p:p + 1].isdecimal() else _LETTERS_RE.match(text, p)
    word = w.group().lower() if w else ""
    if word in LEX.qual["vague"]["prefixes"]:
        m = _SCALES_RE.match(text, p + len(word) + 1) if text[p + len(word):p + len(word) + 1] == " " else None
        if not m:
            return None
        v = 1.0
        for s in m.group().lower().split():
            v *= SCALE_WORDS[s]
        return Num(p, m.end(), fixed=v, vague=True)
    if word in SCALE_WORDS:
        m = _SCALES_RE.match(text, p)
        if not m:
            return None
        v = 1.0
        for s in m.group().lower().split():
            v *= SCALE_WORDS[s]
        return Num(p, m.end(), fixed=v)
    r = read_number(text, p)
    if r is None:
        return None
    return Num(r.start, r.end, read=r)


def _glued(text: str, s: int, e: int, check_before: bool = True) -> bool:
    """True when the number is part of a code, clock time, phone number..."""
    b = text[s - 1] if s > 0 else " "
    b2 = text[s - 2] if s > 1 else " "
    if check_before and (b in "/:#@_" or (b in ".,-" and (b2.isalnum()))):
        return True
    a = text[e:e + 2]
    if _re(r":\d|[hH]\d|[hH](?![\p{L}\d])|/\p{L}|-\p{Lu}|-\d+[/-]\d|[.,]\d|\.\p{L}").match(a + text[e + 2:e + 4]):
        return True
    tok = text[s:e]
    digits = tok.replace(".", "").replace(",", "")
    # phone numbers and codes: long zero-led digit strings
    return tok[:1] == "0" and digits.isdigit() and len(digits) >= 4


def _noun_phrase(text: str, pos: int, limit: int | None = None) -> str | None:
    """Words after `pos` up to a stop word, digits or punctuation (commas join nouns)."""
    limit = limit or LEX.subject_max
    words: list[str] = []
    n_words = 0  # commas left out
    i = pos
    end_line = text.find("\n", pos)
    end_line = len(text) if end_line < 0 else end_line
    while n_words < limit:
        m = _WORD_RE.search(text, i, end_line)
        if not m or text[i:m.start()].strip():
            break
        tok = m.group()
        if tok == ",":
            words.append(",")
            i = m.end()
            continue
        if not tok[0].isalpha() or tok.lower() in LEX.stop_words:
            break
        words.append(tok)
        n_words += 1
        i = m.end()
    while words and words[-1] == ",":
        words.pop()
    out = " ".join(words).replace(" ,", ",")
    return out or None


def _count_subject(text: str, unit: Unit) -> str | None:
    after = _noun_phrase(text, unit.end)
    if unit.classifier:
        return after or unit.surface.lower()
    return f"{unit.surface.lower()} {after}" if after else unit.surface.lower()


def _fraction(text: str, num: Num, is_free: Callable[[int, int], bool]) -> Figure | None:
    """`144/144 cấp trưởng`, `19.037/14,590 lượt`, `xếp thứ 27/63 tỉnh`."""
    if not num.read or len(num.read.tokens) != 1 or num.read.tokens[0].kind != "digits":
        return None
    m = _re(r"/(\d+(?:[.,]\d+)*)(?![\p{L}\d/]|-\d|[.,]\d)").match(text, num.end)
    if not m:
        return None
    end = m.end()
    try:
        a = parse_digits(num.read.tokens[0].text)
        b = parse_digits(m.group(1))
    except ValueError:
        return None
    if not b:
        return None
    if 1900 <= a <= 2100 and b < 100 and "." not in m.group(1):
        return None  # a season 2013/14
    if 1900 <= a <= b <= min(a + 10, 2100):
        return None  # a season or a span of years: `Premier League 2016/2017`
    if f"{a}/{b}" in LEX.nf["fraction_idioms"]:
        return None  # `24/24`: round the clock
    name = LEX.before_span(LEX.name_before_re, text, num.start)
    if name and name[1] != "thứ" and not LEX.before(LEX.name_unless_re, text, num.start):
        return None  # nhà số 59/9, ngách 575/10
    unit = LEX.unit_at(text, end)
    noun = unit is not None and unit.type == "count"
    then_so = _re(r"\s(?i:số)\s").match(text[end:end + 4]) is not None
    if not (noun or then_so):
        if text[end:end + 1] in ("\n", ""):
            return None  # ends a line alone: a title's issue or date (`Tin kinh tế 11/17`)
        if a <= 31 and 1 <= b <= 12:
            return None  # a day/month date
        if 1900 <= b <= 2100 and a <= 12:
            return None  # a month/year
    if a == 1 and b >= 100 or LEX.before(LEX.map_scale_re, text, num.start):
        return None  # map scale 1/2000
    if noun and unit is not None:
        end_span, subject = unit.end, _count_subject(text, unit)
    else:
        end_span, subject = end, _noun_phrase(text, end)
    if not is_free(num.start, end_span):
        return None
    attrs = {"numerator": a, "denominator": b, "subject": subject}
    return Figure("fraction", num.start, end_span, a / b, attrs)


_DECIMAL_TYPES = {"measure", "percent"}
SKIP = "skip"  # figure_at found a number that is no figure, span included


def _unit_ok(text: str, num: Num, unit: Unit, qual: str | None, ranged: bool, compound: bool = False) -> bool:
    """Type-specific vetoes: clock times, dates, multipliers, names."""
    after = text[unit.end:unit.end + 12]
    if _ROMAN_AFTER.match(after):
        return False  # Trung ương 3 khóa VIII
    if unit.type == "duration" and not compound:
        if unit.unit == "tháng" and _re(r"\s?\d").match(after):
            return False  # 7 tháng 5 (a date)
        if unit.unit == "năm" and _re(r"\s\d{4}").match(after):
            return False
        if unit.unit == "giờ":
            if LEX.before(LEX.clock_before_re, text, num.start):
                return False
            if _re(r"\s?\d").match(after) or LEX.clock_after.match(after.lstrip()):
                return False
    if unit.type == "count" and unit.unit in LEX.nf["multiplier_units"]:
        start = num.start
        q = LEX.before_span(LEX.qualifier_re, text, start)
        if q:
            start = q[0]
        events = LEX.multiplier_events_re.match(text, unit.end)
        if not events and (LEX.before(LEX.multiplier_re, text, start) or _re(r"\s(?i:so với)").match(after)):
            return False
    words = num.words
    if words and num.read and num.read.is_words:
        first = num.read.tokens[0].text
        if first[0].isupper() and _prev_char(text, num.start) not in _SENTENCE_START:
            return False  # Hai Bà Trưng, anh Ba
        if words == ["một"] and not (
            qual or ranged or LEX.before(LEX.mot_counts_re, text, num.start)
            # `sau một tuần`, `trong một năm qua`: a span of time
            or (unit.type == "duration" and LEX.before(LEX.hours_before_re, text, num.start))
        ):
            return False
        if LEX.before(LEX.few_re, text, num.start):
            return False  # vài ba xe: "a few"
        if match_end(LEX.number_compound_re, text, num.start) is not None:
            return False  # ba lô
        if words == ["năm"]:
            if unit.type == "duration" or _prev_word(text, num.start) in LEX.year_words:
                return False
    return True


def _after_unit(text: str, unit: Unit) -> tuple[int, str | None, str]:
    """(end, per, unit) after the unit: money rates `/năm`, measure ratios `tấn/ha`."""
    end = unit.end
    if unit.type == "money":
        pers = []
        while True:
            m = _PER_RE.match(text, end)
            if not m:
                break
            pers.append(m.group(1))
            end = m.end()
        return end, "/".join(pers) or None, unit.unit
    if unit.type == "measure" and text[end:end + 1] == "/":
        u2 = LEX.unit_at(text, end + 1, space=False)
        if u2 and u2.type in ("measure", "duration"):
            return u2.end, None, f"{unit.unit}/{u2.unit}"
    return end, None, unit.unit


def _vulgar(text: str, p: int, is_free: Callable[[int, int], bool]) -> Figure | None:
    """`gần ½ số hộ`: a fraction written as one character."""
    a, b = VULGAR_FRACTIONS[text[p]]
    if _re(r"[\p{L}\d]").match(text[p + 1:p + 2]) or not is_free(p, p + 1):
        return None
    q = LEX.before_span(LEX.qualifier_re, text, p)
    start = q[0] if q and is_free(q[0], p) else p
    attrs = {"numerator": a, "denominator": b, "subject": _noun_phrase(text, p + 1)}
    return Figure("fraction", start, p + 1, a / b, attrs)


def figure_at(text: str, p: int, is_free: Callable[[int, int], bool] = _EMPTY_SPAN) -> Figure | None:
    """The figure whose number starts at `p`, or None."""
    if text[p:p + 1] in VULGAR_FRACTIONS:
        return _vulgar(text, p, is_free)
    if not is_free(p, p + 1):
        return None  # every number read here starts at `p`: not free either
    num = _read_num(text, p)
    if num is None or not is_free(num.start, num.end):
        return None
    if not num.vague and _glued(text, num.start, num.end):
        if _short_hours(text, num) is None and _money_implied(text, num) is None:
            return None
    if text[num.end:num.end + 1] == "/" and _money_implied(text, num) is None:
        return _fraction(text, num, is_free)
    if (frac := _spoken_fraction(text, num, is_free)) is not None:
        return frac
    # what stands before: qualifier, range opener, name word
    start = num.start
    qual = None
    q = LEX.before_span(LEX.qualifier_re, text, num.start)
    if num.vague:
        qual = "about"
    elif q:
        start, word = q
        only = LEX.qual["only"].get(word)
        qual = only["qualifier"] if only else LEX.qual["before"][word]
        if word in LEX.nf["preposition_qualifiers"] and num.read and num.read.is_words:
            if not num.read.has_scale:
                q, qual, start = None, None, num.start  # trên hai xe buýt: "on"
    if not q and num.read is not None and num.read.is_words and num.words == ["một"] and _lone_mot(text, num):
        return None  # mở một lớp học: "a"
    opener = LEX.before_span(LEX.range_open_re, text, start)
    if num.fixed is not None and not num.vague and not q:
        return None  # a bare `trăm`, `triệu` with nothing to count
    named = None
    if not q and not num.vague and not _grouped(num):
        named = LEX.before_span(LEX.name_before_re, text, num.start)
        if named and (LEX.before(LEX.name_unless_re, text, num.start) or _counted_after_name(text, num, named)):
            named = None
    if named is None and _score(text, num, start):
        return Figure(SKIP, num.start, num.end, None)  # thắng 2-1: a score
    # after it: unit, range, unit
    unit1 = _unit_word(text, num)
    if (unit1 is None or unit1.type == "count") and not q and not _JOIN_NUM_RE.match(text, num.end):
        # `hệ số 2 môn`, `dưới điểm 2`: a measure named before wins over a
        # count noun after and over the name word (`điểm 2` of a list)
        before = _measure_before(text, num, start, qual, is_free, unit1)
        if before is not None:
            return before
    # a range joins after the whole unit, its rate included: `từ 3.800
    # dặm/giờ đến 4.600 dặm/giờ`, `từ 300.000 đồng/người đến ...`
    # a compound lower end (`từ 1 năm 6 tháng đến 2 năm`) ends after its smaller unit
    comp1 = _compound_duration(text, num, unit1) if unit1 is not None and unit1.type == "duration" else None
    after1 = comp1[0] if comp1 else _after_unit(text, unit1)[0] if unit1 else num.end
    num2: Num | None = None
    comp2: tuple[int, float] | None = None
    unit2: Unit | None = None
    mixed = 1
    j = _JOIN_RE.match(text, after1)
    if j and not num.vague:
        cand = _read_num(text, j.end())
        if cand is not None and cand.read is not None and (
            not _glued(text, cand.start, cand.end, False) or _money_implied(text, cand) is not None
        ):  # 36,65 - 37,88 triệu/lượng
            u2 = _unit_word(text, cand) or _money_implied(text, cand)
            if u2 is None and unit1 is None and named is None and _noun_ok(text, num, q) and _noun_ok(text, cand, q):
                u2 = _noun_unit(text, cand.end)
            if u2 is not None and u2.type == "duration":
                comp2 = _compound_duration(text, cand, u2)  # đến 2 năm 6 tháng
            if u2 is not None and (unit1 is None or (u2.type, u2.unit) == (unit1.type, unit1.unit)):
                num2, unit2 = cand, u2
            elif u2 is not None and unit1 is not None and (r := _ratio(unit1, u2)) is not None:
                # từ 6 tháng - 1 năm: the upper end in the first unit
                num2, mixed = cand, r
                unit2 = Unit(unit1.type, unit1.unit, u2.surface, u2.start, u2.end)
            elif u2 is not None and unit1 is not None and (age := _as_age(unit1, u2)) is not None:
                unit1 = age  # từ 24 tháng đến 5 tuổi: the lower end is an age too
                if (r := _ratio(unit1, u2)) is not None:
                    num2, mixed = cand, r
                    unit2 = Unit(unit1.type, unit1.unit, u2.surface, u2.start, u2.end)
                else:
                    return _split_range(text, start, opener, num, unit1, qual, cand, is_free)
            elif u2 is not None and unit1 is not None and {unit1.type, u2.type} == {"duration"}:
                # từ 3 tuần đến 2 tháng: no one unit holds both ends
                return _split_range(text, start, opener, num, unit1, qual, cand, is_free)
    if named is not None:
        sized = named[1] in LEX.sized_by and unit1 is not None and unit1.type in _SIZED_TYPES
        ranged = unit2 is not None and unit2.type in _SIZED_TYPES
        if not (sized or ranged):
            return None  # Điều 12, lớp 12, phút 90: a name or a rank
    if unit1 is None and num2 is None:
        unit1 = _money_implied(text, num) or _short_hours(text, num)
        if unit1 is None and _noun_ok(text, num, q):
            unit1 = _noun_unit(text, num.end)
    unit = unit2 or unit1
    if unit is None:
        return _measure_before(text, num, start, qual, is_free)
    unit = _in_context(text, start, unit)
    if only_units := (LEX.qual["only"].get(q[1], {}).get("units") if q else None):
        if unit.unit not in only_units:
            qual, start = None, num.start
    dc = unit.type in _DECIMAL_TYPES
    factor = LEX.money_factor.get(unit.surface.lower(), 1) if unit.type == "money" else 1
    value = _times(num.value(dc), factor)
    value_max = None
    if num2 is not None:
        hi = _times(num2.value(dc), factor)
        if comp2 is not None:
            hi = round(hi + comp2[1], 9)
        hi = _times(hi, mixed)
        if num2.scale > 1 and not num.has_big_scale:
            value = _times(num.value(True), factor)  # 36,230 - 36,430 triệu: decimals of the scale
        if comp1 is not None:
            value = round(value + comp1[1], 9)
        lo = value
        if not num.has_big_scale and num2.scale > 1 and lo * num2.scale <= hi:
            lo = lo * num2.scale
        elif (implied := _implied_thousands(text, num, num2, lo)) is not None and implied <= hi < implied * 10:
            lo = implied  # `10 - 15.000 đồng`: the lower end leaves off the upper's thousands groups
        if lo < hi and not opener and unit.type == "money" and (
            _buy_sell(text, num.start, num2.end)
            or (not q and hi - lo <= LEX.quote_pair_max_spread * hi and _quote_pair(text, num, unit))
        ):
            # mua vào ... bán ra: two prices, two records; this one is the first
            unit = unit2 or unit1
            assert unit is not None
            if not _unit_ok(text, num, unit, qual, False) or not is_free(start, num.end):
                return None
            lo = int(lo) if float(lo).is_integer() else lo
            attrs0: dict[str, Any] = {"value_max": None, "qualifier": qual or "exact"}
            if unit.type == "money":
                attrs0.update(currency=unit.currency, per=_after_unit(text, unit)[1])
            elif unit.type in ("measure", "duration", "count"):
                attrs0["unit"] = unit.unit
            return Figure(unit.type, start, num.end, lo, attrs0)
        if lo < hi:
            value, value_max, qual = lo, hi, "range"
            if opener:
                start = opener[0]
        else:
            num2, unit = None, unit1  # not a range: the first number alone
            if unit is None:
                return None
    elif opener and text[unit.end:unit.end + 8].lower().startswith(" trở lên"):
        qual, start = "at_least", opener[0]
    if text[unit.end:unit.end + 10].lower().startswith(" trở xuống"):
        qual = "at_most"
    elif text[unit.end:unit.end + 8].lower().startswith(" trở lên") and qual in (None, "exact"):
        qual = "at_least"
    compound = _compound_duration(text, num, unit) if num2 is None and unit.type == "duration" else None
    if not _unit_ok(text, num, unit, qual, num2 is not None, compound is not None or comp2 is not None):
        # skip the whole range too: `gấp 3 - 5 lần` leaves no `5 lần` behind
        return Figure(SKIP, num.start, unit.end, None) if num2 is not None else None
    end, per, unit_name = _after_unit(text, unit)
    if compound is not None:  # 7 năm 6 tháng, kéo dài 3 giờ 30 phút
        end, extra = compound
        value = round(value + extra, 9)
    elif num2 is not None and comp2 is not None:
        end = comp2[0]
    elif unit.type in ("duration", "measure") and value_max is None:
        half = _re(r"\s(?i:rưỡi)(?![\p{L}\d])").match(text[end:end + 7])
        if half:  # 2 năm rưỡi, một tiếng rưỡi
            value, end = value + 0.5, end + half.end()
    if not is_free(start, end):
        start = num.start
        if not is_free(start, end):
            if unit.type != "duration" or value_max is not None or not is_free(start, num.end):
                return None
            end = num.end  # trong 2 ngày 13-14/5: the date took `ngày 13-14/5`
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    attrs: dict[str, Any] = {"value_max": value_max, "qualifier": qual or "exact"}
    if unit.type == "money":
        attrs.update(currency=unit.currency, per=per)
    elif unit.type == "count":
        attrs.update(unit=unit_name, subject=_count_subject(text, unit))
    elif unit.type in ("measure", "duration"):
        attrs["unit"] = unit_name
    elif unit.type == "percent":
        attrs["subject"] = _noun_phrase(text, end)
    return Figure(unit.type, start, end, value, attrs)


def _lone_mot(text: str, num: Num) -> bool:
    """`một` with nothing that makes it a number: no qualifier (the caller
    checks), no word before that counts it (`mot_counts_after`, a span of
    hours), no range or `trở lên` after its unit. `figure_at` would find no
    figure (see `_unit_ok`, `_noun_ok`); this says so sooner."""
    if LEX.before(LEX.mot_counts_re, text, num.start) or LEX.before(LEX.hours_before_re, text, num.start):
        return False
    unit = _unit_word(text, num)
    if _JOIN_RE.match(text, _after_unit(text, unit)[0] if unit else num.end):
        return False
    return unit is None or text[unit.end:unit.end + 4].lower() != " trở"


_SIZED_TYPES = {"measure", "money", "percent", "duration"}
_SCORE_RE = regex.compile(r"\s?-\s?\d{1,2}(?![\d.,/-])")
_HOURS_RE = regex.compile(r"[hH](?![\p{L}\d])")


def _counted_after_name(text: str, num: Num, named: tuple[int, str]) -> bool:
    """`một nhóm 3 du khách` (a group of people), `điều 5 máy bay` (the verb):
    the name word before the number does not make it a name."""
    unit = LEX.unit_at(text, num.end)
    if unit is None or unit.type != "count":
        return False
    word = named[1]
    if word in LEX.nf["group_before_people"]:
        return unit.unit in LEX.people
    lower = text[named[0]:named[0] + 1].islower() and unit.surface[:1].islower()  # not `điều 139 Bộ luật`
    return word in LEX.nf["verb_when_lower"] and lower


def _times(v: int | float, factor: float) -> int | float:
    if factor == 1:
        return v
    out = round(v * factor, 9)
    return int(out) if float(out).is_integer() else out


def _score(text: str, num: Num, start: int) -> bool:
    """`thắng 2-1`, `tỷ số 1-1`: a match score, not a range."""
    m = None if num.read is None or num.read.is_words else _SCORE_RE.match(text, num.end)
    if m is None or LEX.unit_at(text, num.end + m.end()) is not None:
        return False
    return LEX.before(LEX.score_before_re, text, start, reach=60)


def _money_implied(text: str, num: Num) -> Unit | None:
    """A scaled amount with no currency that is money: `mất hơn 4 triệu tiền
    giống` (named by `tiền`), `lương 5 triệu/tháng` (a rate)."""
    if not num.has_big_scale:
        return None
    if LEX.money_implied_re.match(text, num.end):
        return Unit("money", "VND", "", num.end, num.end, "VND")
    m = _PER_RE.match(text, num.end)
    if m and text[num.end] == "/" and m.group(1) in LEX.money_rate_words:
        return Unit("money", "VND", "", num.end, num.end, "VND")
    return None


_COMPOUND_RE = regex.compile(r"\s(\d{1,2})(?=\s)")


def _compound_duration(text: str, num: Num, unit: Unit) -> tuple[int, float] | None:
    """(end, added value) of a smaller unit after a duration: `7 năm 6 tháng`.

    Hours and minutes are a clock time (`8 giờ 30 phút sáng`) unless a word
    before says they last (`kéo dài 3 giờ 30 phút`).
    """
    rule = LEX.duration_compound.get(unit.unit)
    if rule is None:
        return None
    m = _COMPOUND_RE.match(text, unit.end)
    if m is not None:
        amount, after = int(m.group(1)), m.end()
    else:  # spelled out: `hai năm sáu tháng`
        words = _read_num(text, unit.end + 1) if text[unit.end:unit.end + 1] == " " else None
        if words is None or words.read is None or not words.read.is_words:
            return None
        amount, after = words.value(False), words.end
        if not (isinstance(amount, int) and 0 < amount < 100 and text[after:after + 1] == " "):
            return None
    smaller, ratio = rule
    u2 = LEX.unit_at(text, after)
    if u2 is None or u2.type != "duration" or u2.unit != smaller:
        return None
    if unit.unit == "giờ":
        if not LEX.before(LEX.hours_before_re, text, num.start):
            return None
        if LEX.clock_after.match(text[u2.end:u2.end + 12].lstrip()):
            return None
    return u2.end, amount / ratio


def _short_hours(text: str, num: Num) -> Unit | None:
    """`trong 24h qua`, `48h tới`: hours written `h` that are a span of time."""
    if num.read is None or num.read.is_words or not _HOURS_RE.match(text, num.end):
        return None
    end = num.end + 1
    if LEX.hours_after_re.match(text, end) or LEX.before(LEX.hours_before_re, text, num.start):
        return Unit("duration", "giờ", text[num.end:end], num.end, end)
    return None


def _noun_ok(text: str, num: Num, q: tuple[int, str] | None) -> bool:
    """May the common noun after this number be its count noun?"""
    if num.read is None or num.vague:
        return False
    toks = num.read.tokens
    if num.read.is_words:
        if num.words == ["một"] and not q and not LEX.before(LEX.mot_counts_re, text, num.start):
            return False
        if any(w in LEX.nf["noun_fallback"]["word_numbers_never"] for w in num.words):
            return False
        first = toks[0].text
        if first[0].isupper() and _prev_char(text, num.start) not in _SENTENCE_START:
            return False
        if LEX.before(LEX.few_re, text, num.start) or match_end(LEX.number_compound_re, text, num.start) is not None:
            return False
    v = num.value(False)
    if not float(v).is_integer() or v <= 0:
        return False
    if len(toks) == 1 and toks[0].kind == "digits" and 1900 <= v <= 2100 and not q:
        return False  # a bare year
    m = _re(r"(?:[\p{Lu}][\p{L}\d-]*|[\d)])\s?$").search(text[max(0, num.start - 20):num.start])
    if m and _prev_char(text, max(0, num.start - 20) + m.start()) not in _SENTENCE_START:
        return False  # RON 92, Khóm 7, a second number: part of a name or a list
    return True


def _noun_unit(text: str, pos: int) -> Unit | None:
    n = noun_after(text, pos)
    if n is None:
        return None
    return Unit("count", n.surface.lower(), n.surface, n.start, n.end, None, n.classifier)


def _unit_word(text: str, num: Num) -> Unit | None:
    """The unit after the number, unless its word runs on (`2 đồng nghiệp` is
    no money) or it is a currency only for large amounts (`2 bảng` are boards,
    `65 triệu bảng` pounds)."""
    unit = LEX.unit_at(text, num.end)
    if unit is None:
        return None
    large = num.has_big_scale or (num.read is not None and num.value(False) >= 1000)
    if unit.surface.lower() in LEX.large_only:
        rate = text[unit.end:unit.end + 1] == "/"
        return unit if large or rate else None
    if unit.surface.lower() not in LEX.split_check or large:
        return unit  # 3 tỷ đồng tiền hoa hồng: a large amount is the currency
    end = word_end(text, unit.start)
    return unit if end is None or end <= unit.end else None


def _ratio(small: Unit, big: Unit) -> int | None:
    """How many `small` make exactly one `big` (12 tháng in a năm, 7 ngày in a
    tuần, 12 tháng tuổi in a tuổi), else None: a month has no whole number
    of days (`duration.range.inexact`)."""
    if small.type == "measure" and big.type == "measure":
        a, b = LEX.age_units.get(small.unit), LEX.age_units.get(big.unit)
        return a // b if a and b and a > b and a % b == 0 else None
    if small.type != "duration" or big.type != "duration" or small.unit == big.unit:
        return None
    n, u = 1, big.unit
    while u != small.unit:
        if u in LEX.duration_inexact or u not in LEX.duration_compound:
            return None
        u, r = LEX.duration_compound[u]
        n *= r
    return n


def _as_age(lower: Unit, upper: Unit) -> Unit | None:
    """The lower end of an age range written as a duration (`24 tháng` of
    `từ 24 tháng đến 5 tuổi`) as an age unit (`tháng tuổi`)."""
    if lower.type != "duration" or upper.type != "measure" or upper.unit not in LEX.age_units:
        return None
    age = f"{lower.unit} tuổi"
    if LEX.unit_at(age, 0) is None:
        return None  # no such age unit (`năm tuổi`)
    return Unit("measure", age, lower.surface, lower.start, lower.end)


_BARE_DIGITS = re.compile(r"\d{1,3}")
_THOUSAND_GROUPS = re.compile(r"\d{1,3}((?:\.\d{3})+)")


def _implied_thousands(text: str, num: Num, num2: Num, lo: int | float) -> int | float | None:
    """The lower end of a range read with the thousands groups the upper end
    writes out and the lower leaves off (`25-30.000` is 25.000-30.000,
    `2 - 3.500` 2.000-3.500), or None; the caller keeps it only when the
    two ends are then of one order of magnitude."""
    if not _BARE_DIGITS.fullmatch(text, num.start, num.end):
        return None
    m = _THOUSAND_GROUPS.fullmatch(text, num2.start, num2.end)
    if m is None:
        return None
    return lo * 1000 ** (len(m.group(1)) // 4)


def _split_range(
    text: str, start: int, opener: tuple[int, str] | None, num: Num, unit1: Unit, qual: str | None,
    cand: Num, is_free: Callable[[int, int], bool],
) -> Figure | None:
    """Two records for a range no one unit can hold (`từ 3 tuần đến 2 tháng`):
    the lower end `at_least`, the upper end `at_most`."""
    upper = figure_at(text, cand.start, is_free)
    if upper is None or upper.type == SKIP or not is_free(start, unit1.end):
        return None
    if opener is not None:
        start = opener[0]
    if qual is None:
        upper.attrs["qualifier"] = "at_most"
    value = num.value(unit1.type in _DECIMAL_TYPES)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    attrs = {"value_max": None, "qualifier": qual or "at_least", "unit": unit1.unit}
    return Figure(unit1.type, start, unit1.end, value, attrs, then=upper)


def _in_context(text: str, start: int, unit: Unit) -> Unit:
    """Units whose type depends on the words around: `3 mẫu lúa` is an area."""
    rule = LEX.context.get(unit.surface.lower())
    if rule is None or unit.type == rule["type"]:
        return unit
    after = _re(r"\s(\p{L}+)").match(text[unit.end:unit.end + 20])
    before = text[max(0, start - 30):start].lower()
    hit = (after is not None and after.group(1).lower() in rule.get("after", [])) or any(
        _re(rf"(?<!\p{{L}}){regex.escape(w)}\s*$").search(before) for w in rule.get("right_before", [])
    ) or any(_re(rf"(?<!\p{{L}}){regex.escape(w)}(?!\p{{L}})").search(before) for w in rule.get("before", []))
    if not hit:
        return unit
    return Unit(rule["type"], rule["unit"], unit.surface, unit.start, unit.end, None, unit.classifier)


def _quote_pair(text: str, num: Num, unit: Unit) -> bool:
    """A price per `lượng` or per dollar: a pair is buying and selling."""
    per = _after_unit(text, unit)[1]
    if per is None or per.split("/")[0] not in LEX.quote_pair_per:
        return False
    return not LEX.before(LEX.quote_pair_not_after, text, num.start, reach=20)


def _buy_sell(text: str, start: int, end: int) -> bool:
    """True when both a buying and a selling word stand near a pair of prices."""
    window = text[max(0, start - 40):min(len(text), end + 40)].lower()
    return all(_re(rf"(?<!\p{{L}}){w}(?!\p{{L}})").search(window) for w in ("mua", "bán"))


def _grouped(num: Num) -> bool:
    """Written with a scale or thousands groups: names and ordinals never are."""
    if num.read is None:
        return False
    return num.read.has_scale or any(
        t.kind == "digits" and _re(r"\d[.,]\d{3}(?!\d)").search(t.text) for t in num.read.tokens
    )


_PHAN_RE = regex.compile(r"\s(?i:phần)\s")


def _spoken_fraction(text: str, num: Num, is_free: Callable[[int, int], bool]) -> Figure | None:
    """`một phần tư`, `hai phần ba số hộ`: numerator phần denominator."""
    m = _PHAN_RE.match(text, num.end)
    if not m or num.read is None or num.read.has_scale:
        return None
    j = m.end()
    if _re(r"(?i:tư)(?![\p{L}\d])").match(text, j):
        den, end = 4, j + 2
    else:
        r = read_number(text, j)
        if r is None or r.has_scale:
            return None
        den, end = r.value(), r.end
    a = num.value(False)
    if not den or not is_free(num.start, end):
        return None
    attrs = {"numerator": a, "denominator": den, "subject": _noun_phrase(text, end)}
    return Figure("fraction", num.start, end, a / den, attrs)


def _measure_before(
    text: str, num: Num, start: int, qual: str | None, is_free: Callable[[int, int], bool],
    noun: Unit | None = None,
) -> Figure | None:
    """`hệ số lương 3,66`: the unit is named before the number."""
    m = LEX.before_span(LEX.measure_before_re, text, start)
    if not m or num.read is None or num.read.is_words:
        return None
    s, word = m
    if noun is not None and word == "điểm" and not _re(r"\s\p{Lu}").match(text[noun.end:noun.end + 2]):
        return None  # `điểm 3 môn là 22,5`: the total of three subjects, not a mark of 3
    unit = next(u for w, u in LEX.measure_before.items() if w.lower() == word)
    if not is_free(s, num.end) or LEX.measure_before_not_then.match(text, num.end):
        return None
    if text[s:s + 1].isupper() and word == "điểm":
        return None  # `Điểm 2:` heads a list
    if qual is None and (q := LEX.before_span(LEX.qualifier_re, text, s)):  # dưới điểm 2
        s, qual = q[0], LEX.qual["before"].get(q[1])
    attrs = {"value_max": None, "qualifier": qual or "exact", "unit": unit}
    return Figure("measure", s, num.end, num.value(True), attrs)


def _starts(text: str) -> list[int]:
    """Where a number may start: the matches of START_RE, left to right.

    START_RE would try its alternatives at every character; in a
    `simple_text` (ASCII digits; `str` tells letters and digits as `regex`
    does) one search for digit runs and one for the words find the same
    places, checked here as START_RE would.
    """
    if not simple_text(text):
        return [m.start() for m in START_RE.finditer(text)]
    n = len(text)
    found = [m.start() for m in _DIGIT_RUN.finditer(text)]
    for c in VULGAR_FRACTIONS:
        p = text.find(c)
        while p >= 0:
            found.append(p)
            p = text.find(c, p + 1)
    for m in _START_WORD.finditer(text.lower()):
        e = m.end()
        if e == n or not (text[e].isalpha() or text[e].isdecimal()):
            found.append(m.start())
    found.sort()
    return [p for p in found if p == 0 or not (text[p - 1].isalpha() or text[p - 1].isdecimal())]


def scan(text: str, is_free: Callable[[int, int], bool] = _EMPTY_SPAN) -> list[Figure]:
    """All figures of `text`, left to right, spans not overlapping.

    `is_free(start, end)` tells which spans earlier extractors left (documents,
    dates); a number inside a taken span is not read.
    """
    out: list[Figure] = []
    pos = 0
    for p in _starts(text):
        if p < pos:
            continue
        fig = figure_at(text, p, is_free)
        if fig is not None:
            if fig.type != SKIP:
                out.append(fig)
            pos = fig.end
            if fig.then is not None:
                out.append(fig.then)
                pos = fig.then.end
    return out
