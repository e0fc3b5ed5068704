"""Document references: `Quyết định số 1956/2009/QĐ-TTg`, `Chương trình số 08-CTr/TU`.

Two numbering systems are read (see ../shared/FIELD-NOTES.md):

- state documents `number/year/TYPE-ISSUER` (`24/2010/NĐ-CP`), `number/TYPE-ISSUER`
  (`294/QĐ-BNV`), laws `number/year/QHnn`, official letters `number/ISSUER-UNIT`;
- Party documents `number-TYPE/ISSUER` (`08-CTr/TU`, `26-NQ/TW`).

The extract stage (`documents`, order 10, before anything reads `1956` as a
count) finds full ids, short mentions (`Quyết định số 1956`) and ids with no
type word whose code makes them unmistakable (`theo 1956/2009/QĐ-TTg`). The
post stage (`resolve_documents`) gives each short mention the canonical id of
the full mention it refers to, and links `Đề án này` to the last Đề án.

Type words, type codes, issuer codes and the words that bound an issuer's
name are data in `rules/documents.toml`.

>>> canonical_id("999 -QĐ/TU")
'999-QĐ/TU'
>>> canonical_id("1956/2009/QD - TTG")
'1956/2009/QĐ-TTg'
>>> parse_id("08-CTr/TU")["issuer_from_code"]
'Tỉnh ủy'
>>> parse_id("16/7/2021") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
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

EXTRACTOR = "documents"

# --- id grammar ---------------------------------------------------------------
# A code segment: `QĐ`, `TTg`, `CTr`, `BGDĐT`, `QH14`, `C46`. Segments that
# look like words (`Bộ`, `Jacob`) are cut off by `_code_like` afterwards.
_SEG = r"\p{Lu}[\p{L}\d]{0,14}(?:&\p{Lu}{1,4})?(?![\p{L}\d&])"
_JOIN = r"(?:\s?[-/]\s?)"
_CODE = rf"{_SEG}(?:{_JOIN}{_SEG}){{0,6}}"
_YEAR = r"(?:19|20)\d{2}"
# Not inside a number, a word, a date, a URL or a ratio (`19.037/14,590`).
_LEFT = r"(?<![\p{L}\d./,\-])"

ID_RE = regex.compile(
    rf"""{_LEFT}
    (?P<num>\d{{1,5}})
    (?:
        -(?P<year4>{_YEAR})/(?P<code4>{_CODE})           # 19-2017/NQ-CP (misprint)
      | \s?-\s?(?P<ptype>{_SEG})\s?/\s?(?P<pcode>{_CODE}) # Party: 08-CTr/TU
      | /\s?(?P<year>{_YEAR})\s?/\s?(?P<scode>{_CODE})    # 1956/2009/QĐ-TTg
      | /\s?(?P<code>{_CODE})                            # 294/QĐ-BNV, 123/UBND-VX
      | /(?P<year2>{_YEAR})\s(?P<code2>{_CODE})          # 10/2016 QĐ-UBND (misprint)
      | /(?P<year3>{_YEAR})(?![\d/])                     # 155/2016: no code written
    )""",
    regex.X | regex.V1,
)
_SPLIT_RE = regex.compile(r"\s?([-/])\s?")
# A bare number after a type word: not the start of a date, ratio, time or decimal.
_BARE_RE = regex.compile(r"(?P<num>\d{1,5})(?![\p{L}\d%]|[.,:/-]\d|\s?/)")
_YEARLIKE_RE = regex.compile(r"(?:19|20)\d{2}")
# The next bare number of a list after a short mention: `Quyết định 09, 80, 86`.
_LIST_RE = regex.compile(
    r"\s*(?:,|;|và|hoặc|,\s*và)\s*(?:số\s*)?(?P<num>\d{1,5})(?![\p{L}\d%]|[.,:/-]\d|\s?/)",
    regex.V1,
)


@cache
def _rules() -> dict[str, Any]:
    return load_rules("documents")


def _fold(s: str) -> str:
    """Case- and Đ/D-insensitive key for code look-ups (`QD` finds `QĐ`)."""
    return s.upper().replace("Đ", "D")


@cache
def _codes() -> dict[str, Any]:
    """Code tables keyed for look-up: exact spelling first, then folded."""
    r = _rules()
    type_codes: dict[str, str] = dict(r["type_codes"])
    party_codes: dict[str, str] = {**type_codes, **r["party_type_codes"]}
    issuers: dict[str, str] = dict(r["issuers"])
    known = set(type_codes) | set(issuers)
    folded: dict[str, set[str]] = {}
    for k in known:
        folded.setdefault(_fold(k), set()).add(k)
    return {
        "type": type_codes,
        "party": party_codes,
        "issuers": issuers,
        "joint": set(r["joint"]["type_codes"]),
        "known": known,
        "folded": folded,
    }


def _known_spelling(seg: str) -> str | None:
    """The listed spelling of a code segment, fixing case and D for Đ.

    `QD` -> `QĐ`, `TTG` -> `TTg`, `BGDDT` -> `BGDĐT`, `QH14` -> `QH14`; a
    written D is kept when the D spelling is itself a code (`HD`, `DA`).
    """
    c = _codes()
    base, digits = _re(r"(.*?)(\d*)$").match(seg).groups()
    if not base:
        return None
    if base in c["known"]:
        return seg
    cands = c["folded"].get(_fold(base), set())
    if not cands:
        return None
    # Prefer the candidate that differs least from what was written.
    def distance(k: str) -> tuple[int, int]:
        d_for_dj = sum(1 for a, b in zip(k, base, strict=False) if a == "Đ" and b in "Dd")
        case = sum(1 for a, b in zip(k, base, strict=False) if a != b) - d_for_dj
        return (case, d_for_dj)

    best = min(sorted(cands), key=distance)
    return best + digits


def _code_like(seg: str, spaced: bool) -> bool:
    """Is `seg` a code segment (`TTg`, `HoREA`, `P12`) rather than a word (`Bộ`)?"""
    if _known_spelling(seg):
        return True
    if spaced:  # `QĐ - TTg` is fine, `294/QĐ-BNV - Bộ Nội vụ` is not one id
        return bool(_re(r"[\p{Lu}\d]+").fullmatch(seg))
    lower = [ch for ch in seg if ch.islower()]
    return all(ch.isascii() for ch in lower) and len(lower) <= 1


def _segments(code: str) -> list[tuple[str, str]]:
    """`QĐ - TTg` -> [('', 'QĐ'), ('-', 'TTg')]: (joiner before, segment)."""
    out: list[tuple[str, str]] = []
    pos, joiner = 0, ""
    for m in _SPLIT_RE.finditer(code):
        out.append((joiner, code[pos:m.start()]))
        joiner = m.group(0)
        pos = m.end()
    out.append((joiner, code[pos:]))
    return out


def _trim_code(code: str) -> tuple[str, list[str], list[str]] | None:
    """Keep the code-like prefix of `code`: (written prefix, segments, joiners).

    Returns None when even the first segment is a word.
    """
    kept: list[str] = []
    joins: list[str] = []
    length = 0
    for joiner, seg in _segments(code):
        spaced = joiner.startswith(" ") and joiner.endswith(" ")
        if not _code_like(seg, spaced):
            break
        if kept:
            joins.append(joiner.strip())
        kept.append(seg)
        length += len(joiner) + len(seg)
    if not kept:
        return None
    return code[:length], kept, joins


def _canonical_segments(segs: list[str]) -> list[str]:
    return [_known_spelling(s) or s for s in segs]


@dataclass
class ParsedId:
    """The parts of one written id (normalized-text offsets when found in text)."""

    value: str
    number: str
    year: int | None
    code: str | None
    system: str  # "state", "party" or "partial" (number/year without a code)
    type_code: str | None = None
    issuer_codes: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0

    def as_dict(self) -> dict[str, Any]:
        c = _codes()
        names = [c["issuers"][k] for k in self.issuer_codes]
        table = c["party"] if self.system == "party" else c["type"]
        return {
            "value": self.value,
            "number": self.number,
            "year": self.year,
            "code": self.code,
            "system": self.system,
            "type_code": self.type_code,
            "doc_type_from_code": table.get(self.type_code) if self.type_code else None,
            "issuer_codes": list(self.issuer_codes),
            "issuer_from_code": ", ".join(names) if names else None,
        }


def _issuer_codes(segs: list[str], skip_first: bool, joint: bool) -> list[str]:
    c = _codes()
    out: list[str] = []
    for seg in segs[1 if skip_first else 0:]:
        base = _re(r"\d+$").sub("", seg)  # QH14, UBTVQH14: the term number
        if base in c["issuers"]:
            out.append(base)
            if not joint:
                break
    return out


def _from_match(m: regex.Match) -> ParsedId | None:
    """Build a `ParsedId` from an `ID_RE` match, trimming word-like segments."""
    c = _codes()
    g = m.groupdict()
    num = g["num"]
    start = m.start()
    if g["ptype"] is not None:
        ptype = _known_spelling(g["ptype"]) or g["ptype"]
        if not _code_like(g["ptype"], False):
            return None
        trimmed = _trim_code(g["pcode"])
        if trimmed is None:
            return None
        written, segs, joins = trimmed
        segs = _canonical_segments(segs)
        rest = segs[0] + "".join(j + s for j, s in zip(joins, segs[1:], strict=True))
        code = f"{ptype}/{rest}"
        end = m.start("pcode") + len(written)
        type_code = ptype if ptype in c["party"] else None
        return ParsedId(f"{num}-{code}", num, None, code, "party", type_code,
                        _issuer_codes(segs, False, False), start, end)
    year_s = g["year"] or g["year2"] or g["year4"]
    raw_code = g["scode"] or g["code"] or g["code2"] or g["code4"]
    if raw_code is None:  # number/year only
        year = int(g["year3"])
        return ParsedId(f"{num}/{year}", num, year, None, "partial", None, [], start, m.end())
    group = next(k for k in ("scode", "code", "code2", "code4") if g[k] is not None)
    trimmed = _trim_code(raw_code)
    if group == "code2" and (trimmed is None or _known_spelling(trimmed[1][0]) not in c["type"]):
        # `tháng 4/2017 UBND tỉnh`: a month and a body, not `10/2016 QĐ-UBND`
        year = int(g["year2"])
        return ParsedId(f"{num}/{year}", num, year, None, "partial", None, [], start,
                        m.start("code2") - 1)
    if trimmed is None:
        return None
    written, segs, joins = trimmed
    segs = _canonical_segments(segs)
    # `32/2013/TT/BTC` is a misprint of `TT-BTC`: the type and issuer parts of a
    # state code are joined by dashes.
    joins = ["-" if j == "/" and i == 0 and segs[0] in c["type"] else j
             for i, j in enumerate(joins)]
    code = segs[0] + "".join(j + s for j, s in zip(joins, segs[1:], strict=True))
    end = m.start(group) + len(written)
    first = _re(r"\d+$").sub("", segs[0])
    if segs[0] in c["type"] and len(segs) > 1:
        type_code: str | None = segs[0]
        issuers = _issuer_codes(segs, True, segs[0] in c["joint"])
    else:
        # `45/2019/QH14` (a law) or a letter `123/UBND-VX`: no type code.
        type_code = segs[0] if segs[0] in c["type"] else None
        issuers = [first] if first in c["issuers"] else []
    year = int(year_s) if year_s else None
    value = f"{num}/{year}/{code}" if year else f"{num}/{code}"
    return ParsedId(value, num, year, code, "state", type_code, issuers, start, end)


def parse_id(text: str) -> dict[str, Any] | None:
    """Parse one written document id; None when `text` is not an id.

    >>> d = parse_id("1956/2009/QĐ-TTg")
    >>> (d["value"], d["number"], d["year"], d["code"], d["issuer_from_code"])
    ('1956/2009/QĐ-TTg', '1956', 2009, 'QĐ-TTg', 'Thủ tướng Chính phủ')
    >>> parse_id("01/2011/TTLT-BTC-BNV")["issuer_from_code"]
    'Bộ Tài chính, Bộ Nội vụ'
    >>> parse_id("11 – NQ/TW")["value"]
    '11-NQ/TW'
    >>> parse_id("144/144") is None
    True
    """
    from ..normalize import normalize_text

    s = normalize_text(unicodedata.normalize("NFC", text)).strip()
    m = ID_RE.match(s)
    if not m:
        return None
    p = _from_match(m)
    if p is None or p.end != len(s) or p.system == "partial":
        return None  # `155/2016` is an id only after a type word
    return p.as_dict()


def canonical_id(text: str) -> str:
    """The one key of a document id, whatever the spelling.

    Spaces removed, dashes unified, `D` written for `Đ` in a code corrected,
    code case fixed from the code tables (`TTG` -> `TTg`). Text that is not
    an id comes back with spaces removed and dashes unified.

    >>> canonical_id("24/2010/NĐ - CP") == canonical_id("24/2010/ND-CP")
    True
    >>> canonical_id("10/2016 QĐ-UBND")
    '10/2016/QĐ-UBND'
    """
    parsed = parse_id(text)
    if parsed is not None:
        return parsed["value"]
    from ..normalize import normalize_text

    return _re(r"\s+").sub("", normalize_text(text))


# --- type words, issuers, dates, titles ---------------------------------------


def _trie_alternation(words: list[str]) -> str:
    r"""The words as one pattern nested by shared prefixes (spaces as `\s+`).

    Matches what `_alternation` matches at the same starts; `re` tries the
    branches of a flat alternation one by one at every position, a nested
    one at most one branch per letter.

    >>> _trie_alternation(["quy định", "quy chế", "luật"]).replace(r"\s+", " ")
    'luật|quy (?:chế|định)'
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    top = [re.escape(ch) + emit(trie[ch]) for ch in sorted(trie)]
    return "|".join(top)


def _alternation(words: list[str]) -> str:
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in words)


@cache
def _lexicon() -> dict[str, Any]:
    r = _rules()
    spelling: dict[str, str] = {}
    for canon, variants in r["types"].items():
        for w in [canon, *variants]:
            spelling[w.lower()] = canon
    type_re = regex.compile(
        rf"(?<![\p{{L}}\d])(?P<type>{_alternation(list(spelling))})"
        rf"(?P<so>\s+số\s*[:.]?)?\s*(?=\d)",
        regex.I | regex.V1,
    )
    # `Luật Thanh tra số 56/2010/QH12`: a type word and a name before `số`.
    named_re = regex.compile(
        rf"(?<![\p{{L}}\d])(?P<type>{_alternation(list(spelling))})"
        rf"(?P<name>(?:\s+[\p{{L}}&]+(?:-[\p{{L}}]+)*){{1,8}}?),?\s+$",
        regex.I | regex.V1,
    )
    anaphor_re = regex.compile(
        rf"(?<![\p{{L}}\d])(?P<type>{_alternation(list(spelling))})\s+"
        rf"(?P<ana>{_alternation(r['anaphora']['words'])})(?![\p{{L}}\d])",
        regex.I | regex.V1,
    )
    b = r["bodies"]
    issuer_names = sorted(set(r["issuers"].values()), key=len, reverse=True)
    word_end = r"(?![\p{L}\d])"
    return {
        "spelling": spelling,
        "type_re": type_re,
        "anaphor_re": anaphor_re,
        "named_re": named_re,
        "strong_lower": {w.lower() for w in r["short"]["strong_lowercase"]},
        "needs_so": set(r["short"]["needs_so"]),
        "surname_re": regex.compile(
            rf"(?!{_alternation(b['not_persons'])})(?:{_alternation(b['surnames'])})"
            r"(?:\s+\p{Lu}\p{Ll}*){2}(?![\p{L}])",
            regex.V1),
        "closer_end_re": regex.compile(
            rf"(?<![\p{{L}}])(?:(?i:{_alternation(b['place_units'])})"
            rf"|{_alternation(b['name_closers'])})\s+$", regex.V1),
        "unit_end_re": regex.compile(
            rf"(?<![\p{{L}}])(?:{_alternation(b['place_units'])})\s+$", regex.V1 | regex.I),
        "head_re": regex.compile(rf"(?:{_alternation(b['heads'])}){word_end}", regex.V1),
        "stop_re": regex.compile(rf"(?:{_alternation(b['stop_words'])}){word_end}", regex.V1),
        "names_re": regex.compile(rf"(?:{_alternation(issuer_names)}){word_end}",
                                  regex.V1 | regex.I),
        "complete": {n.lower() for n in b["complete_names"]},
        "abbrev": tuple(b["abbreviations"]),
        "follow_re": regex.compile(
            rf"\s*(?:$|[,.;!?()\"'\n-]|(?:{_alternation(r['short']['followers'])}){word_end}"
            r"|ngày\s+\d)",
            regex.V1,
        ),
        "issuing_re": regex.compile(
            rf"\s(?:(?:{_alternation(r['issuing']['adverbs'])})\s+)?"
            rf"(?:{_alternation(r['issuing']['verbs'])})\s+$",
            regex.V1,
        ),
        "title_re": regex.compile(
            rf"\s*,?\s*(?:{_alternation(r['title']['markers'])})\s*:?\s+", regex.V1
        ),
        "title_end_re": regex.compile(
            rf"[.;:\n()\"]|…|,\s(?:\p{{Lu}}|(?:{_alternation(r['title']['clause_openers'])})"
            rf"{word_end})",
            regex.V1,
        ),
    }


_DATE = (
    r"(?P<d>\d{1,2})\s?(?P<sep>[-/.])\s?(?P<m>\d{1,2})(?:\s?(?P=sep)\s?(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|,)\s*(?P<y2>\d{4}))?"
)
# The issue date right after an id: `ngày 3-4-2012`, `, ngày 29-4-2011,`,
# `ban hành ngày 05 tháng 3 năm 2020`.
_DATE_AFTER_RE = regex.compile(
    rf"\s*,?\s*\(?\s*(?:(?:được\s+)?(?:ký\s+)?(?:ban hành|ký)\s+)?(?:vào\s+)?ngày\s+(?:{_DATE})"
    r"(?![\d/])\s*\)?",
    regex.V1,
)
# `Ngày 18/11/2016, <body> ban hành ...`: a date opening the clause.
_DATE_BEFORE_RE = regex.compile(rf"(?:[Nn]gày|[Vv]ào ngày)\s+(?:{_DATE})\s*,?\s*$", regex.V1)
_OF_RE = regex.compile(r"\s*,?\s*(?:của|do)\s+", regex.V1)
# `Nghị định 44/2017/NĐ-CP được Chính phủ ban hành ...`: a passive issuer.
_BY_RE = regex.compile(r"\s*,?\s*(?:được|đã được)\s+", regex.V1)
_BY_VERB_RE = regex.compile(r"\s+(?:(?:ký\s+)?ban hành|ký|thông qua)(?![\p{L}])", regex.V1)
# `Tiếp đó, ngày 23/5, sau khi ..., <body> đã có Quyết định ...`: a date
# opening a clause earlier in the sentence dates the issuing.
_DATE_CLAUSE_RE = regex.compile(
    rf"(?:^\W*|[,;:(]\s*)(?:[Nn]gày|[Vv]ào ngày)\s+(?:{_DATE})\s*,", regex.V1
)


def _iso(m: regex.Match, fallback_year: int | None) -> str | None:
    g = m.groupdict()
    d, mo = g["d"] or g["d2"], g["m"] or g["m2"]
    y = g["y"] or g["y2"]
    year = int(y) if y else fallback_year
    if year is None or not d:
        return None
    day, month = int(d), int(mo)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _article_year(doc: Doc) -> int | None:
    pub = str(doc.meta.get("published") or "")
    m = _re(r"(?:19|20)\d{2}").search(pub)
    return int(m.group()) if m else None


def _body_end(text: str, pos: int, limit: int = 140) -> int | None:
    """End of the issuing body's name starting at `pos`, or None if none starts there.

    `Ban Thường vụ Tỉnh ủy Bắc Giang về ...` -> the end of `Bắc Giang`.
    """
    lex = _lexicon()
    if not lex["head_re"].match(text, pos):
        return None
    end = pos
    known = lex["names_re"].match(text, pos)
    if known:  # a listed name may hold commas: `Bộ Văn hóa, Thể thao và Du lịch`
        end = known.end()
        if known.group().lower() in lex["complete"] and not _re(r"\s+(?:\p{Lu}|khóa\s+[IVXLC\d])").match(text[end:end + 12]):
            return end  # `của Chính phủ mới đi được`: nothing more belongs to the name
    stop = min(len(text), pos + limit)
    words = 0
    place_named = False  # a place name closed the body: `UBND huyện Bắc Trà My`
    for w in regex.finditer(r"\S+", text[:stop], pos=end):
        if words >= 14:
            break
        token = w.group()
        if lex["stop_re"].match(text, w.start()) and w.start() > pos:
            break
        if token[0].isdigit() or token[0] in "\"'(":
            break
        if token in ("và", "-"):
            nxt = _re(r"\s*(\S)").match(text[w.end():stop])
            if not nxt or not nxt.group(1).isupper():
                break
            words += 1
            continue
        if token.startswith(lex["abbrev"]) and _re(r"[\p{L}.]+").fullmatch(token):
            end = w.end()
            words += 1
            continue
        if (w.start() > pos and lex["surname_re"].match(text, w.start())
                and not lex["unit_end_re"].search(text, pos, w.start())):
            break  # a person's name follows the body: `Thủ tướng Chính phủ Nguyễn ...`
        if token[0].isupper() and lex["closer_end_re"].search(text, pos, w.start()):
            place_named = True
        elif place_named and token[0].islower():
            break
        bare = token.rstrip(",.;:)!?\"'…/")
        if bare and w.start() > pos and _is_type_word(bare, text, w.start()):
            break
        end = w.start() + len(bare)
        words += 1
        if bare != token:  # punctuation ends the name
            break
    return end if end > pos else None


def _is_type_word(token: str, text: str, pos: int) -> bool:
    """A capitalised document type word (`Quyết định ...`) ends a body's name."""
    if not token[:1].isupper():
        return False
    m = _lexicon()["type_re"].match(text, pos)
    return bool(m)


def _raw_text(doc: Doc, start: int, end: int) -> str:
    """The source's own spelling of a span (the gold keeps `Tỉnh uỷ` as written)."""
    rs, re_ = doc.to_raw(start, end)
    return _re(r"\s+").sub(" ", unicodedata.normalize("NFC", doc.raw[rs:re_])).strip()


def _title_at(text: str, pos: int, next_mention: int) -> str | None:
    """The subject after `về`, `về việc`: quoted text, else up to the clause end."""
    m = _lexicon()["title_re"].match(text, pos)
    if not m:
        return None
    start = m.end()
    stop = min(len(text), next_mention, start + 400)
    if text.startswith('"', start):
        close = text.find('"', start + 1, stop)
        cut = _re(r"[;\n]").search(text[start + 1:stop])
        end = close if close != -1 else stop
        if cut and start + 1 + cut.start() < end:
            end = start + 1 + cut.start()
        title = text[start + 1:end]
    else:
        cut = _lexicon()["title_end_re"].search(text[start:stop])
        title = text[start:start + cut.start()] if cut else text[start:stop]
    title = _re(r"[\s,…]+$|\s+(?:theo|của|tại|và|với|cho)$").sub("", title.strip())
    return title or None


# --- the extract stage -----------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    parsed: ParsedId | None  # None for a bare number
    number: str
    doc_type: str | None
    full: bool
    id_start: int = 0
    name: str | None = None
    listed: bool = False  # a bare number listed after another: `Quyết định 09, 80, 86`


def _chain_gap(text: str) -> bool:
    """Text between two ids of one list: `, `, ` và `, a date, `số`."""
    return bool(_re(rf"(?:\s*,?\s*ngày\s+(?:{_DATE}))?\s*(?:,|;|và|hoặc|,\s*và)\s*(?:số\s*:?\s*)?", regex.V1).fullmatch(text))


def _unmistakable(p: ParsedId) -> bool:
    """An id with no type word before it must carry a listed type or issuer code."""
    c = _codes()
    if p.system == "partial":
        return False
    if p.system == "party":
        return p.type_code is not None and bool(p.issuer_codes)
    segs = p.code.split("-") if p.code else []
    if p.year is not None:
        return bool(p.type_code or p.issuer_codes)
    if len(segs) < 2:
        return False
    return (segs[0] in c["type"] and bool(p.issuer_codes)) or segs[0] in c["issuers"]


def _doc_type_from_code(p: ParsedId) -> str | None:
    c = _codes()
    if p.type_code:
        table = c["party"] if p.system == "party" else c["type"]
        return table.get(p.type_code)
    if p.system == "state" and p.code:
        first = _re(r"\d+$").sub("", p.code.split("-")[0].split("/")[0])
        if first in ("QH", "UBTVQH") and p.year:
            return "Luật" if first == "QH" else "Pháp lệnh"
        if first in c["issuers"] and "-" in p.code:
            return "Công văn"
    return None


_SPACES = regex.compile(r"\s+")


@cache
def _type_word_finder() -> re.Pattern | None:
    """The type words, lower case, for the standard `re` (None if folding them changes them)."""
    words = list(_lexicon()["spelling"])
    if any(w.casefold() != w for w in words):
        return None
    return re.compile(_trie_alternation(words))


@lru_cache(maxsize=4)
def _type_word_starts(text: str) -> tuple[int, ...] | None:
    """Every offset where a type word starts (any case), or None when unknown.

    A superset of the starts of `type_re` and `anaphor_re` matches: the
    case-insensitive `regex` scan of a whole article costs ~2 ms, a
    case-sensitive `re` scan of its lower-cased copy ~0.2 ms. Lower-casing
    equals case folding (so offsets and matches carry over) unless the text
    has a character that folds to more than one (`ß`, `İ`): then None.
    """
    finder = _type_word_finder()
    low = lowered(text)
    if finder is None or low is None:
        return None
    starts: list[int] = []
    m = finder.search(low)
    while m is not None:
        starts.append(m.start())
        m = finder.search(low, m.start() + 1)  # overlapping: `nghị quyết định`
    return tuple(starts)


def _finditer_type_words(pattern: regex.Pattern, text: str) -> Iterator[regex.Match]:
    """`pattern.finditer(text)` for a pattern that starts with a type word, tried
    only where one starts (same matches, same order)."""
    starts = _type_word_starts(text)
    if starts is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for s in starts:
        if s < end:
            continue
        m = pattern.match(text, s)
        if m is not None:
            yield m
            end = max(m.end(), s + 1)


def _find_mentions(text: str) -> list[_Mention]:
    lex = _lexicon()
    mentions: list[_Mention] = []
    covered: list[tuple[int, int]] = []
    for t in _finditer_type_words(lex["type_re"], text):
        written = t.group("type")
        doc_type = lex["spelling"][_SPACES.sub(" ", written.lower())]
        id_start = t.end()
        m = ID_RE.match(text, id_start)
        p = _from_match(m) if m else None
        if p is not None:
            full = p.system != "partial"
            mentions.append(_Mention(t.start(), p.end, p, p.number, doc_type, full, id_start))
            covered.append((t.start(), p.end))
            continue
        b = _BARE_RE.match(text, id_start)
        if not b:
            continue
        mentions.append(_Mention(t.start(), b.end(), None, b.group("num"), doc_type, False,
                                 id_start))
        covered.append((t.start(), b.end()))
        pos = b.end()
        while (more := _LIST_RE.match(text, pos)) is not None:
            n0, n1 = more.span("num")
            mentions.append(_Mention(n0, n1, None, more.group("num"), doc_type, False, n0,
                                     listed=True))
            covered.append((n0, n1))
            pos = n1
    for m in ID_RE.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        p = _from_match(m)
        if p is None or p.system == "partial":
            continue
        start = p.start
        so = _re(r"(?<![\p{L}])số\s*:?\s*$", regex.V1).search(text[max(0, start - 8):start])
        doc_type = name = None
        if so:
            start -= len(so.group())
            named = lex["named_re"].search(text, max(0, start - 80), start)
            if named and named.group("type")[0].isupper():
                doc_type = lex["spelling"][_re(r"\s+").sub(" ", named.group("type").lower())]
                name = named.group("name").strip()
                start = named.start()
        mentions.append(_Mention(start, p.end, p, p.number, doc_type, True, p.start, name))
    mentions.sort(key=lambda x: x.start)
    return mentions


def _accept(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Drop bare numbers and type-less ids that are not document references."""
    lex = _lexicon()
    full_numbers: dict[str, set[str | None]] = {}
    for x in mentions:
        if x.full and x.parsed is not None and x.doc_type is not None:
            full_numbers.setdefault(x.number, set()).add(x.doc_type)
        elif x.full and x.parsed is not None:
            full_numbers.setdefault(x.number, set()).add(_doc_type_from_code(x.parsed))
    kept: list[_Mention] = []
    for x in mentions:
        if x.parsed is not None and x.doc_type is None:
            prev = kept[-1] if kept else None
            chained = prev is not None and prev.doc_type is not None and _chain_gap(
                text[prev.end:x.id_start if x.start == x.id_start else x.start])
            if chained:
                # `Kết luận số 1956/KL-CT và số 2100/QĐ-CT`: a state code wins; a
                # Party `QĐ` may be a Quy định (`Quy định số 205-QĐ/TW và 206-QĐ/TW`)
                coded = _doc_type_from_code(x.parsed) if x.parsed.system == "state" else None
                x.doc_type = coded or prev.doc_type
            elif _unmistakable(x.parsed):
                x.doc_type = _doc_type_from_code(x.parsed)
            else:
                continue
            kept.append(x)
            continue
        if x.parsed is not None:  # type word + id (or number/year)
            kept.append(x)
            continue
        if x.listed:
            # only after a kept mention of the list, and followed like a document
            prev = kept[-1] if kept else None
            if (prev is not None and prev.parsed is None and prev.doc_type == x.doc_type
                    and _LIST_RE.fullmatch(text, prev.end, x.end)
                    and not _YEARLIKE_RE.fullmatch(x.number)
                    and lex["follow_re"].match(text, x.end)):
                kept.append(x)
            continue
        written = text[x.start:x.id_start]
        has_so = bool(_re(r"\ssố", regex.I).search(written))
        types = full_numbers.get(x.number, set())
        if x.doc_type in types or None in types:
            kept.append(x)
            continue
        if has_so:
            kept.append(x)
            continue
        if _YEARLIKE_RE.fullmatch(x.number):
            continue
        if not lex["follow_re"].match(text, x.end) or x.doc_type in lex["needs_so"]:
            continue
        if written[0].islower() and x.doc_type.lower() not in lex["strong_lower"]:
            continue
        kept.append(x)
    return kept


def _details(doc: Doc, x: _Mention, next_start: int) -> dict[str, Any]:
    """issuer, issued, title from the words around one mention.

    `issued_at` is the span of the issue date when one was read; a date
    written without its year leaves `issued` empty until `resolve_documents`
    reads the year the date extractor gave it. `issuer_via` says where the
    issuer was read: `of` (`... của Bộ Y tế`), `by` (`được Chính phủ ban
    hành`) or `verb` (`UBND tỉnh ban hành ...`).
    """
    text = doc.text
    lex = _lexicon()
    year = x.parsed.year if x.parsed else None
    fallback_year = year or _article_year(doc)
    issuer = issued = title = issued_at = via = None
    pos = x.end
    for _ in range(2):  # `ngày ... của ...` or `của ... ngày ...`
        d = _DATE_AFTER_RE.match(text, pos)
        if d and issued_at is None:
            issued, issued_at = _iso(d, fallback_year), d.span()
            pos = d.end()
            continue
        o = _OF_RE.match(text, pos)
        if o and issuer is None:
            end = _body_end(text, o.end())
            if end is not None:
                issuer, via = _raw_text(doc, o.end(), end), "of"
                pos = end
                continue
        break
    title = _title_at(text, pos, next_start)
    if issuer is None:
        by = _BY_RE.match(text, pos)
        end = _body_end(text, by.end()) if by else None
        if end is not None and _BY_VERB_RE.match(text, end):
            issuer, via = _raw_text(doc, by.end(), end), "by"
    if issuer is None or issued_at is None:
        sent = doc.sentence_of(x.start)
        s0 = sent.start if sent and sent.start <= x.start else max(0, x.start - 200)
        before = text[max(s0, x.start - 200):x.start]
        v = lex["issuing_re"].search(before)
        if v:
            clause_from = max(before.rfind(c, 0, v.start()) for c in ",;:\n(") + 1
            lead = _re(r"\s*").match(before[clause_from:])
            b0 = x.start - len(before) + clause_from + lead.end()
            b1 = x.start - len(before) + v.start()
            end = _body_end(text, b0)
            person = end is not None and _re(r"\s+\p{Lu}\p{L}*(?:\s+\p{Lu}\p{L}*){1,3}\s*").fullmatch(text[end:b1]) and (
                lex["surname_re"].match(text, end + 1))
            if issuer is None and end is not None and (end == b1 or person):
                issuer, via = _raw_text(doc, b0, end), "verb"
                if issued_at is None:
                    w0 = max(s0, b0 - 60)
                    db = _DATE_BEFORE_RE.search(text[w0:b0])
                    if db is None:  # a date opening a clause earlier in the sentence
                        w0 = max(s0, x.start - 200)
                        db = next(iter(_DATE_CLAUSE_RE.finditer(text[w0:b0])), None)
                    if db:
                        issued, issued_at = _iso(db, fallback_year), (w0 + db.start(), w0 + db.end())
    return {"issuer": issuer, "issued": issued, "title": title, "issued_at": issued_at,
            "issuer_via": via}


@register("documents", 10)
def extract_documents(doc: Doc) -> None:
    """Add a `document_ref` fact for every full id and short mention.

    >>> from extract.document import Doc
    >>> d = Doc("a", "Căn cứ Quyết định số 294/QĐ-BNV ngày 3-4-2012 của Bộ Nội vụ về đào tạo.")
    >>> extract_documents(d)
    >>> f = d.facts[0]
    >>> (f.value, f.get("code"), f.get("issuer"), f.get("issued"), f.get("title"))
    ('294/QĐ-BNV', 'QĐ-BNV', 'Bộ Nội vụ', '2012-04-03', 'đào tạo')
    """
    text = doc.text
    mentions = _accept(text, _find_mentions(text))
    infos = [
        _details(doc, x, mentions[i + 1].start if i + 1 < len(mentions) else len(text))
        for i, x in enumerate(mentions)
    ]
    # `Quyết định số 1880/QĐ-TTg ngày 29/9/2016 và Quyết định số 309/QĐ-TTg ngày
    # 9/3/2017 của Thủ tướng Chính phủ`: the body after the last of a list issued all.
    for i in range(len(mentions) - 2, -1, -1):
        x, nxt, info = mentions[i], mentions[i + 1], infos[i + 1]
        if (infos[i]["issuer"] is None and info["issuer_via"] == "of"
                and _chain_gap(text[x.end:nxt.start])):
            infos[i]["issuer"], infos[i]["issuer_via"] = info["issuer"], "of"
    for x, info in zip(mentions, infos, strict=True):
        p = x.parsed
        parsed = p.as_dict() if p else {}
        attrs: dict[str, Any] = {
            "doc_type": x.doc_type,
            "number": x.number,
            "year": p.year if p else None,
            "code": p.code if p else None,
            "issuer": info["issuer"],
            "issued": info["issued"],
            "short": False,
            "title": info["title"] or x.name,
            "issuer_from_code": parsed.get("issuer_from_code"),
            "full_id": x.full,
            "issued_at": info["issued_at"] if info["issued"] is None else None,
        }
        value = p.value if p else x.number
        doc.add(Fact("document_ref", x.start, x.end, value, attrs, extractor=EXTRACTOR))


# --- the post stage: short mentions and anaphora -----------------------------


def _same_type(a: Fact, b: Fact) -> bool:
    return a.get("doc_type") is None or b.get("doc_type") is None or (
        a.get("doc_type") == b.get("doc_type"))


@register("resolve_documents", 10, stage="post")
def resolve_documents(doc: Doc) -> None:
    """Give short mentions the id of their full mention; link `Đề án này`.

    A short mention (`Quyết định số 1956`, `Nghị định 155/2016`) refers to the
    nearest full mention before it with the same number and type (else the
    first one after it): it takes that mention's value, year, code and
    `issuer_from_code` and `short: true`. `issuer`/`issued` stay as found in
    its own sentence. Without a full mention the value stays the number.
    """
    refs = [f for f in doc.facts_of("document_ref") if f.extractor == EXTRACTOR]
    _issue_dates_from_facts(doc, refs)
    full = [f for f in refs if f.get("full_id")]
    for f in refs:
        if f.get("full_id") or f.get("anaphor"):
            continue
        cands = [g for g in full if g.get("number") == f.get("number") and _same_type(f, g)
                 and (f.get("year") is None or g.get("year") == f.get("year"))]
        if not cands:
            continue
        before = [g for g in cands if g.start < f.start]
        target = before[-1] if before else cands[0]
        f.value = target.value
        f.attrs.update(
            year=target.get("year"),
            code=target.get("code"),
            issuer_from_code=target.get("issuer_from_code"),
            short=True,
        )
        if f.get("doc_type") is None:
            f.attrs["doc_type"] = target.get("doc_type")
        if f.get("title") is None and target.get("title"):
            f.attrs["title"] = target.get("title")
    _link_anaphora(doc, refs)


def _issue_dates_from_facts(doc: Doc, refs: list[Fact]) -> None:
    """`Quyết định số 911/QĐ-UBND ngày 10/5`: the year the date extractor gave `ngày 10/5`.

    The extract stage reads issue dates before the dates are extracted; a date
    written without its year waits here for the year (publication date or
    text) that the `temporal` component worked out.
    """
    dates = doc.facts_of("date")
    for f in refs:
        span = f.attrs.pop("issued_at", None)
        if span is None or f.get("issued") is not None:
            continue
        hit = next((d for d in dates if d.start < span[1] and span[0] < d.end), None)
        if hit is not None and _re(r"\d{4}-\d\d-\d\d").fullmatch(str(hit.value)):
            f.attrs["issued"] = hit.value


@cache
def _type_word_re(doc_type: str) -> regex.Pattern:
    """The capitalised type word of `doc_type` in any of its spellings, alone."""
    words = [w for w, canon in _lexicon()["spelling"].items() if canon == doc_type]
    alts = "|".join(regex.escape(w[0].upper() + w[1:]).replace(r"\ ", r"\s+")
                    for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alts})(?![\p{{L}}\d])", regex.V1)


def _link_anaphora(doc: Doc, refs: list[Fact]) -> None:
    """`Đề án này`, `Quyết định nói trên`: the last document of that type, close by."""
    lex = _lexicon()
    window = _rules()["anaphora"]["window"]
    # any mention but another anaphor: `Chỉ thị số 20 ... Chỉ thị này` links to
    # the bare number when the article never gives the full id
    named = sorted((f for f in refs if not f.get("anaphor")), key=lambda f: f.start)
    for m in _finditer_type_words(lex["anaphor_re"], doc.text):
        written = m.group("type")
        if not written[0].isupper():
            continue  # `các chương trình, đề án này`: a generic noun
        doc_type = lex["spelling"][_SPACES.sub(" ", written.lower())]
        here = doc.sentence_index(m.start())
        target = None
        for f in named:
            if f.start >= m.start():
                break
            if f.get("doc_type") == doc_type:
                target = f
        if target is None:
            continue
        there = target.sentence
        if here is not None and there is not None:
            # the document stays the topic while the type word keeps coming
            # back (`Nghị quyết số 42 ... Theo đó, Nghị quyết quy định ... Nghị quyết này`)
            for w in _type_word_re(doc_type).finditer(doc.text, target.end, m.start()):
                s = doc.sentence_index(w.start())
                if s is not None and s - there <= window:
                    there = max(there, s)
            if here - there > window:
                continue
        attrs = {k: target.get(k) for k in ("doc_type", "number", "year", "code",
                                              "issuer_from_code", "title")}
        attrs.update(issuer=None, issued=None, short=True, anaphor=True, full_id=False)
        doc.add(Fact("document_ref", m.start(), m.end(), target.value, attrs,
                     extractor=EXTRACTOR), take=False)


__all__ = ["canonical_id", "parse_id", "extract_documents", "resolve_documents", "ID_RE"]
