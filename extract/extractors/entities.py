"""Named people, organisations and places (SPEC `entity`, labels PER/ORG/LOC).

underthesea's CRF `ner()` alone scores about 0.25 F1 on the seeds: it calls
most organisations LOC and tags document codes and years. Here it is one
source among several, tried in this order, each refused where an earlier one
(or a document id, date or figure) already took the span:

1. outlet tags and domains (`(Baothanhhoa.vn) -`, `LSO-`) and photo credits;
2. organisations: a head from `rules/organizations.toml` (`Sở`, `Ban`,
   `Trường`...) and the name body Vietnamese capitalisation marks out
   (`Sở Lao động - Thương binh và Xã hội`, `Ban Tổ chức Tỉnh ủy Bắc Giang`);
3. places after a category word (`huyện Đại Từ` gives `Đại Từ`), then
   province, country and region names alone (`extract.gazetteer`);
4. people: bylines, names after a title or form of address
   (`rules/persons.toml`), full names opening with a family name;
5. underthesea's CRF NER for the people the rules miss (foreign names),
   computed by `extract.ner` (same tags, ~8x faster) and run only on a few
   words around each capitalised run it could still turn into a person
   (`NER_CONTEXT`, `VNEXTRACT_NER_CONTEXT=0` for whole sentences);
   `VNEXTRACT_NER=0` turns it off;
6. every later mention of a name found above (`Đại Từ` in a headline once
   `huyện Đại Từ` is known).

>>> from extract.document import Doc
>>> doc = Doc("d", "Sở Nội vụ tỉnh Thanh Hóa phối hợp với huyện Đại Từ.")
>>> [(doc.text[s:e], label) for s, e, _v, label, _r in find_entities(doc, use_ner=False)]
[('Sở Nội vụ tỉnh Thanh Hóa', 'ORG'), ('Đại Từ', 'LOC')]
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import accumulate, chain
from typing import Any

import regex

from .. import gazetteer as gz
from ..document import Doc, Fact
from ..normalize import normalize_text
from ..resources import load_rules
from . import register

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}\p{N}]*|\p{N}+")
_TOKEN_SPLIT = regex.compile(f"({_TOKEN.pattern})")

# `re` splits several times faster but knows no `\p{..}`: its twin of `_TOKEN`
# splits a text the same way when every character of it is one on which the
# two patterns' classes agree (most of Latin and punctuation, all of
# Vietnamese; not `²`, `½`, combining marks).
_RE_TOKEN_SPLIT = re.compile(r"([^\W\d_][^\W_]*|\d+)")
_SAFE_BLOCKS = ((0x0000, 0x0250), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x20A0, 0x20D0), (0x2190, 0x2300),
                (0x2500, 0x2700))


@cache
def _re_unsafe() -> re.Pattern:
    """A character of a text `_RE_TOKEN_SPLIT` may split otherwise than `_TOKEN_SPLIT`."""
    letter, mark, number = regex.compile(r"\p{L}"), regex.compile(r"\p{M}"), regex.compile(r"\p{N}")
    opens, inside, digit = re.compile(r"[^\W\d_]"), re.compile(r"[^\W_]"), re.compile(r"\d")

    def agree(c: str) -> bool:
        lt, num = bool(letter.match(c)), bool(number.match(c))
        return (
            lt == bool(opens.match(c)) and num == bool(digit.match(c))
            and (lt or num or bool(mark.match(c))) == bool(inside.match(c))
        )

    safe = "".join(re.escape(chr(c)) for lo, hi in _SAFE_BLOCKS for c in range(lo, hi) if agree(chr(c)))
    return re.compile(f"[^{safe}]")


def _token_split(text: str) -> list[str]:
    """`_TOKEN_SPLIT.split(text)`: text between tokens at even places, the tokens at odd ones."""
    if _re_unsafe().search(text) is None:
        return _RE_TOKEN_SPLIT.split(text)
    return _TOKEN_SPLIT.split(text)

# Lower-case syllables that end a name rather than continue a one-syllable
# capitalised word (`Công ty Vinamilk cho biết`: `cho` is not part of it).
_FUNCTION = set(
    "đã sẽ đang được bị là và của về cho với tại ở trong có không này đó các những "
    "theo từ đến thì mà để vào ra lên cũng vẫn đều rất cùng như khi nếu sau trước "
    "giữa trên dưới ngoài hay hoặc nhưng vì do nên mới vừa còn chỉ phải năm tháng "
    "ngày số tổ ban phối tham tiếp ký nhận làm xây".split()
)


def _n(s: str) -> str:
    return normalize_text(s)


# A Vietnamese syllable written without its marks (`Minh`, `Choi`, `Son`):
# onset, one to three vowels, coda. A capitalised ASCII word that is not one
# (`Kane`, `Seoul`, `Everton`) is a foreign name.
_VI_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?"
)


def _camel(t: str) -> bool:
    """`BaoYenBai`, `VnExpress`: capitals inside one word."""
    return len(t) > 2 and t[0].isupper() and any(c.isupper() for c in t[1:]) and not t.isupper()


def _foreign(t: str) -> bool:
    """A capitalised ASCII word that is no Vietnamese syllable.

    >>> [_foreign(w) for w in ("Kane", "Seoul", "Minh", "Choi", "FLC", "Đức")]
    [True, True, False, False, False, False]
    """
    return (
        len(t) >= 2 and t.isascii() and t[0].isupper() and not t.isupper() and t.isalpha()
        and not _VI_SYLLABLE.fullmatch(t.lower())
    )


# First token of a phrase -> (length in tokens, the tokens after the first) of
# each phrase it opens, longest first.
Phrases = dict[str, list[tuple[int, list[str]]]]


def _phrases(words: list[str]) -> Phrases:
    """The `Phrases` table of `words`."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for w in words:
        toks = tuple(_TOKEN.findall(_n(w)))
        if toks:
            table.setdefault(toks[0], []).append(toks)
    return {
        first: [(len(p), list(p[1:])) for p in sorted(phrases, key=len, reverse=True)]
        for first, phrases in table.items()
    }


@dataclass
class _Rules:
    standalone: Phrases
    heads: Phrases
    institutions: Phrases
    lower_words: Phrases
    levels: Phrases
    acronyms: set[str]
    needs_tail: set[str]
    generic_before: Phrases
    generic_after: Phrases
    not_entities: set[str]
    address: Phrases
    titles: Phrases
    surnames: set[str]
    not_names: set[str]
    credit: list[str]
    ner_stop: set[str]
    categories: Phrases
    not_after: set[str]
    outlet_domains: list[str]
    state_words: Phrases
    named: Phrases
    foreign_last: set[str]
    foreign_first: set[str]
    foreign_loc_last: set[str]
    context_org: Phrases
    context_loc: Phrases
    not_given: set[str]
    byline_lead: list[str]
    foreign_skip: set[str]
    features: Phrases
    bracket_not: set[str]
    feature_compounds: set[str]
    lunar_years: set[str]
    # words that open a body or brand name, or are an acronym (`_org` reads nothing else)
    org_openers: set[str] = field(init=False)

    def __post_init__(self) -> None:
        tables = (self.named, self.standalone, self.institutions, self.heads)
        self.org_openers = {w for t in tables for w, phrases in t.items() if phrases} | self.acronyms


@cache
def rules() -> _Rules:
    org = load_rules("organizations")
    per = load_rules("persons")
    gaz = load_rules("gazetteer_extra")
    lower = lambda ws: [_n(w).lower() for w in ws]  # noqa: E731
    return _Rules(
        standalone=_phrases(org["standalone"]),
        heads=_phrases(org["heads"]),
        institutions=_phrases(org["institutions"]),
        lower_words=_phrases(org["lower_words"]),
        levels=_phrases(org["levels"]),
        acronyms={_n(a) for a in org["acronyms"]},
        needs_tail={_n(a) for a in org["needs_tail"]},
        generic_before=_phrases(lower(org["generic_before"])),
        generic_after=_phrases(lower(org["generic_after"])),
        not_entities={_n(w) for w in org["not_entities"]},
        address=_phrases(lower(per["address"])),
        titles=_phrases(per["titles"]),
        surnames={_n(s) for s in per["surnames"]},
        not_names={_n(s) for s in per["not_names"]},
        credit=[_n(c) for c in per["credit"]],
        ner_stop={_n(w) for w in per["ner_stop"]},
        categories=_phrases(lower(gaz["categories"].keys())),
        not_after={_n(w).lower() for w in gaz["places"].get("not_after", [])},
        outlet_domains=org["outlet_domains"],
        state_words=_phrases(org["state_words"]),
        named=_phrases(org["brands"] + org["clubs"]),
        foreign_last=set(org["foreign_org_last"]),
        foreign_first=set(org["foreign_org_first"]),
        foreign_loc_last=set(gaz["places"]["foreign_last"]),
        context_org=_phrases(lower(org["foreign_context_org"])),
        context_loc=_phrases(lower(org["foreign_context_loc"])),
        not_given={_n(w) for w in per["not_given_names"]},
        byline_lead=[_n(w) for w in per["byline_lead"]],
        foreign_skip=set(per["foreign_skip_first"]),
        features=_phrases(lower(gaz["features"]["words"])),
        bracket_not={_n(w) for w in gaz["features"]["bracket_not"]},
        feature_compounds={_n(w).lower() for w in gaz["features"].get("compounds", [])},
        lunar_years={_n(f"{a} {b}") for a in per["lunar_stems"] for b in per["lunar_branches"]},
    )


def _cap(t: str) -> bool:
    return t[:1].isupper()


def _allcaps(t: str) -> bool:
    return len(t) >= 2 and t.isupper()


_CLUB_SUFFIXES = ("FC", "United", "City")

# Initials before a dot that are no club: `TP.HCM`, `Q.1`, `H.Đại Từ`.
_NOT_CLUB = {"TP", "Tp", "Q", "P", "H", "X", "TX", "TT", "F", "T", "K", "N", "S", "U"}


# Punctuation between two tokens after which the second opens a sentence.
_BREAK = re.compile(r"[.!?:;\n\"(|]")

_NEWLINE = re.compile("\n")

# A decimal digit, as `str.isdecimal` (Unicode category Nd).
_DECIMAL = re.compile(r"\d")


# A name alone on a line, as a byline (`Minh Anh`, `Hà Linh - 10:30`), and a time
# or date after it.
_BYLINE_LINE = regex.compile(
    r"(?m)^[ \t]*(\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*){1,3})(?=[ \t]*(?:$|[,-]|\d{1,2}:\d{2}|\(|\d{1,2}/\d))"
)
_DATED = regex.compile(r"\s*\d{1,2}:\d{2}|\s*\d{1,2}/\d")

# A province in brackets after a name: `Nho Quan (Ninh Bình)`.
_BRACKETED = regex.compile(r"(?<=\p{L}) \((\p{Lu}[\p{L}\p{M} .-]{1,30})\)")


def _alternatives(words: list[str]) -> str:
    """A regex alternation of `words`, longest first."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _outlet_patterns() -> tuple[regex.Pattern, regex.Pattern, re.Pattern]:
    """An outlet's tag opening a line (`(Baothanhhoa.vn) -`, `LSO-`), an outlet's
    domain anywhere, and what every domain holds (a fast test for none)."""
    doms = _alternatives(rules().outlet_domains)
    tag = regex.compile(
        rf"(?m)^[ (]*(?P<o>\p{{Lu}}[\p{{L}}\p{{N}}-]*\.(?:{doms})|\p{{Lu}}[\p{{Lu}}\p{{N}}]{{1,9}})\)?\s*-"
    )
    dom = regex.compile(rf"(?<![\p{{L}}\p{{N}}./@])\p{{Lu}}[\p{{L}}\p{{N}}-]*\.(?:{doms})\b(?![./])")
    return tag, dom, re.compile(rf"\.(?:{doms})")


@cache
def _credit_pattern() -> regex.Pattern:
    """A photo credit: `Ảnh: Lê Minh Sơn/Vietnam+`."""
    words = _alternatives(rules().credit)
    return regex.compile(rf"(?m)(?:^|[(\[|] ?|(?<=[.!?] ))(?:{words}) ?: ?(?P<x>[^\n)\]|]+)")


@cache
def _closing_pattern() -> regex.Pattern:
    """A name closing the article: `Hiếu Công`, `Theo Diệu Thùy (Báo Bóng đá)`."""
    lead = "|".join(regex.escape(w) for w in rules().byline_lead)
    return regex.compile(
        rf"(?:(?<![^\n])|[.!?…\"] )(?:(?:{lead}) )?(?P<n>\p{{Lu}}\p{{Ll}}*(?: \p{{Lu}}\p{{Ll}}*){{1,3}})"
        rf"(?: ?\((?P<o>[^()\n]{{2,40}})\))?[ .]*$"
    )


# Tokens of context either side of a run NER is asked about (None: the whole sentence).
NER_CONTEXT: int | None = int(os.environ.get("VNEXTRACT_NER_CONTEXT", "6")) or None


class _Scanner:
    """Tokens of one document and the matching helpers the rules share."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        # one split gives the tokens (odd parts) and the text between them (even
        # parts); the running length of the parts gives every token's offsets
        parts = _token_split(doc.text)
        bounds = list(accumulate(map(len, parts)))
        self.words = parts[1::2]
        self.tok_start = bounds[0:-1:2]
        self.tok_end = bounds[1::2]
        self.n = len(self.words)
        self.r = rules()
        self.g = gz.gazetteer()
        self.found: list[tuple[int, int, str, str, str]] = []  # start, end, value, label, rule
        self.claimed: list[tuple[int, int]] = []
        self._claimed_tok = [False] * self.n  # tokens inside a claimed span
        self.org_at: dict[int, int] = {}  # token index where an ORG starts -> its end token
        self._names: dict[int, list[tuple[int, str]]] = {}  # see `_names_from`
        # per-token tables: the scans below read these millions of times
        self.gaps = parts[2::2]
        if self.n:
            self.gaps[-1] = "\n"
        self._spaced = [g == " " for g in self.gaps]
        # where each word occurs: the rules look words up instead of scanning
        # the tokens, and per-word facts are computed once per distinct word
        self._at: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self._at.setdefault(w, []).append(i)
        distinct = list(self._at)
        self._lower_of = dict(zip(distinct, "\0".join(distinct).lower().split("\0"), strict=True))
        self.lowers = list(map(self._lower_of.__getitem__, self.words))
        self._cased = [w for w, low in self._lower_of.items() if low != w]  # words lower-casing changes
        self._capitalised = {w for w in distinct if w[0].isupper()}
        # capitalised words a gazetteer name can open: most cannot
        self._place_openers = {w for w in self._capitalised if gz.key(w) in self.g.prefixes}
        # capitalised words `_from_ner` could take into a person
        self._ner_words = {
            w for w in self._capitalised if not _allcaps(w) and not _DECIMAL.search(w) and w not in self.r.ner_stop
        }
        self._caps = self.positions(self._capitalised)  # capitalised tokens, in order
        self._sent_starts = {sent.start for sent in doc.sentences}

    def opens_sentence(self, i: int) -> bool:
        """Token i opens a sentence: the first token, one after a break, one a sentence starts at."""
        if not 0 <= i < self.n:
            return False
        if i == 0 or self.tok_start[i] in self._sent_starts:
            return True
        gap = self.gaps[i - 1]
        return gap != " " and _BREAK.search(gap) is not None

    # --- token helpers ---------------------------------------------------
    def t(self, i: int) -> str:
        return self.words[i] if 0 <= i < self.n else ""

    def gap(self, i: int) -> str:
        """Text between token i and token i+1."""
        return self.gaps[i] if 0 <= i < self.n else "\n"

    def spaced(self, i: int) -> bool:
        return 0 <= i < self.n and self._spaced[i]

    def level_joined(self, i: int) -> bool:
        """Token i (a level word) runs into the name after it: `tỉnh Nam Định`, `TP.Hà Nội`."""
        return self.spaced(i) or (self.t(i) in ("TP", "Tp") and self.gap(i) in (".", ". "))

    def match(self, i: int, table: dict, lower: bool = False) -> int:
        """Length in tokens of the longest phrase of `table` starting at token i."""
        if not 0 <= i < self.n:
            return 0
        words = self.lowers if lower else self.words
        phrases = table.get(words[i])
        if not phrases:
            return 0
        for k, rest in phrases:
            if k == 1 or (words[i + 1 : i + k] == rest and all(self._spaced[i : i + k - 1])):
                return k
        return 0

    def starts(self, table: dict, lower: bool = False) -> list[int]:
        """Tokens that open a phrase of `table` (a cheap filter before `match`)."""
        return self.positions(table.keys(), lower)

    def positions(self, words: Set[str], lower: bool = False) -> list[int]:
        """Tokens (lower-cased with `lower`) that are one of `words`, in order."""
        if lower:
            hits = [w for w in self._at.keys() & words if self._lower_of[w] == w]
            hits += [w for w in self._cased if self._lower_of[w] in words]
        else:
            hits = list(self._at.keys() & words)
        return sorted(chain.from_iterable(map(self._at.__getitem__, hits)))

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.tok_start[i], self.tok_end[j - 1]

    def free(self, i: int, j: int) -> bool:
        # claims are token spans, so a span is free of them when its tokens are
        if any(self._claimed_tok[i:j]):
            return False
        s, e = self.span(i, j)
        return self.doc.is_free(s, e)

    def emit(self, i: int, j: int, label: str, rule: str) -> bool:
        if j <= i or not self.free(i, j):
            return False
        s, e = self.span(i, j)
        if label == "PER" and self.text[s:e] in self.r.lunar_years:
            return False  # `Tết Đinh Dậu`: a year of the lunar calendar
        rs, re_ = self.doc.to_raw(s, e)
        value = unicodedata.normalize("NFC", self.doc.raw[rs:re_])
        self.found.append((s, e, value, label, rule))
        self.claimed.append((s, e))
        self._claimed_tok[i:j] = [True] * (j - i)
        if label == "ORG":
            self.org_at[i] = j
        return True

    def cap_run(self, i: int, limit: int = 6) -> int:
        """End token of the run of capitalised syllables from i (spaces only)."""
        j = i
        while j < self.n and j - i < limit and _cap(self.t(j)) and not self.t(j).isdigit():
            j += 1
            while self._hyphened(j - 1):
                j += 1  # `Park Geun-hye`, `Heung-Min Son`
            if j < self.n and not self.spaced(j - 1):
                break
        return j

    def _hyphened(self, i: int) -> bool:
        """Token i and the next are one foreign name joined by a hyphen (`Geun-hye`)."""
        nxt = self.t(i + 1)
        return (
            self.gap(i) == "-" and self.t(i).isascii() and self.t(i).isalpha()
            and nxt.isascii() and nxt.isalpha() and (_foreign(self.t(i)) or _foreign(nxt) or nxt.islower())
        )

    def is_person_run(self, i: int) -> bool:
        """A family name opening two or more capitalised syllables that are no place."""
        if self.t(i) not in self.r.surnames:
            return False
        j = self.cap_run(i, 4)
        if j - i < 2:
            return False
        return self.place_at(i, levels=("province", "district", "country", "region")) is None

    def place_at(self, i: int, bare: bool = False, levels: tuple[str, ...] = ()) -> int | None:
        """End token of the longest gazetteer name starting at token i.

        `bare`: only names that stand alone in text (provinces, countries,
        regions); otherwise any level.
        """
        if not (0 <= i < self.n and self.words[i] in self._place_openers):
            return None
        best = None
        for j, key in self._names_from(i):
            if bare:
                levels_here = self.g.standalone_levels.get(key)
                if not levels_here:
                    continue
                # accents must agree when no category word vouches for a place
                s, e = self.span(i, j)
                if key in self.g.ambiguous or gz.spelling(self.text[s:e]) not in self.g.spellings:
                    continue
            else:
                levels_here = self.g.levels[key]
            if levels and levels_here.isdisjoint(levels):
                continue
            best = j
        return best

    def _names_from(self, i: int) -> list[tuple[int, str]]:
        """(end token, key) of every gazetteer name starting at token i,
        shortest first; the rules ask about the same tokens again and again."""
        names = self._names.get(i)
        if names is None:
            names = self._names[i] = self._find_names(i)
        return names

    def _find_names(self, i: int) -> list[tuple[int, str]]:
        words, prefixes, levels = self.words, self.g.prefixes, self.g.levels
        # the key of a span is its tokens' keys joined by spaces, whatever the gap
        key = gz.key(words[i])
        names = []
        k = 1  # tokens in `key`
        while key in prefixes:
            if key in levels:
                names.append((i + k, key))
            j = i + k  # the next token
            if k == self.g.max_words or j >= self.n:
                break
            if not self._spaced[j - 1] and self.gaps[j - 1].strip() != "-":
                break
            w = words[j]
            if not (w in self._capitalised or w.isdigit()) and (k != 1 or not w.islower()):
                break  # a misspelt second syllable (`Hà nội`) still names the place
            key = f"{key} {gz.key(w)}"
            k += 1
        return names

    # --- organisations -------------------------------------------------------
    def generic_before(self, i: int) -> bool:
        for k in (1, 2):
            if i - k >= 0 and self.match(i - k, self.r.generic_before, lower=True) == k:
                if all(self.spaced(i - m) for m in range(1, k + 1)):
                    return True
        return False

    def org_body(self, i: int, institution: bool, standalone: bool = False) -> tuple[int, bool]:
        """(end token, generic) of the name body starting at token i.

        After a complete name (`Tỉnh ủy`, `Chính phủ`) only a place may follow.
        """
        if standalone:
            k = self.match(i, self.r.levels)
            if k and self.spaced(i + k - 1):
                return self.place_at(i + k) or i, False
            j = i
            while (k := self.match(j, self.r.state_words)) and self.spaced(j + k - 1):
                j += k  # `Chính phủ nước CHXHCN Việt Nam`
            if j > i:
                return self.place_at(j, levels=("country",)) or i, False
            return self.place_at(i) or (i + 1 if self._foreign_name(i) else i), False
        j = last = i
        while j < self.n:
            if j > i or j > 0:
                g = self.gap(j - 1) if j > 0 else " "
                if j > i and g != " ":
                    if g.strip() in ("-",) and _cap(self.t(j)) and not self.head_at(j):
                        pass  # `Lao động - Thương binh`
                    elif g == ", " and not self.head_at(j) and self._comma_list(j):
                        pass  # `Văn hóa, Thể thao và Du lịch`
                    else:
                        break
            k = self.match(j, self.r.levels)
            if k and self.t(j) == "xã" and self.t(j + 1) == "hội":
                k = 0  # `Công tác xã hội`: society, not a commune
                j = last = j + 2
                continue
            if k:
                after = j + k
                if self.match(after, self.r.generic_after, lower=True) or self._level_list(after):
                    return last, True
                p = self.place_at(after) if self.level_joined(after - 1) else None
                if p is None and self.level_joined(after - 1) and _cap(self.t(after)):
                    if not self.is_person_run(after) and not self.head_at(after):
                        p = self.cap_run(after, 3)
                return (p or after), False
            k = self.match(j, self.r.lower_words)
            if k:
                j = last = j + k
                continue
            tok = self.t(j)
            if j == i and _allcaps(tok) and not institution and not self.match(j, self.r.levels):
                while j + 1 < self.n and self.gap(j) in ("&", "-", "", "- ") and _allcaps(self.t(j + 1)):
                    j += 1
                j = last = j + 1
                continue
            if _cap(tok) and not tok.isdigit():
                # a head after a plain space continues the name (`Ban Tổ chức
                # Tỉnh ủy`); lists of bodies are cut at `và` and commas above
                if j > i and self.match(j, self.r.titles):
                    break
                if not institution and self.is_person_run(j):
                    break
                if _allcaps(tok) and not institution and tok not in self.r.acronyms:
                    break
                k = self.cap_run(j)
                if k < self.n and self.spaced(k - 1) and self.match(k, self.r.lower_words):
                    j = last = k  # `Khu kinh tế`: the lower-case words continue the name
                    continue
                if not institution:
                    cut = next((m for m in range(j + 1, k) if self.is_person_run(m)), None)
                    if cut is not None:
                        return cut, False
                for m in range(j + 1 if j == i else j, k):
                    pe = self.place_at(m, levels=("country",))
                    if pe and pe < self.n and self.spaced(pe - 1) and (
                        self.is_person_run(pe) or _foreign(self.t(pe)) or _foreign(self.t(pe + 1))
                    ):
                        return pe, False  # `Bộ Tài chính Lào Somdy Douangdy`: the name ends at the place
                if k - j == 1 and k < self.n and self.spaced(k - 1):
                    nxt = self.t(k)
                    if nxt.islower() and nxt not in _FUNCTION and not self.match(k, self.r.levels):
                        k += 1  # `Nội vụ`, `Tổ chức`: one word of two syllables
                j = last = k
                continue
            if tok == "và" and j > i and _cap(self.t(j + 1)) and not self.head_at(j + 1):
                j += 1
                continue
            break
        return last, False

    def _foreign_name(self, i: int) -> bool:
        """One capitalised word without Vietnamese diacritics (`Syria`, `Lào` is in the gazetteer)."""
        t = self.t(i)
        return _cap(t) and t.isascii() and len(t) > 2 and not (i + 1 < self.n and _cap(self.t(i + 1)) and self.spaced(i))

    def _comma_list(self, j: int) -> bool:
        """`, Thể thao và Du lịch`: a comma list inside one name ends with `và`."""
        k = j
        while k < self.n and k - j < 8:
            if self.t(k) == "và":
                return _cap(self.t(k + 1))
            if not self.spaced(k):
                return False
            k += 1
        return False

    def _level_list(self, j: int) -> bool:
        """`huyện, thành phố`: levels listed, so no one body is meant."""
        g = self.gap(j - 1)
        if g == ", " and self.match(j, self.r.levels):
            return True
        return g == " " and self.t(j) == "và" and bool(self.match(j + 1, self.r.levels))

    def head_at(self, i: int) -> int:
        return (
            self.match(i, self.r.standalone)
            or self.match(i, self.r.heads)
            or self.match(i, self.r.institutions)
            or (1 if self.t(i) in self.r.acronyms else 0)
        )

    def _generic_after(self, h: int) -> bool:
        """`Ủy ban nhân dân các xã`, `cấp huyện`; but `Chính phủ cấp giấy phép` names one body."""
        k = self.match(h, self.r.generic_after, lower=True)
        if not k:
            return False
        if self.t(h).lower() == "cấp":
            return bool(self.match(h + 1, self.r.levels)) or self.t(h + 1) in ("cơ", "trên", "dưới", "ủy", "trung", "tỉnh")
        return True

    def organisations(self) -> None:
        # `_org` finds nothing at a word that opens no body, brand, place or club
        openers = self.r.org_openers
        places = self._place_openers if not self._at.keys().isdisjoint(_CLUB_SUFFIXES) else set()
        candidates = {
            w for w in self._capitalised if w in openers or w in places or _allcaps(w) or len(w) == 1
        }
        i = 0
        for c in self.positions(candidates):
            if c >= i:
                end = self._org(c)
                i = end if end else c + 1

    def _club(self, i: int) -> int | None:
        """`SHB.Đà Nẵng`, `B.Bình Dương`, `SHB.ĐN`, `Hà Nội FC`: a sponsor's
        initials glued to a place, or a place before a club suffix."""
        tok = self.t(i)
        if _allcaps(tok) or (len(tok) == 1 and tok.isupper()):
            if tok in _NOT_CLUB or self.gap(i) != "." or self.match(i, self.r.titles):
                return None
            nxt = self.t(i + 1)
            if not _cap(nxt):
                return None
            end = self.place_at(i + 1, levels=("province", "district"))
            if end is None and _allcaps(nxt) and len(nxt) <= 4:
                end = i + 2
            return end
        if self._at.keys().isdisjoint(_CLUB_SUFFIXES):
            return None  # no place can end before one
        pe = self.place_at(i, bare=True)
        if pe and pe < self.n and self.spaced(pe - 1) and self.t(pe) in _CLUB_SUFFIXES:
            return pe + 1
        return None

    def _org(self, i: int) -> int | None:
        tok = self.t(i)
        if tok not in self.r.org_openers and not self._club(i):
            return None  # no rule below can match (they are all pure until `emit`)
        if not _cap(tok) or self.generic_before(i):
            return None
        if i > 0 and self.spaced(i - 1) and (self.t(i - 1).islower() or self.opens_sentence(i - 1)) and self.match(
            i - 1, self.r.categories, lower=True
        ):
            return None  # `thôn Sở Hạ`, `đường Trường Sơn`: a place that starts like a body
        end = self._club(i)
        if end:
            return end if self.emit(i, end, "ORG", "org.club") else None
        k = self.match(i, self.r.named)
        if k:
            return i + k if self.emit(i, i + k, "ORG", "org.named") else None
        k = self.match(i, self.r.standalone)
        kind = "standalone"
        if not k:
            k = self.match(i, self.r.institutions)
            kind = "institution"
        if not k:
            k = self.match(i, self.r.heads)
            kind = "head"
        if not k and tok in self.r.acronyms:
            k, kind = 1, ("head" if tok in self.r.needs_tail else "standalone")
        if not k:
            return None
        h = i + k
        if h < self.n and self.spaced(h - 1) and self._generic_after(h):
            return None
        end, generic = (h, False)
        if h < self.n and self.spaced(h - 1):
            end, generic = self.org_body(h, kind == "institution", kind == "standalone")
        if generic or (end < self.n and self.spaced(end - 1) and self._generic_after(end)):
            return None
        if any(self.t(x) in ("Cup", "Cúp") for x in (end, end + 1)):
            return None  # `AFF Suzuki Cup` is a tournament
        if end == h and kind != "standalone":
            if kind == "head" and k >= 2 and self.t(h) == "và" and self.spaced(h - 1) and self.head_at(h + 1):
                # `Hội đồng nhân dân và Ủy ban nhân dân tỉnh`: two bodies share the place
                return h if self.emit(i, h, "ORG", "org.head") else None
            return None  # `Ban`, `Sở`, `Trường` alone name no one body
        if end - i <= 3 and (self.place_at(i) or 0) >= end:
            return None  # `Trường Sa`, `Hội An`: a place that starts like a body
        s, e = self.span(i, end)
        if self.text[s:e] in self.r.not_entities:
            return None
        return end if self.emit(i, end, "ORG", f"org.{kind}") else None

    # --- places ------------------------------------------------------------
    def places(self) -> None:
        for i in self.starts(self.r.categories, lower=True):
            k = self.match(i, self.r.categories, lower=True)
            if not k:
                continue
            j = i + k
            if j >= self.n:
                continue
            g = self.gap(j - 1)
            if g not in (" ", ".", ". "):
                continue
            if g != " " and self.t(j - 1).lower() != "tp":
                continue
            end = self.place_at(j)
            if end is None and _cap(self.t(j)) and not self.is_person_run(j):
                end = self.cap_run(j, 4)
            if end is None and self.t(j).isdigit() and self.t(i).lower() in ("quận", "phường"):
                self.emit(i, j + 1, "LOC", "place.numbered")
                continue
            if end is not None and end > j and self.emit(j, end, "LOC", "place.category"):
                self._place_list(end)
        for i in self.starts(self.r.features):
            # `sông Hồng`, `cửa khẩu Hữu Nghị`: written in lower case only
            k = self.match(i, self.r.features)
            if not k or i + k >= self.n or not self.spaced(i + k - 1):
                continue
            if i > 0 and f"{self.t(i - 1).lower()} {self.t(i).lower()}" in self.r.feature_compounds:
                continue  # `đông đảo cán bộ`: the feature word ends a common word
            j = i + k
            if not _cap(self.t(j)) or self.t(j).isdigit() or self.head_at(j) or self.is_person_run(j):
                continue
            end = self.place_at(j) or self.cap_run(j, 4)
            if self.emit(j, end, "LOC", "place.feature"):
                self._place_list(end)
        self._bracketed()
        for i in self.positions(self._place_openers):  # where `place_at` can find one
            if i > 0 and self.spaced(i - 1):
                prev = self.t(i - 1)
                if prev.lower() in self.r.not_after:
                    continue
                if _cap(prev) and not self.opens_sentence(i - 1):
                    continue  # inside a longer capitalised name
            end = self.place_at(i, bare=True)
            if end is not None:
                self.emit(i, end, "LOC", "place.name")

    def _place_list(self, end: int) -> None:
        """Names listed after one category word: `các xã Tân Thanh, Chi Ma và Đồng Đăng`."""
        while end < self.n:
            g = self.gap(end - 1)
            j = end
            if g == " " and self.t(j) == "và" and self.spaced(j):
                j += 1
            elif g != ", ":
                return
            tok = self.t(j)
            if not _cap(tok) or tok.isdigit() or self.head_at(j) or self.match(j, self.r.titles):
                return
            if len(tok) == 1 or self.gap(j) == ".":
                return  # `Q.Tân Bình`: an abbreviated category word
            if self.match(j, self.r.categories, lower=True) or self.is_person_run(j):
                return
            nxt = self.place_at(j) or self.cap_run(j, 4)
            if not self.emit(j, nxt, "LOC", "place.list"):
                return
            end = nxt

    def _bracketed(self) -> None:
        """`Nho Quan (Ninh Bình)`: a unit of the province named in brackets."""
        for m in _BRACKETED.finditer(self.text):
            prov = gz.lookup(m.group(1))
            provs = {p.province for p in prov if p.level == "province"}
            if not provs:
                continue
            # the run of capitalised words that ends right before the bracket
            end = bisect.bisect_left(self.tok_start, m.start())
            for start in range(max(0, end - 4), end):
                if start > 0 and _cap(self.t(start - 1)) and self.spaced(start - 1):
                    continue  # `Trần Văn Tiến (Vĩnh Phúc)`: the end of a longer name
                if self.t(start) in self.r.bracket_not or not all(
                    _cap(self.t(x)) and (x == end - 1 or self.spaced(x)) for x in range(start, end)
                ):
                    continue
                s, e = self.span(start, end)
                units = [p for p in gz.lookup(self.text[s:e]) if p.province in provs
                         and p.level in ("district", "commune")]
                if units and self.emit(start, end, "LOC", "place.bracket"):
                    break

    # --- outlets and credits ----------------------------------------------------
    def outlets(self) -> None:
        tag, dom, dom_hint = _outlet_patterns()
        for m in self._line_matches(tag):
            self._emit_chars(m.start("o"), m.end("o"), "ORG", "outlet.tag")
        if dom_hint.search(self.text):
            for m in dom.finditer(self.text):
                self._emit_chars(m.start(), m.end(), "ORG", "outlet.domain")

    def _line_matches(self, pat: regex.Pattern) -> Iterator[regex.Match]:
        """`pat.finditer(text)` for a pattern that can only match at the start
        of a line: tried there alone rather than at every character."""
        end = 0
        for p in self._line_starts:
            if p >= end and (m := pat.match(self.text, p)):
                end = m.end()
                yield m

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _NEWLINE.finditer(self.text)]

    def _emit_chars(self, s: int, e: int, label: str, rule: str) -> None:
        if (span := self._tok_range(s, e)) is None:
            return
        i, j = span
        if self.tok_end[j - 1] == e:
            self.emit(i, j, label, rule)

    def _tok_at(self, s: int) -> int | None:
        i = bisect.bisect_left(self.tok_start, s)
        return i if i < self.n and self.tok_start[i] == s else None

    def _tok_range(self, s: int, e: int) -> tuple[int, int] | None:
        """Tokens [i, j) of the character span [s, e): i starts at s, j is past
        the last token ending by e; None when no token starts at s."""
        i = self._tok_at(s)
        if i is None:
            return None
        return i, bisect.bisect_right(self.tok_end, e)

    def credits(self) -> None:
        for m in _credit_pattern().finditer(self.text):
            i = self._tok_at(m.start("x"))
            # `Ảnh: Lê Minh Sơn/Vietnam+`, `Ảnh: BNEWS/TTXVN`: a person or an agency, `/` between
            while i is not None and i not in self.org_at and _cap(self.t(i)):
                j = self.cap_run(i, 4)
                if _camel(self.t(i)):
                    j = i + 1  # `BaoYenBai`, `VnExpress`: an outlet, whatever follows
                after = self.gap(j - 1).strip().lstrip("+")
                if after not in ("", ")", "]", "|", ".", ",", "/", "+", "/ ", "-"):
                    break
                if j - i >= 2 and not self.head_at(i):
                    self.emit(i, j, "PER", "person.credit")
                elif j - i == 1 and (_allcaps(self.t(i)) or _foreign(self.t(i)) or _camel(self.t(i))):
                    self.emit(i, j, "ORG", "org.credit")
                if after.rstrip("+") != "/" or j >= self.n:
                    break
                i = j

    # --- people -----------------------------------------------------------------
    def bylines(self) -> None:
        tail = len(self.text) * 0.6
        for m in self._line_matches(_BYLINE_LINE):
            name = m.group(1)
            if name in self.r.not_names or name.split()[0] in self.r.foreign_skip:
                continue
            i = self._tok_at(m.start(1))
            if i is None:
                continue
            j = i + len(name.split())
            if self.place_at(i) is not None or self.head_at(i):
                continue
            if self.match(i, self.r.address, lower=True) or self.match(i, self.r.titles):
                continue  # `Ông Phạm Văn Tuấn, ...` opens a sentence: `people` reads it
            eol = self.text.find("\n", m.end(1))
            rest = self.text[m.end(1) : eol if eol >= 0 else len(self.text)]
            if len(rest) > 60:
                continue  # a byline is a short line
            dated = bool(_DATED.match(rest))
            if self.t(i) in self.r.surnames or dated or m.start() >= tail or rest.strip(" ,-"):
                self.emit(i, j, "PER", "person.byline")

    def closing_byline(self) -> None:
        """A name closing the article after its last sentence: `... ngày 16/2. Hiếu Công`,
        `Minh Quang (ESPN)`, `Theo Diệu Thùy (Báo Bóng đá)`."""
        m = _closing_pattern().search(self.text, max(0, len(self.text) - 200))
        if not m:
            return
        base = 0
        i = self._tok_at(base + m.start("n"))
        if i is None or m.group("n") in self.r.not_names:
            return
        j = i + m.group("n").count(" ") + 1
        if self.place_at(i, bare=True) == j or self.head_at(i) or self.match(i, self.r.titles):
            return  # `... về Hà Nội. Lạng Sơn` is no byline; a commune's name may be one
        if self.emit(i, j, "PER", "person.byline") and m.group("o"):
            o = self._tok_at(base + m.start("o"))
            if o is not None and _cap(self.t(o)) and o not in self.org_at:
                self._emit_chars(base + m.start("o"), base + m.end("o"), "ORG", "outlet.byline")

    def people(self) -> None:
        single: list[int] = []
        for i in sorted(set(self.starts(self.r.titles)) | set(self.starts(self.r.address, lower=True))):
            k = self.match(i, self.r.titles)
            lo = 2
            if not k:
                k = self.match(i, self.r.address, lower=True)
                lo = 1
            if not k:
                continue
            j = i + k
            if j >= self.n or not self.spaced(j - 1):
                continue
            # `đồng chí Bí thư ...`: the title after the form of address
            t = self.match(j, self.r.titles)
            if t:
                j += t
            # `Chủ tịch UBND tỉnh Nguyễn Văn A`: the name comes after the body
            while j in self.org_at and self.spaced(self.org_at[j] - 1):
                j = self.org_at[j]
            if j >= self.n or not _cap(self.t(j)) or self.head_at(j):
                continue
            end = self.cap_run(j, 4)
            # after `ông`, `bà` only a province or a country is more likely than a name
            if self.place_at(j, bare=lo == 1) is not None and not self.is_person_run(j):
                continue
            if any(_allcaps(self.t(k)) for k in range(j, end)):
                continue  # `HA Gia Lai`, `HLV`: a club or an abbreviation, not a name
            if end - j == 1 and (len(self.t(j)) == 1 or self.t(j) in self.r.not_given or self.match(j, self.r.titles)):
                continue  # `Ủy viên`, `Nhà trường`: a capitalised common noun
            if end - j >= lo:
                self.emit(j, end, "PER", "person.title" if lo == 2 else "person.address")
            elif end - j == 1:
                single.append(j)
        # `Thứ trưởng Hải`: a given name alone after a title, once the full name is known
        given = {self.text[s:e].rsplit(" ", 1)[-1] for s, e, _v, lb, _r in self.found if lb == "PER" and " " in self.text[s:e]}
        for j in single:
            if self.t(j) in given:
                self.emit(j, j + 1, "PER", "person.title")
        for i in self.positions(self.r.surnames):
            if self.t(i) in self.r.surnames and (i == 0 or not _cap(self.t(i - 1)) or self.opens_sentence(i)):
                if self.is_person_run(i) and not self.head_at(i):
                    self.emit(i, self.cap_run(i, 4), "PER", "person.name")

    # --- foreign names --------------------------------------------------------------
    def foreign(self) -> None:
        """Runs of capitalised words holding a foreign one (`Harry Kane`,
        `Leicester City`, `Park Geun-hye`), labelled by their ending or the
        word before them; a lone foreign word without either is left to NER."""
        ascii_words = {w for w in self._capitalised if w.isascii() and w.isalpha()}
        if not any(_foreign(w) for w in ascii_words):
            return  # `_foreign_run` needs a foreign word
        i = 0
        for c in self.positions(ascii_words - self.r.foreign_skip):  # where `_foreign_run` can open
            if c < i:
                continue
            i = c
            end = self._foreign_run(i)
            if end is None:
                i += 1
                continue
            toks = [self.t(k) for k in range(i, end)]
            label = None
            if toks[-1] in self.r.foreign_loc_last and end - i >= 2:
                label = "LOC"
            elif toks[-1] in self.r.foreign_last or toks[0] in self.r.foreign_first:
                label = "ORG"
            elif self._context_before(i, self.r.context_org):
                label = "ORG"
            elif self._context_before(i, self.r.context_loc) and end - i == 1:
                label = "LOC"
            elif sum(1 for t in toks if t[:1].isupper()) >= 2:
                label = "PER"
            if label and self.emit(i, end, label, f"foreign.{label.lower()}"):
                i = end
                continue
            i += 1

    def _foreign_run(self, i: int) -> int | None:
        """End of the capitalised ASCII run starting at i if one of its words is foreign."""
        if not (_cap(self.t(i)) and self.t(i).isascii() and self.t(i).isalpha()) or self.t(i) in self.r.foreign_skip:
            return None
        prev = self.t(i - 1) if i > 0 else ""
        if self.gap(i - 1) in (" ", "-") and _cap(prev) and prev.isascii() and prev not in self.r.foreign_skip:
            return None  # inside a run that starts earlier
        j = i + 1
        while j < self.n and j - i < 4:
            g, t = self.gap(j - 1), self.t(j)
            if g == "-" and t.isascii() and t.isalpha():
                j += 1  # `Geun-hye`, `Heung-Min`
            elif g == " " and _cap(t) and t.isascii() and t.isalpha():
                j += 1
            else:
                break
        toks = [self.t(k) for k in range(i, j)]
        if any(t in self.r.ner_stop for t in toks) or not any(_foreign(t) for t in toks):
            return None
        return j

    def _context_before(self, i: int, table: dict) -> bool:
        for k in (1, 2, 3):
            if i - k >= 0 and self.match(i - k, table, lower=False) == k and self.t(i - k).islower():
                return all(self.spaced(i - m) for m in range(1, k + 1))
        return False

    # --- underthesea ----------------------------------------------------------
    def ner(self) -> None:
        """underthesea's CRF NER (computed by `extract.ner`) on the windows of
        body sentences where it could still add a person."""
        from ..ner import tag, tag_all

        body = [s for s in self.doc.sentences if self.doc.in_body(s.start, s.end)]
        # The windows depend on the mentions found so far, but seldom change:
        # those of the article as it stands are tagged together, which is
        # cheaper than one by one; a window that appears later is tagged alone.
        planned = [self._ner_windows(s.start, s.end) for s in body]
        found = len(self.found)
        texts = list(dict.fromkeys(self.text[ws:we] for windows in planned for ws, we in windows))
        try:
            tagged = dict(zip(texts, tag_all(texts), strict=True)) if texts else {}
        except Exception:  # noqa: BLE001 - tagged one by one below
            tagged = {}
        for sent, windows in zip(body, planned, strict=True):
            if len(self.found) != found:  # a mention was added (`emit`): look again
                windows = self._ner_windows(sent.start, sent.end)
            for ws, we in windows:
                text = self.text[ws:we]
                try:
                    words = tagged[text] if text in tagged else tag(text)
                except Exception:  # noqa: BLE001 - a model failure must not lose the article
                    continue
                for s, e, label in _align(text, words):
                    self._from_ner(ws + s, ws + e, label)

    def _ner_word(self, i: int) -> bool:
        """Token i could be part of a person `_from_ner` accepts."""
        return self.t(i) in self._ner_words and self.free(i, i + 1)

    def _ner_windows(self, s: int, e: int) -> list[tuple[int, int]]:
        """Character spans of the sentence [s, e) worth tagging with NER.

        NER can only add a run of unexplained capitalised words that is no
        place, body or credit lead, and is two words long or a given name the
        article already uses; elsewhere it is not run. Around each such run
        `NER_CONTEXT` tokens either side (what the tagger's ±2-word features
        read, with room for its part-of-speech and chunk tags to settle);
        None tags the whole sentence.
        """
        a = bisect.bisect_left(self.tok_start, s)
        b = bisect.bisect_left(self.tok_start, e)
        while b > a and self.tok_end[b - 1] > e:
            b -= 1
        # only capitalised tokens can open a run
        caps = self._caps[bisect.bisect_left(self._caps, a) : bisect.bisect_left(self._caps, b)]
        # (a capitalised token is never a number)
        if not any(not self.opens_sentence(i) and self.free(i, i + 1) for i in caps):
            return []
        known = None
        runs: list[tuple[int, int]] = []
        for i in caps:
            if self.words[i] not in self._ner_words or (runs and i < runs[-1][1]):
                continue
            if not self._ner_word(i) or self.words[i] in ("Ảnh", "Theo", "Tại"):
                continue
            if self.head_at(i) or self.place_at(i) is not None:
                continue
            j = i + 1
            while j < b and self._ner_word(j):
                j += 1
            if j - i == 1:
                if known is None:
                    known = {self.text[fs:fe].rsplit(" ", 1)[-1] for fs, fe, _v, lb, _r in self.found if lb == "PER"}
                if self.words[i] not in known:
                    continue
            runs.append((i, j))
        if not runs:
            return []
        if NER_CONTEXT is None:
            return [(s, e)]
        windows: list[list[int]] = []
        for i, j in runs:
            lo, hi = max(a, i - NER_CONTEXT), min(b, j + NER_CONTEXT)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        return [(self.tok_start[lo], self.tok_end[hi - 1]) for lo, hi in windows]

    def _from_ner(self, s: int, e: int, label: str) -> None:
        if label != "PER":
            return
        if (span := self._tok_range(s, e)) is None:
            return
        i, j = span
        toks = [self.t(k) for k in range(i, j)]
        if not toks or not all(_cap(t) and not t.isdigit() for t in toks):
            return
        if any(_allcaps(t) for t in toks) or any(regex.search(r"\d", t) for t in toks):
            return
        if self.head_at(i) or self.place_at(i) is not None or toks[0] in ("Ảnh", "Theo", "Tại"):
            return
        if any(t in self.r.ner_stop for t in toks):
            return
        if len(toks) == 1:
            # a given name alone is trusted when the article names the person in full
            known = {self.text[s:e].rsplit(" ", 1)[-1] for s, e, _v, lb, _r in self.found if lb == "PER"}
            if toks[0] not in known:
                return
        self.emit(i, j, "PER", "ner")

    # --- later mentions ---------------------------------------------------------
    def _names_in_org(self, s: int, e: int, names: dict[str, str]) -> None:
        """Names an organisation's name carries, for their later mentions: the
        initials of a company (`Tập đoàn FLC` -> `FLC`), a place after a level
        or feature word (`Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng`)."""
        if (span := self._tok_range(s, e)) is None:
            return
        i, j = span
        last = self.t(j - 1)
        if self.match(i, self.r.institutions) and _allcaps(last) and len(last) >= 3 and last not in self.r.needs_tail:
            names.setdefault(last, "ORG")
        for m in range(i + 1, j):
            k = self.match(m, self.r.levels) or self.match(m, self.r.features)
            if k and m + k < j:
                pe = self.place_at(m + k)
                if pe and pe <= j and pe - (m + k) >= 2:
                    ps, pe_ = self.span(m + k, pe)
                    names.setdefault(self.text[ps:pe_], "LOC")

    def propagate(self) -> None:
        names: dict[str, str] = {}
        for s, e, _v, label, rule in self.found:
            surface = self.text[s:e]
            if label == "PER" and " " not in surface:
                continue
            if label == "PER" and rule.startswith("foreign"):
                # `Kane` after `Harry Kane`, `Park` after `Park Geun-hye`
                for tok in surface.replace("-", " ").split():
                    if _foreign(tok) and len(tok) >= 3:
                        names.setdefault(tok, "PER")
            if label == "ORG":
                self._names_in_org(s, e, names)
            if label == "ORG" and not (
                rule.startswith(("outlet", "org.named", "org.club", "foreign")) or surface in self.r.acronyms
            ):
                continue
            names.setdefault(surface, label)
        for surface, label in sorted(names.items(), key=lambda kv: -len(kv[0])):
            for ms, me in _occurrences(self.text, surface):
                i = self._tok_at(ms)
                if i is None:
                    continue
                j = i
                while j < self.n and self.tok_end[j] <= me:
                    j += 1
                if j < self.n and self.spaced(j - 1) and _cap(self.t(j)) and label != "ORG":
                    continue  # part of a longer name
                self.emit(i, j, label, "repeat")


def _word_char(c: str) -> bool:
    """A letter or a number (`\\p{L}`, `\\p{N}`)."""
    return c.isalpha() or unicodedata.category(c)[0] == "N"


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Spans of `surface` in `text` that no letter or digit touches, left to right.

    >>> _occurrences("Hà Nội, Hà Nội2, Hà Nội", "Hà Nội")
    [(0, 6), (17, 23)]
    """
    out = []
    n = len(surface)
    p = text.find(surface)
    while p >= 0:
        e = p + n
        if (p == 0 or not _word_char(text[p - 1])) and (e >= len(text) or not _word_char(text[e])):
            out.append((p, e))
            p = text.find(surface, e)
        else:
            p = text.find(surface, p + 1)
    return out


def _align(text: str, words: list[tuple]) -> list[tuple[int, int, str]]:
    """Character spans of underthesea's NER entities in `text`.

    underthesea returns words without offsets; its own pre-tokenizer run over
    the same (NFC) text gives the syllables each word consumes.
    """
    from underthesea.pipeline.word_tokenize.regex_tokenize import patterns

    pre = [(m.start(), m.end()) for m in patterns.finditer(text)]
    spans: list[tuple[int, int, str]] = []
    p = 0
    cur: list[Any] | None = None
    for w in words:
        word, tag = w[0], w[-1]
        n = word.count(" ") + 1
        if p + n > len(pre):
            return []
        s, e = pre[p][0], pre[p + n - 1][1]
        p += n
        if gz.fold(text[s:e]).replace(" ", "") != gz.fold(word).replace(" ", ""):
            # tone placement differs (`hoà`/`hòa`): compare lengths only
            if len(text[s:e].replace(" ", "")) != len(word.replace(" ", "")):
                return []
        if tag.startswith("B-"):
            if cur:
                spans.append(tuple(cur))
            cur = [s, e, tag[2:]]
        elif tag.startswith("I-") and cur and cur[2] == tag[2:]:
            cur[1] = e
        else:
            if cur:
                spans.append(tuple(cur))
            cur = None
    if cur:
        spans.append(tuple(cur))
    return spans


def ner_enabled() -> bool:
    return os.environ.get("VNEXTRACT_NER", "1") not in ("0", "false", "no", "off")


def find_entities(doc: Doc, use_ner: bool | None = None) -> list[tuple[int, int, str, str, str]]:
    """(start, end, value, label, rule) of every entity mention, in text order.

    Spans are normalized offsets; places exclude their category word.
    """
    sc = _Scanner(doc)
    sc.outlets()
    sc.organisations()
    sc.credits()
    sc.bylines()
    sc.places()
    sc.closing_byline()
    sc.people()
    sc.foreign()
    if use_ner if use_ner is not None else ner_enabled():
        sc.ner()
    sc.propagate()
    return sorted(sc.found)


@register("entities", 80)
def entities(doc: Doc) -> None:
    """Add one `entity` fact per mention (label in attrs)."""
    for s, e, value, label, rule in find_entities(doc):
        doc.add(Fact("entity", s, e, value, {"label": label}, extractor=f"entities.{rule}"))
