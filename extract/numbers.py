"""The one Vietnamese number reader every figure extractor uses.

Vietnamese press writes numbers in digits, in words, and mixed:

>>> parse_number("20.050")
20050
>>> parse_number("130,47")
130.47
>>> parse_number("1 tỷ 200 triệu")
1200000000
>>> parse_number("bảy mươi lăm")
75
>>> parse_number("2 tỷ rưỡi")
2500000000
>>> parse_number("hai nghìn tỷ")
2000000000000

Decisions taken by context (the SPEC "comma rule"):

- `.` groups thousands and `,` marks decimals (`20.050` = 20050,
  `130,47` = 130.47). A dot before other than three digits is a decimal
  point, as English-style sources write it (`37.5` = 37.5, `2.5 triệu`).
- A comma before exactly three digits (`14,590`, `2,375`) is ambiguous.
  Before a scale word it is a decimal comma (`2,375 tỷ` = 2375000000);
  otherwise the caller says what the number counts: `decimal_comma=True`
  for measures (`148,625 ha` = 148.625) and percentages, False (the
  default) for whole counts of people or things and for amounts in đồng
  (`14,590 lượt` = 14590, `500,000 đồng` = 500000).
- With both separators the last one is the decimal mark when a different
  one comes before it (`1.234,5` = 1234.5, `1,234.5` = 1234.5); several of
  the same (`1,234,567`) are groups.
- Zero-padded numbers are plain numbers (`02` = 2, `07` = 7).
- A trailing group after a big scale without its own scale is the spoken
  fraction of that scale: `1 tỷ 200` = 1.2 tỷ, `hai triệu ba` = 2.3 triệu.
- Number words follow the spoken grammar: `mười lăm` = 15, `hai mươi mốt`
  = 21, `ba mươi tư` = 34, `một trăm linh năm` = 105, `một nghìn không trăm
  hai mươi` = 1020. `năm` after a tens word is "year", not five (`hai mươi
  năm` is 20 years; 25 is `hai mươi lăm`), and two unit words in a row stop
  the number (`hai năm` is 2 then "năm").

Whether a word number is a figure at all (`một` meaning "a", `năm` meaning
"year") is decided by the extractors, not here (see
`extract/extractors/figures`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .resources import load_rules

# Patterns used at run time, compiled once (the module-level `regex.match(str, ...)`
# re-enters regex's compile cache, whose flag handling costs more than the match).
_re = lru_cache(maxsize=1024)(regex.compile)

_RULES = load_rules("numbers")
UNIT_WORDS: dict[str, int] = dict(_RULES["units"])
AFTER_TENS: dict[str, int] = dict(_RULES["after_tens"])
TEN_WORDS = frozenset(_RULES["tens"]["ten"])
TIMES_TEN = frozenset(_RULES["tens"]["times_ten"])
SMALL_SCALES: dict[str, int] = dict(_RULES["small_scales"])
BIG_SCALES: dict[str, int] = dict(_RULES["big_scales"])
HALF = frozenset(_RULES["words"]["half"])
LINK = frozenset(_RULES["words"]["link"])
ZERO = frozenset(_RULES["words"]["zero"])

SCALE_WORDS = {**SMALL_SCALES, **BIG_SCALES}
# `½`: one character for numerator and denominator
VULGAR_FRACTIONS: dict[str, tuple[int, int]] = {
    k: (int(a), int(b)) for k, (a, b) in _RULES["vulgar_fractions"].items()
}
NUMBER_WORDS = (
    set(UNIT_WORDS) | set(AFTER_TENS) | TEN_WORDS | TIMES_TEN | set(SCALE_WORDS) | HALF | LINK | ZERO
)

DIGITS = r"\d+(?:[.,]\d+)*"
_TOKEN = regex.compile(rf"(?:{DIGITS})(?![.,]\d)|\p{{L}}+")
_DIGITS_FULL = regex.compile(rf"{DIGITS}")


def parse_digits(s: str, decimal_comma: bool = False) -> int | float:
    """Read a digit string written the Vietnamese way (see module docstring).

    >>> parse_digits("1.070"), parse_digits("37.5"), parse_digits("02")
    (1070, 37.5, 2)
    >>> parse_digits("14,590"), parse_digits("148,625", decimal_comma=True)
    (14590, 148.625)
    >>> parse_digits("1.234.567,89")
    1234567.89
    """
    if s.isdecimal():  # the common case: plain digits (what `\d+` matches)
        return int(s)
    if not _DIGITS_FULL.fullmatch(s):
        raise ValueError(f"not a number: {s!r}")
    seps = [c for c in s if c in ".,"]
    if not seps:
        return int(s)
    last = seps[-1]
    head, _, tail = s.rpartition(last)
    if len(set(seps)) == 2:
        # mixed: the last mark is the decimal one, the other groups
        other = "," if last == "." else "."
        if last in head:
            raise ValueError(f"ambiguous number: {s!r}")
        return _number(head.replace(other, ""), tail)
    if len(seps) > 1:
        groups = s.split(last)
        if all(len(g) == 3 for g in groups[1:]):
            return int("".join(groups))
        raise ValueError(f"bad grouping: {s!r}")
    if len(tail) != 3:
        return _number(head, tail)
    if last == "." or not decimal_comma:
        return int(head + tail)
    return _number(head, tail)


def _number(whole: str, frac: str) -> int | float:
    v = float(f"{whole or 0}.{frac}")
    return int(v) if v.is_integer() and not frac.strip("0") else v


@dataclass
class Token:
    kind: str  # digits, unit, ten, times_ten, after_tens, small, big, half, link, zero
    text: str
    start: int
    end: int
    value: float = 0


@dataclass
class NumberRead:
    """A number expression found in a text: its tokens and span.

    Its tokens are not to be changed once read: what is worked out from them
    (value, scale words) is remembered.
    """

    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)
    _values: dict[bool, int | float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _kinds: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._kinds = frozenset(t.kind for t in self.tokens)

    @property
    def text_tokens(self) -> list[str]:
        return [t.text for t in self.tokens]

    @property
    def has_scale(self) -> bool:
        return "big" in self._kinds or "small" in self._kinds

    @property
    def has_big_scale(self) -> bool:
        return "big" in self._kinds

    @property
    def is_words(self) -> bool:
        return "digits" not in self._kinds

    @property
    def comma_ambiguous(self) -> bool:
        """True when a digit group like `14,590` could be read two ways."""
        for i, t in enumerate(self.tokens):
            if t.kind == "digits" and _re(r"\d+,\d{3}").fullmatch(t.text):
                nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
                if nxt is None or nxt.kind not in ("big", "small"):
                    return True
        return False

    def value(self, decimal_comma: bool = False) -> int | float:
        v = self._values.get(decimal_comma)
        if v is None:
            v = self._values[decimal_comma] = _evaluate(self.tokens, decimal_comma)
        return v

    def scale_of_last(self) -> int:
        """The big scale that closes the expression (`15-20 triệu`: 1e6), else 1."""
        if self.tokens and self.tokens[-1].kind == "big":
            s = 1
            for t in reversed(self.tokens):
                if t.kind != "big":
                    break
                s *= int(t.value)
            return s
        return 1


# kind and value of every number word, lower case (the first list a word is in wins)
_WORD_KINDS: dict[str, tuple[str, float]] = {}
for _kind, _words in (
    ("unit", UNIT_WORDS), ("ten", dict.fromkeys(TEN_WORDS, 10)), ("times_ten", dict.fromkeys(TIMES_TEN, 0)),
    ("after_tens", AFTER_TENS), ("small", SMALL_SCALES), ("big", BIG_SCALES), ("half", dict.fromkeys(HALF, 0)),
    ("link", dict.fromkeys(LINK, 0)), ("zero", dict.fromkeys(ZERO, 0)),
):
    for _w, _v in _words.items():
        _WORD_KINDS.setdefault(_w, (_kind, _v))


def _classify(word: str, start: int, end: int) -> Token | None:
    if word[0].isdigit():
        return Token("digits", word, start, end)
    hit = _WORD_KINDS.get(word.lower())
    return Token(hit[0], word, start, end, hit[1]) if hit else None


def _tokens_from(text: str, pos: int, limit: int = 40) -> list[Token]:
    """Number-like tokens from `pos`, separated by single spaces."""
    out: list[Token] = []
    i = pos
    while len(out) < limit:
        m = _TOKEN.match(text, i)
        if not m:
            break
        t = _classify(m.group(), m.start(), m.end())
        if t is None:
            break
        out.append(t)
        i = m.end()
        if text[i:i + 1] == " ":
            i += 1
        else:
            break
    return out


def _valid_next(prev: Token | None, t: Token, seen_big: bool) -> bool:
    """Can token `t` follow `prev` inside one number?"""
    k, p = t.kind, (prev.kind if prev else None)
    if p is None:
        return k in ("digits", "unit", "ten")
    if k == "digits":
        return p in ("big",)
    if k == "unit":
        if t.text.lower() == "năm" and p in ("ten", "times_ten"):
            return False  # hai mươi năm: 20 years
        return p in ("ten", "times_ten", "small", "big", "link")
    if k == "ten":
        return p in ("small", "big", "link")
    if k == "times_ten":
        return p == "unit" and prev is not None and prev.value >= 2
    if k == "after_tens":
        return p in ("ten", "times_ten")
    if k == "small":
        return p in ("digits", "unit", "zero")
    if k == "big":
        return p in ("digits", "unit", "ten", "times_ten", "after_tens", "small", "big")
    if k == "half":
        return p in ("big", "small")
    if k == "link":
        return p in ("small", "big")
    if k == "zero":
        return p == "big"
    return False


def read_number(text: str, pos: int) -> NumberRead | None:
    """The longest well-formed number expression starting at `pos`.

    >>> r = read_number("trên 30 ngàn lượt", 5)
    >>> text_of(r, "trên 30 ngàn lượt"), r.value()
    ('30 ngàn', 30000)
    >>> read_number("hai năm", 0).end
    3
    """
    toks = _tokens_from(text, pos)
    best: list[Token] = []
    prev: Token | None = None
    seen_big = False
    for i, t in enumerate(toks):
        if not _valid_next(prev, t, seen_big):
            break
        if t.kind == "zero" and not (i + 1 < len(toks) and toks[i + 1].text.lower() == "trăm"):
            break
        if t.kind == "link" and not (i + 1 < len(toks) and toks[i + 1].kind in ("unit", "ten", "digits")):
            break
        prev = t
        seen_big = seen_big or t.kind == "big"
        # a number cannot end on a link/zero word or a lone times_ten
        if t.kind not in ("link", "zero"):
            best = toks[: i + 1]
        if t.kind == "half":
            break
    if not best:
        return None
    read = NumberRead(best[0].start, best[-1].end, best)
    try:
        read.value(False)
    except ValueError:
        return None
    return read


def text_of(r: NumberRead, text: str) -> str:
    return text[r.start:r.end]


def _evaluate(tokens: list[Token], decimal_comma: bool) -> int | float:
    total: float = 0
    small: float = 0
    small_set = False
    last_unit = 0.0
    prev_big: int | None = None
    last_kind = None
    trailing: Token | None = None  # a digits group after a big scale, no scale of its own
    for i, t in enumerate(tokens):
        k = t.kind
        if k == "digits":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            scaled = nxt is not None and nxt.kind in ("big", "small")
            small = parse_digits(t.text, decimal_comma or scaled)
            small_set = True
            trailing = t if prev_big else None
        elif k == "unit":
            small += t.value
            last_unit = t.value
            small_set = True
            trailing = t if (prev_big and last_kind == "big") else trailing
        elif k == "ten":
            small += 10
            small_set = True
            trailing = None
        elif k == "times_ten":
            small += last_unit * 9
            trailing = None
        elif k == "after_tens":
            small += t.value
        elif k == "small":
            small = (small if small_set else 1) * t.value
            small_set = True
            trailing = None
        elif k == "big":
            s = int(t.value)
            if prev_big is None or s > prev_big:
                total = (total + small) * s
            else:
                total += small * s
            if not small_set and prev_big is None:
                raise ValueError("scale without a number")
            prev_big = s
            small, small_set, trailing = 0, False, None
        elif k == "zero":
            small, small_set = 0, True
        elif k == "half":
            if last_kind == "big" and prev_big:
                total += prev_big / 2
            elif last_kind == "small":
                small += tokens[i - 1].value / 2
        last_kind = k
    if trailing is not None and prev_big and small_set and last_kind in ("digits", "unit"):
        digits = len(str(int(small))) if float(small).is_integer() else 0
        if digits and small < 1000:
            small = small * prev_big / 10**digits
    v = total + small
    if isinstance(v, float) and math.isfinite(v) and v.is_integer():
        return int(v)
    return round(v, 9) if isinstance(v, float) else v


def parse_number(text: str, decimal_comma: bool = False) -> int | float | None:
    """Value of a whole number expression, or None when `text` is not one.

    >>> parse_number("2,375 tỷ"), parse_number("mười lăm"), parse_number("một số")
    (2375000000, 15, None)
    """
    t = " ".join(text.split())
    r = read_number(t, 0)
    if r is None or r.end != len(t):
        return None
    return r.value(decimal_comma)


# --- writing numbers (the inverse, for tests and reports) -----------------

_UNIT_NAMES = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _words_below_1000(n: int, full: bool) -> list[str]:
    h, r = divmod(n, 100)
    t, u = divmod(r, 10)
    out: list[str] = []
    if h or full:
        out += [_UNIT_NAMES[h], "trăm"]
    if t == 0:
        if u:
            if h or full:
                out.append("linh")
            out.append(_UNIT_NAMES[u])
    elif t == 1:
        out.append("mười")
        if u:
            out.append("lăm" if u == 5 else _UNIT_NAMES[u])
    else:
        out += [_UNIT_NAMES[t], "mươi"]
        if u:
            out.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, _UNIT_NAMES[u]))
    return out


def to_words(n: int) -> str:
    """Spell a whole number 1 <= n < 10**12 the way it is read aloud.

    >>> to_words(21), to_words(105), to_words(1020), to_words(1_200_000)
    ('hai mươi mốt', 'một trăm linh năm', 'một nghìn không trăm hai mươi', 'một triệu hai trăm nghìn')
    """
    if not 1 <= n < 10**12:
        raise ValueError(n)
    parts: list[str] = []
    groups = [(10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"), (1, "")]
    started = False
    for size, name in groups:
        g, n = divmod(n, size)
        if g:
            parts += _words_below_1000(g, full=started)
            if name:
                parts.append(name)
            started = True
    return " ".join(parts)


def to_digits(x: int | float, decimals: int = 0) -> str:
    """Write a number with `.` thousands and `,` decimals.

    >>> to_digits(20050), to_digits(130.47, 2)
    ('20.050', '130,47')
    """
    whole = int(abs(x))
    s = f"{whole:,}".replace(",", ".")
    if decimals:
        frac = f"{abs(x):.{decimals}f}".split(".")[1]
        s += "," + frac
    return ("-" if x < 0 else "") + s
