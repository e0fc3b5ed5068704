"""Totals and their breakdowns: which figures a report says add up to which.

Vietnamese reports state a total and then list what it is made of::

    Huyện có 29 đơn vị hành chính, gồm 27 xã và 2 thị trấn.
    Mở 15 lớp với 1.070 học viên. Trong đó: 12 lớp ... 779 học viên; 1 lớp ...

`find_structures(doc)` returns one `Structure` per total; the post stage
`structure` links every part to its total (`fact.part_of`, an index into
`doc.facts`); `extract.checks` judges whether the parts add up.

How a structure is found (the words are data in `rules/structures.toml`):

1. a breakdown marker (`trong đó`, `gồm`, `bao gồm`, `cụ thể`, `với các ...:`,
   a bracket right after a figure) opens a list;
2. the list runs to the end of the marker's sentence (a bracket: to its
   closing bracket), stops early at a `;` clause that opens with a date (a new
   statement), and goes on into the next sentences while they open with the
   same words as its first item (one item per paragraph is common);
3. a marker inside the list opens a nested list: the figures after it belong
   to the nested list, whose total stays a part of the outer one;
4. a part's total is the nearest figure before the marker (in the marker's
   sentence, or the sentence before when the marker opens its sentence) whose
   unit adds up with the part's (`lượt` with `đồng chí`, `đơn vị hành chính`
   with `xã`; never `lớp` with `học viên`), so one marker can break down two
   totals at once (`15 lớp với 1.070 học viên. Trong đó: ...`);
5. a total written after its parts (`..., tổng cộng 22 xã`) closes a list of
   the figures before it in its sentence;
6. a total whose parts fall short is completed by the totals of the next
   structures when they make up the difference exactly: a total of totals
   (`1110 lượt` = `40 đồng chí` here + `1070 học viên` in the next paragraph).

>>> from extract.document import Doc, Fact
>>> from extract.segment import sentences
>>> doc = Doc("d", "Huyện có 29 đơn vị hành chính, gồm 27 xã và 2 thị trấn.")
>>> doc.set_sentences(sentences(doc.text))
>>> for s, e, v, u in [(9, 29, 29, "đơn vị hành chính"), (35, 40, 27, "xã"),
...                    (44, 54, 2, "thị trấn")]:
...     _ = doc.add(Fact("count", s, e, v, {"unit": u, "qualifier": "exact"}))
>>> [(s.total, s.parts, s.marker) for s in find_structures(doc)]
[(0, [1, 2], 'gom')]
"""

from __future__ import annotations

import bisect
import weakref
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import regex

from .document import Doc, Fact
from .extractors import register
from .normalize import lowered
from .resources import load_rules

# Patterns used at run time, compiled once (the module-level `regex.match(str, ...)`
# re-enters regex's compile cache, whose flag handling costs more than the match).
_re = lru_cache(maxsize=1024)(regex.compile)

# Figure types whose values add up. Percentages of sub-populations do not add
# up to the percentage of the whole, and a fraction is a ratio.
SUMMABLE = ("count", "money", "measure", "duration")
_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.VERSION1


@dataclass
class Structure:
    """A total and the figures the text gives as its parts (indices into doc.facts)."""

    total: int
    parts: list[int]
    marker: str  # rule name: `gom`, `trong_do`, `tong_cong`...
    start: int  # normalized span covering the total and its parts
    end: int
    exhaustive: bool  # the list is meant to account for the whole total
    open_list: bool  # the list says it goes on (`…`, `và các ... khác`)
    kind: str = "sum"  # `total_of_totals` when parts are totals themselves
    grand_parts: list[int] = field(default_factory=list)  # later totals completing it
    tight: bool = True  # the total stands close to its marker: a failed sum is a mismatch

    @property
    def all_parts(self) -> list[int]:
        return self.parts + self.grand_parts


@dataclass
class _Marker:
    name: str
    start: int
    end: int
    exhaustive: bool
    colon: bool
    sentence: int
    closes: str | None = None
    adjacent: bool = False
    max_gap: int = 0
    attach: int | None = None  # a verb marker: how far before it its total may end
    types: tuple[str, ...] = SUMMABLE  # fact types it breaks down
    scope_end: int = 0  # where its own list ends (before continuation)


@dataclass
class _Rules:
    markers: list[tuple[dict[str, Any], Any]]
    lower_markers: list[Any]  # each marker pattern, case-sensitive, for lower-case text (None: no such form)
    trailing: list[tuple[dict[str, Any], Any]]
    trailing_excluded: Any
    open_list: Any
    lower_open_list: Any
    not_a_part: Any
    date_within: int
    new_opening: Any
    attach_breaks: Any
    tight_gap: int
    continuation_words: int
    continuation_max: int
    groups: list[tuple[frozenset[str], frozenset[str], bool]]
    bounds: dict[str, tuple[float, float]]


def _lower_case_form(pattern: str) -> Any:
    """`pattern` compiled without IGNORECASE, for matching lower-cased text, or
    None when it spells an upper-case letter outside an escape."""
    literal = regex.sub(r"\\[pP]\{[^}]*\}|\\.", "", pattern)
    if literal != literal.lower():
        return None
    return regex.compile(pattern, _FLAGS & ~regex.IGNORECASE)


@cache
def rules() -> _Rules:
    """The compiled `rules/structures.toml`."""
    data = load_rules("structures")
    groups = []
    for g in data["unit_groups"].values():
        units = frozenset(u.lower() for u in g.get("units", ()))
        covering = frozenset(u.lower() for u in g.get("covering", ()))
        groups.append((units | covering, covering, bool(g.get("interchangeable", False))))
    return _Rules(
        markers=[(m, regex.compile(m["pattern"], _FLAGS)) for m in data["marker"]],
        lower_markers=[_lower_case_form(m["pattern"]) for m in data["marker"]],
        trailing=[(m, regex.compile(m["pattern"], _FLAGS)) for m in data["trailing"]],
        trailing_excluded=regex.compile(data["trailing_excluded"]["pattern"], _FLAGS),
        open_list=regex.compile(data["open_list"]["pattern"], _FLAGS),
        lower_open_list=_lower_case_form(data["open_list"]["pattern"]),
        not_a_part=regex.compile(data["not_a_part"]["before"], _FLAGS),
        date_within=int(data["new_statement"]["date_within"]),
        new_opening=regex.compile(data["new_statement"]["opening"], _FLAGS),
        attach_breaks=regex.compile(data["attach"]["breaks"], _FLAGS),
        tight_gap=int(data["judging"]["tight_gap"]),
        continuation_words=int(data["continuation"]["words"]),
        continuation_max=int(data["continuation"]["max_sentences"]),
        groups=groups,
        bounds={k: (float(v[0]), float(v[1])) for k, v in data["qualifier_bounds"].items()},
    )


# --- units --------------------------------------------------------------------


def _unit(f: Fact) -> str:
    return str(f.get("unit") or "").strip().lower()


def compatible(total: Fact, part: Fact) -> bool:
    """True when `part` can be a share of `total`: same kind of thing counted.

    >>> c = lambda u: Fact("count", 0, 1, 1, {"unit": u})
    >>> compatible(c("lượt"), c("đồng chí")), compatible(c("lớp"), c("học viên"))
    (True, False)
    >>> compatible(c("đơn vị hành chính"), c("xã")), compatible(c("huyện"), c("xã"))
    (True, False)
    """
    if total.type != part.type or total.type not in SUMMABLE:
        return False
    if total.type == "money":
        return (total.get("currency") or "VND") == (part.get("currency") or "VND") and (
            total.get("per") or None
        ) == (part.get("per") or None)
    tu, pu = _unit(total), _unit(part)
    if not tu or not pu:
        return False
    if tu == pu:
        return True
    if total.type != "count":
        return False
    for units, covering, interchangeable in rules().groups:
        if tu in units and pu in units and (interchangeable or tu in covering):
            return True
    return False


def bounds(f: Fact) -> tuple[float, float]:
    """The range the true value of `f` lies in, given its qualifier.

    >>> bounds(Fact("count", 0, 1, 200, {"qualifier": "nearly"}))
    (100.0, 200.0)
    >>> bounds(Fact("count", 0, 1, 2000, {"qualifier": "range", "value_max": 3000}))
    (2000.0, 3000.0)
    """
    v = float(f.value)
    q = f.get("qualifier") or "exact"
    if q == "range":
        vmax = f.get("value_max")
        return v, float(vmax) if isinstance(vmax, int | float) else float("inf")
    lo, hi = rules().bounds.get(q, (0.0, float("inf")))
    return v * lo, v * hi


def is_exact(f: Fact) -> bool:
    return (f.get("qualifier") or "exact") == "exact" and f.get("value_max") is None


# --- finding ------------------------------------------------------------------


def _figures(doc: Doc) -> list[int]:
    """Indices of summable body figures, in text order, that are not rates or changes."""
    r = rules()
    out = []
    for i, f in enumerate(doc.facts):
        if f.type not in SUMMABLE or not f.in_body:
            continue
        if not isinstance(f.value, int | float) or isinstance(f.value, bool) or f.value < 0:
            continue
        if f.type == "money" and f.get("per"):
            continue  # a price or a rate (`36,70 triệu đồng/lượng`) does not add up
        if r.not_a_part.search(doc.text[max(0, f.start - 25) : f.start]):
            continue
        out.append(i)
    out.sort(key=lambda i: (doc.facts[i].start, doc.facts[i].end))
    return out


@lru_cache(maxsize=4)
def _marker_matches(text: str) -> tuple[tuple[int, int, int, bool], ...]:
    """(rule index, start, end, colon) of every marker pattern match in `text`:
    the same for the structure stage and the checks that call it again."""
    out = []
    low = lowered(text)
    for k, (_rule, pat) in enumerate(rules().markers):
        lower_pat = rules().lower_markers[k]
        matches = lower_pat.finditer(low) if low is not None and lower_pat is not None else pat.finditer(text)
        for m in matches:
            colon = bool(_re(r"\s*:").match(text[m.end() : m.end() + 3])) or m.group().endswith(":")
            out.append((k, m.start(), m.end(), colon))
    return tuple(out)


def _markers(doc: Doc) -> list[_Marker]:
    found: list[_Marker] = []
    markers = rules().markers
    for k, start, end, colon in _marker_matches(doc.text):
        rule = markers[k][0]
        if not doc.in_body(start, end):
            continue
        si = doc.sentence_index(start)
        if si is None:
            continue
        found.append(
            _Marker(
                rule["name"], start, end, bool(rule["exhaustive"]), colon, si,
                closes=rule.get("closes"), adjacent=bool(rule.get("adjacent", False)),
                max_gap=int(rule.get("max_gap", 0)), attach=rule.get("attach"),
                types=tuple(rule.get("types", SUMMABLE)),
            )
        )
    found.sort(key=lambda m: (m.start, -m.end))
    # one marker per place: `bao gồm có` is one marker, not three
    out: list[_Marker] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _scope_end(doc: Doc, m: _Marker, dates: list[tuple[int, int]]) -> int:
    """End of the marker's own list: sentence end, closing bracket, or a new statement."""
    sent = doc.sentences[m.sentence]
    if m.closes:
        close = doc.text.find(m.closes, m.end, sent.end + 1)
        return close if close >= 0 else m.end
    end = sent.end
    r = rules()
    for sc in _re(";").finditer(doc.text[m.end : end]):
        pos = m.end + sc.start()
        i = bisect.bisect_left(dates, (pos + 1, -1))
        if i < len(dates) and dates[i][0] - pos <= r.date_within:
            return pos
        if r.new_opening.match(doc.text[pos + 1 : end]):
            return pos
    return end


def _opening(text: str, n: int) -> tuple[str, ...]:
    """The first `n` words of `text` (lower case), or () when it opens with a number."""
    words = _re(r"[\p{L}\d]+").findall(text)[:n]
    if len(words) < n or any(w[0].isdigit() for w in words):
        return ()
    return tuple(w.lower() for w in words)


# The structures last found per document, with what they were found from:
# the structure stage and the checks both ask, and nothing between them
# changes what `find_structures` reads (`part_of` is not read).
_FOUND: weakref.WeakKeyDictionary[Doc, tuple[Any, list[Structure]]] = weakref.WeakKeyDictionary()


def _inputs(doc: Doc) -> Any:
    """What `find_structures` reads from `doc`, to compare for equality: the
    text, sentences and zones, every fact's span, and the values and
    attributes of the facts it adds up (entities' attributes are not read)."""
    return (
        doc.text,
        [(s.start, s.end, s.paragraph) for s in doc.sentences],
        [(z.start, z.end) for z in doc.zones],
        [(f.type, f.start, f.end, f.in_body) for f in doc.facts],
        [(f.value, dict(f.attrs)) for f in doc.facts if f.type in SUMMABLE],
    )


def find_structures(doc: Doc) -> list[Structure]:
    """Every total with its parts in `doc` (see the module docstring for how)."""
    key = _inputs(doc)
    hit = _FOUND.get(doc)
    if hit is not None and hit[0] == key:
        return list(hit[1])
    found = _find_structures(doc)
    _FOUND[doc] = (key, found)
    return list(found)


def _find_structures(doc: Doc) -> list[Structure]:
    if not doc.sentences:
        return []
    r = rules()
    figs = _figures(doc)
    fig_starts = [doc.facts[i].start for i in figs]
    dates = sorted((f.start, f.end) for f in doc.facts if f.type in ("date", "period"))
    markers = _markers(doc)
    for m in markers:
        m.scope_end = _scope_end(doc, m, dates)

    def figs_in(s: int, e: int) -> list[int]:
        a, b = bisect.bisect_left(fig_starts, s), bisect.bisect_left(fig_starts, e)
        return [figs[k] for k in range(a, b) if doc.facts[figs[k]].end <= e]

    # Regions owned by each marker (its own list, then continuation sentences).
    regions: dict[int, list[tuple[int, int]]] = {}
    claimed: set[int] = set()  # sentences taken as continuation items
    for k, m in enumerate(markers):
        regions[k] = [(m.end, m.scope_end)]
        if m.closes or m.sentence in claimed or m.scope_end < doc.sentences[m.sentence].end:
            continue
        first = [i for i in figs_in(m.end, m.scope_end)]
        if not first:
            continue
        opening = _opening(doc.text[m.end : doc.facts[first[0]].start], r.continuation_words)
        if not opening:
            continue
        si = m.sentence
        for _ in range(r.continuation_max):
            si += 1
            if si >= len(doc.sentences) or si in claimed:
                break
            sent = doc.sentences[si]
            if not doc.in_body(sent.start, sent.end):
                break
            if _opening(doc.text[sent.start : sent.end], r.continuation_words) != opening:
                break
            claimed.add(si)
            regions[k].append((sent.start, sent.end))

    def owned(k: int) -> list[int]:
        """Figures in marker k's regions that no later marker's list took."""
        inner = [
            (mm.start, mm.scope_end)
            for mm in markers[k + 1 :]
            if any(s <= mm.start < e for s, e in regions[k])
        ]
        out = []
        for s, e in regions[k]:
            for i in figs_in(s, e):
                f = doc.facts[i]
                if not any(a <= f.start < b for a, b in inner):
                    out.append(i)
        return out

    @cache  # asked once per total of marker k's list
    def open_in(k: int) -> bool:
        inner = [
            (mm.start, mm.scope_end)
            for mm in markers[k + 1 :]
            if any(s <= mm.start < e for s, e in regions[k])
        ]
        low = lowered(doc.text)
        text, pattern = (low, r.lower_open_list) if low is not None and r.lower_open_list else (doc.text, r.open_list)
        for s, e in regions[k]:
            for om in pattern.finditer(text, s, e):
                if not any(a <= om.start() < b for a, b in inner):
                    return True
        return False

    structures: list[Structure] = []
    is_part: set[int] = set()
    for k, m in enumerate(markers):
        parts = owned(k)
        if not parts:
            continue
        sent = doc.sentences[m.sentence]
        if m.adjacent:
            cands = [
                i for i in figs_in(max(0, m.start - 200), m.start)
                if 0 <= m.start - doc.facts[i].end <= m.max_gap
            ]
        elif not _re(r"[\p{L}\d]").search(doc.text[sent.start : m.start]) and m.sentence > 0:
            prev = doc.sentences[m.sentence - 1]
            cands = figs_in(prev.start, prev.end)
            # `... có 1 xe; ... có 1 xe; ... có 1 xe. Trong số này, 2 xe ...`: a
            # sentence listing several figures of a kind has no one total of it
            cands = [c for c in cands
                     if sum(compatible(doc.facts[c], doc.facts[o]) for o in cands) == 1]
        else:
            cands = figs_in(sent.start, m.start)
        if m.attach is not None and not _re(r"[,:]\s*$").search(doc.text[sent.start : m.start]):
            # `X gồm ...`: only a figure right before the verb is its subject
            cands = [
                c for c in cands
                if m.start - doc.facts[c].end <= m.attach
                and not r.attach_breaks.search(doc.text, doc.facts[c].end, m.start)
            ]
        parts = [p for p in parts if doc.facts[p].type in m.types]
        by_total: dict[int, list[int]] = {}
        for p in parts:
            pf = doc.facts[p]
            total = next((c for c in reversed(cands) if compatible(doc.facts[c], pf)), None)
            if total is not None and p != total:
                by_total.setdefault(total, []).append(p)
        # `1 binh sĩ thiệt mạng và 7 người bị thương, trong đó có 3 binh sĩ`: a
        # figure between a total and the marker must be broken down here too
        # (`15 lớp với 1070 học viên. Trong đó: ...`), else it is the subject
        by_total = {
            t: ps for t, ps in by_total.items()
            if all(c in by_total for c in cands if doc.facts[c].start > doc.facts[t].start)
        }
        if m.adjacent:
            by_total = {t: ps for t, ps in by_total.items() if len(ps) >= 2}
        # a list that names things we cannot add up (`1 trưởng đoàn, 10 phó đoàn`)
        # is not accounted for by the parts we can
        unassigned = any(
            p not in by_total and doc.facts[p].type == "count" and all(p not in ps for ps in by_total.values())
            for p in parts
        ) or _unread_items(doc, regions[k])
        group: list[Structure] = []
        for total, ps in by_total.items():
            tf = doc.facts[total]
            ps = _drop_siblings(doc, markers, k, tf, ps)
            if not ps or any(_restates(tf, doc.facts[p]) for p in ps):
                continue
            fs = [doc.facts[p] for p in ps]
            group.append(Structure(
                total=total, parts=ps, marker=m.name,
                start=min(tf.start, m.start), end=max(f.end for f in fs),
                exhaustive=len(ps) >= 2 and (m.exhaustive or m.colon) and not unassigned,
                open_list=open_in(k), tight=m.start - tf.end <= r.tight_gap,
            ))
        # a sibling total that adds up exactly shows the list is complete (15 = 12+1+1+1)
        if not unassigned and any(len(s.parts) >= 2 and _adds_up(doc, s) for s in group):
            for s in group:
                s.exhaustive = s.exhaustive or len(s.parts) >= 2
        structures.extend(group)
        is_part.update(p for s in group for p in s.parts)

    structures.extend(_trailing(doc, figs, is_part))
    _complete_with_later_totals(doc, structures)
    totals = {s.total for s in structures}
    for s in structures:
        if s.grand_parts or any(p in totals for p in s.parts):
            s.kind = "total_of_totals"
    structures.sort(key=lambda s: (s.start, s.end))
    return structures


_ITEM_NUMBER = regex.compile(r"(?:^|[,;:]\s*|(?<![\p{L}])và\s+)(\d[\d.,]*)\s+\p{L}", regex.MULTILINE)


def _unread_items(doc: Doc, regions: list[tuple[int, int]]) -> bool:
    """True when a list item opens with a number no fact covers (`1 trưởng đoàn, 10 phó đoàn`)."""
    for s, e in regions:
        for m in _ITEM_NUMBER.finditer(doc.text, s, e):
            a, b = m.span(1)
            if not any(f.start <= a and b <= f.end for f in doc.facts):
                return True
    return False


def _drop_siblings(doc: Doc, markers: list[_Marker], k: int, total: Fact, parts: list[int]) -> list[int]:
    """Cut the list before a later marker's total that exceeds this total.

    `100 người, gồm 60 nữ và 40 nam; huyện B có 120 người, gồm ...`: the
    second `gồm` opens a sibling statement, not a nested list.
    """
    later = [mm.start for mm in markers[k + 1 :]]
    if not later or not is_exact(total):
        return parts
    for n, p in enumerate(parts):
        f = doc.facts[p]
        nxt = bisect.bisect_left(later, f.end)
        opens_list = nxt < len(later) and not _re(r"[\d;.]").search(doc.text[f.end : later[nxt]])
        if opens_list and f.value > total.value:
            return parts[:n]
    return parts


def _restates(total: Fact, part: Fact) -> bool:
    """`2 tàu ... Cụ thể, ... đưa 2 tàu ...`: the list repeats its total, it does not break it down."""
    return _close(float(part.value), float(total.value)) and _unit(part) == _unit(total)


def _adds_up(doc: Doc, s: Structure) -> bool:
    fs = [doc.facts[p] for p in s.parts]
    t = doc.facts[s.total]
    return all(is_exact(f) for f in [t, *fs]) and _close(sum(f.value for f in fs), t.value)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _trailing(doc: Doc, figs: list[int], taken: set[int]) -> list[Structure]:
    """Totals written after their parts: `A 10 xã, B 12 xã, tổng cộng 22 xã`."""
    r = rules()
    out = []
    for i in figs:
        f = doc.facts[i]
        sent = doc.sentence_of(f)
        if sent is None or i in taken:
            continue
        window = doc.text[max(sent.start, f.start - 30) : f.start]
        for rule, pat in r.trailing:
            tm = pat.search(window)
            if not tm:
                continue
            mstart = f.start - len(window) + tm.start()
            if r.trailing_excluded.search(doc.text[max(sent.start, mstart - 20) : mstart + len(tm.group())]):
                break
            parts = [
                p for p in figs
                if p not in taken and p != i and sent.start <= doc.facts[p].start
                and doc.facts[p].end <= mstart and compatible(f, doc.facts[p])
            ]
            if len(parts) >= 2:
                fs = [doc.facts[p] for p in parts]
                out.append(Structure(
                    total=i, parts=parts, marker=rule["name"], start=fs[0].start, end=f.end,
                    exhaustive=bool(rule["exhaustive"]),
                    open_list=bool(r.open_list.search(doc.text, fs[0].start, mstart)),
                ))
                taken.update(parts)
            break
    return out


def _paragraph(doc: Doc, pos: int) -> int:
    s = doc.sentence_of(pos)
    return s.paragraph if s else 0


def _complete_with_later_totals(doc: Doc, structures: list[Structure]) -> None:
    """Give a total that its parts leave short the later totals that make it up exactly."""
    parts_of = {p for s in structures for p in s.parts}
    top = sorted(
        (s for s in structures if s.total not in parts_of), key=lambda s: doc.facts[s.total].start
    )
    used: set[int] = set()
    for s in structures:
        t = doc.facts[s.total]
        fs = [doc.facts[p] for p in s.parts]
        if not all(is_exact(f) for f in [t, *fs]):
            continue
        acc = sum(f.value for f in fs)
        if acc >= t.value:
            continue
        para = _paragraph(doc, s.end)
        extra: list[int] = []
        for s2 in top:
            t2 = doc.facts[s2.total]
            if t2.start < s.end or s2.total in used or s2 is s:
                continue
            if _paragraph(doc, t2.start) - para > 2:
                break
            if not compatible(t, t2) or not is_exact(t2):
                continue
            acc += t2.value
            extra.append(s2.total)
            if _close(acc, t.value):
                s.grand_parts = extra
                s.end = max(s.end, t2.end)
                used.update(extra)
                break
            if acc > t.value:
                break


@register("structure", 60, stage="post")
def link_parts(doc: Doc) -> None:
    """Post stage: set `part_of` on every part (index of its total in doc.facts)."""
    for s in find_structures(doc):
        for p in s.all_parts:
            if doc.facts[p].part_of is None:
                doc.facts[p].part_of = s.total
