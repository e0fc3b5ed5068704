"""Checks: do the figures of an article hold together, and does the store hold the article?

Two levels:

- **In the document** (post stage `checks`, after `structure`): every total
  and its parts (`sum`, `total_of_totals`), every fraction or share against
  the percentage written beside it (`ratio`), and sanity flags
  (`sanity:percent_over_100`, `sanity:fraction_over_1`,
  `sanity:period_reversed`, `sanity:duplicate`, `sanity:zone_as_body`). Each
  check is a dict appended to `doc.checks`: `kind`, `verdict` (`ok`,
  `mismatch`, `open`, `flag`), `expected`, `actual`, `message`, `facts`
  (indices into `doc.facts`), `start`, `end` (normalized offsets). A
  `mismatch` is a finding about the article, not a fault of the tool.
- **In the store** (`verify_store`): every fact's text is cut again from the
  stored raw article and its value parsed again (see `reparse`); a difference
  is a `Problem`, a fault of the tool.

>>> from extract.document import Doc, Fact
>>> from extract.segment import sentences
>>> doc = Doc("d", "Đã đào tạo 19.037/14,590 lượt cán bộ, đạt 130,47% kế hoạch.")
>>> doc.set_sentences(sentences(doc.text))
>>> _ = doc.add(Fact("fraction", 11, 29, 19037 / 14590, {"numerator": 19037, "denominator": 14590}))
>>> _ = doc.add(Fact("percent", 42, 49, 130.47, {"qualifier": "exact"}))
>>> [(c["kind"], c["verdict"]) for c in check_doc(doc)]
[('ratio', 'ok')]
"""

from __future__ import annotations

import json
import math
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex

from .document import FIGURE_TYPES, Doc, Fact
from .extractors import register
from .normalize import normalize_text
from .resources import load_rules
from .structure import Structure, bounds, find_structures, is_exact

# Patterns used at run time, compiled once (the module-level `regex.match(str, ...)`
# re-enters regex's compile cache, whose flag handling costs more than the match).
_re = lru_cache(maxsize=1024)(regex.compile)

_FLAGS = regex.IGNORECASE | regex.VERSION1
INF = float("inf")


@cache
def _rules() -> dict[str, Any]:
    data = load_rules("sanity")
    out: dict[str, Any] = {}
    for name, sect in data.items():
        out[name] = {
            k: regex.compile(v, _FLAGS) if isinstance(v, str) else v for k, v in sect.items()
        }
    return out


# --- formatting -----------------------------------------------------------------


def format_vn(x: float | int | None, decimals: int = 2) -> str:
    """A number the way Vietnamese reports write it.

    >>> format_vn(1050), format_vn(17927.0), format_vn(130.4798), format_vn(-20)
    ('1.050', '17.927', '130,48', '-20')
    >>> format_vn(130.479780, 4)
    '130,4798'
    """
    if x is None:
        return "?"
    if isinstance(x, float) and (math.isinf(x) or math.isnan(x)):
        return "∞" if x > 0 else "?"
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    whole, frac = f"{x:.{decimals}f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def format_amount(x: float, unit_type: str = "count") -> str:
    """`format_vn`, with money in tỷ/triệu as reports write it.

    >>> format_amount(45e9, "money"), format_amount(2.375e9, "money"), format_amount(1050)
    ('45 tỷ', '2,375 tỷ', '1.050')
    >>> format_amount(10e9, "money"), format_amount(11_800e9, "money"), format_amount(8.77e9, "money")
    ('10 tỷ', '11.800 tỷ', '8,77 tỷ')
    """
    if unit_type == "money":
        for scale, word in ((1e9, "tỷ"), (1e6, "triệu")):
            if abs(x) >= scale:
                text = format_vn(round(x / scale, 3), 3)
                if "," in text:
                    text = text.rstrip("0").rstrip(",")
                return f"{text} {word}"
    return format_vn(x)


def _written(doc: Doc, f: Fact) -> str:
    return doc.text[f.start : f.end]


# --- sums -----------------------------------------------------------------------


def judge_sum(total: Fact, parts: list[Fact], exhaustive: bool, open_list: bool,
              tolerance: float = 0.0, tight: bool = True) -> tuple[str, str]:
    """Verdict and reason for `parts` against `total`.

    `ok` when the stated values add up (within `tolerance`, the rounding of
    figures written with decimals); `mismatch` only when no reading of the
    qualifiers (`hơn`, `gần`...) and of an open list can make them add up,
    and the total stands close to its list (`tight`); `open` otherwise.

    >>> c = lambda v, q="exact": Fact("count", 0, 1, v, {"qualifier": q})
    >>> judge_sum(c(1070), [c(779), c(80), c(81), c(110)], True, False)[0]
    'mismatch'
    >>> judge_sum(c(2400), [c(300), c(2000, "over")], True, False)[0]
    'open'
    >>> judge_sum(c(1070), [c(829), c(241)], False, False)[0]
    'ok'
    >>> judge_sum(c(8.78e9), [c(5.95e9), c(2.82e9)], True, False, tolerance=1.5e7)
    ('ok', 'the parts add up within the rounding of the figures')
    """
    s = sum(float(p.value) for p in parts)
    t = float(total.value)
    if _close(s, t):
        return "ok", "the parts add up"
    if abs(s - t) <= tolerance * (1 + 1e-9):
        return "ok", "the parts add up within the rounding of the figures"
    lo = sum(bounds(p)[0] for p in parts) - tolerance
    hi = sum(bounds(p)[1] for p in parts) + tolerance
    qualified = not all(is_exact(f) for f in [total, *parts])
    if open_list or not exhaustive:
        hi = INF
    tlo, thi = bounds(total)
    verdict, reason = "open", "undecided"
    if lo > thi * (1 + 1e-9):
        if not exhaustive and len(parts) >= 2:
            return "open", "the parts add up to more than the total; they may overlap"
        verdict, reason = "mismatch", "the parts add up to more than the total"
    elif hi < tlo * (1 - 1e-9):
        verdict, reason = "mismatch", "the parts add up to less than the total"
    elif open_list:
        reason = "the list says it goes on"
    elif not exhaustive:
        reason = "the list may name only some of the parts"
    elif qualified:
        reason = "qualified figures (hơn, gần, khoảng...) leave room"
    if verdict == "mismatch" and not tight:
        return "open", reason + ", but the total stands far from the list"
    return verdict, reason


_NUMBER = regex.compile(r"\d[\d.,]*\d|\d")


def rounding(doc: Doc, f: Fact, whole: bool = False) -> float:
    """Half a unit of the last decimal written: `8,78 tỷ USD` may be 8,775-8,785 tỷ.

    Whole numbers (`113 triệu`, `1.070 cán bộ`) are taken as exact, unless
    `whole`: then half a unit of their last digit (`15 km` may be 14,5-15,5).

    >>> d = Doc("r", "8,78 tỷ USD và 1.070 cán bộ")
    >>> rounding(d, Fact("money", 0, 11, 8.78e9)), rounding(d, Fact("count", 15, 27, 1070))
    (5000000.0, 0.0)
    >>> rounding(d, Fact("count", 15, 27, 1070), whole=True)
    0.5
    """
    m = _NUMBER.search(doc.text, f.start, f.end)
    if not m or not isinstance(f.value, int | float):
        return 0.0
    digits = int(_re(r"[.,]").sub("", m.group()))
    if not digits:
        return 0.0
    decimal = not _close(float(digits), float(f.value)) and bool(_re(r"[.,]").search(m.group()))
    if not (decimal or whole):
        return 0.0
    return abs(float(f.value)) / digits / 2


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def sum_check(doc: Doc, s: Structure) -> dict[str, Any]:
    """The check dict of one structure."""
    total = doc.facts[s.total]
    parts = [doc.facts[p] for p in s.all_parts]
    figures = [total, *parts]
    tolerance = sum(rounding(doc, f) for f in figures)
    if tolerance:
        # beside figures with decimals, a whole number is rounded too (`dài 15 km
        # gồm 5,4 km ... và 10 km ...`)
        tolerance += sum(rounding(doc, f, whole=True) for f in figures if not rounding(doc, f))
    verdict, reason = judge_sum(total, parts, s.exhaustive or bool(s.grand_parts), s.open_list,
                                tolerance, s.tight)
    actual = sum(float(p.value) for p in parts)
    listed = " + ".join(_written(doc, p) for p in parts)
    if len(parts) > 1:
        listed += f" = {format_amount(actual, total.type)}"
    rel = {"ok": "=", "mismatch": "≠"}.get(verdict, "vs")
    msg = f"{_written(doc, total)} {rel} {listed}"
    if verdict == "mismatch":
        diff = actual - float(total.value)
        msg += f" ({format_amount(abs(diff), total.type)} {'over' if diff > 0 else 'short'})"
    elif verdict == "open" or reason != "the parts add up":
        msg += f" ({reason})"
    if s.grand_parts:
        msg += "; completed by the total(s) that follow"
    return {
        "kind": s.kind,
        "verdict": verdict,
        "expected": float(total.value),
        "actual": actual,
        "message": msg,
        "facts": [s.total, *s.all_parts],
        "start": s.start,
        "end": s.end,
    }


# --- ratios ---------------------------------------------------------------------


def _decimals(written: str) -> int:
    m = _re(r"\d+(?:[.,](\d+))?\s*%").search(written)
    if m and m.group(1) and len(m.group(1)) != 3:
        return len(m.group(1))
    return 0


def judge_ratio(computed: float, pct: Fact, written: str) -> str:
    """`ok` when `computed` reads as the stated percentage, truncated or rounded.

    >>> p = Fact("percent", 0, 7, 130.47, {"qualifier": "exact"})
    >>> judge_ratio(19037 / 14590 * 100, p, "130,47%"), judge_ratio(125.0, p, "130,47%")
    ('ok', 'mismatch')
    >>> judge_ratio(838 / 860 * 100, Fact("percent", 0, 5, 97.5), "97,5%")  # 97,44: neither
    'mismatch'
    >>> judge_ratio(838 / 860 * 100, Fact("percent", 0, 5, 97.4), "97,4%")
    'ok'
    """
    step = 10.0 ** -_decimals(written)
    lo, hi = bounds(pct)
    if is_exact(pct):
        # rounded: [p - step/2, p + step/2); truncated: [p, p + step)
        p = float(pct.value)
        return "ok" if p - step / 2 - 1e-9 <= computed < p + step + 1e-9 else "mismatch"
    return "ok" if lo - step <= computed <= hi + step else "open"


def _sentence_span(doc: Doc, f: Fact) -> tuple[int, int]:
    s = doc.sentence_of(f)
    return (s.start, s.end) if s else (0, len(doc.text))


def _ratio_pairs(doc: Doc) -> Iterable[tuple[int, int]]:
    """(fraction, percent) index pairs written next to each other.

    `a/b ..., đạt X%` and `a/b (X%)` pair with the percentage after the
    fraction; `X% (a/b)` with the one before it.
    """
    r = _rules()["ratio"]
    order = sorted(
        (i for i, f in enumerate(doc.facts) if f.type != "entity"), key=lambda i: doc.facts[i].start
    )
    for n, i in enumerate(order):
        f = doc.facts[i]
        if f.type != "fraction" or not f.in_body:
            continue
        ss, se = _sentence_span(doc, f)
        if r["rank"].search(doc.text[max(ss, f.start - 20) : f.start]):
            continue
        before = doc.facts[order[n - 1]] if n > 0 else None
        after = doc.facts[order[n + 1]] if n + 1 < len(order) else None
        if before is not None and before.type == "percent" and ss <= before.start:
            if _re(r"\s*\(\s*").fullmatch(doc.text[before.end : f.start]):
                yield i, order[n - 1]
                continue
        if after is None or after.type != "percent" or not (ss <= after.start < se):
            continue
        gap = doc.text[f.end : after.start]
        bracketed = _re(r"[^()]*\(\s*").fullmatch(gap) and doc.text[after.end : after.end + 2].lstrip().startswith(")")
        if (len(gap) > r["max_gap"] or _re(r"[\d;]").search(gap) or r["not_between"].search(gap)
                or (_re(r"[()]").search(gap) and not bracketed)
                or r["not_after"].match(doc.text[after.end : se])):
            continue
        yield i, order[n + 1]


def ratio_checks(doc: Doc, structures: list[Structure]) -> list[dict[str, Any]]:
    """Fractions and shares of a total against the percentage written beside them."""
    out = []
    for fi, pi in _ratio_pairs(doc):
        f, p = doc.facts[fi], doc.facts[pi]
        num, den = f.get("numerator"), f.get("denominator")
        if not isinstance(num, int | float) or not isinstance(den, int | float) or not den:
            continue
        computed = float(num) / float(den) * 100
        verdict = judge_ratio(computed, p, _written(doc, p))
        out.append(_ratio_dict(doc, verdict, computed, p, [fi, pi], _written(doc, f)))
    share_gap = _rules()["ratio"]["share_gap"]
    by_start = sorted(range(len(doc.facts)), key=lambda i: doc.facts[i].start)
    nxt = {by_start[k]: by_start[k + 1] for k in range(len(by_start) - 1)}
    for s in structures:
        total = doc.facts[s.total]
        if not is_exact(total) or not total.value:
            continue
        for pidx in s.parts:
            qi = nxt.get(pidx)
            if qi is None or doc.facts[qi].type != "percent":
                continue
            part, p = doc.facts[pidx], doc.facts[qi]
            if not share_gap.match(doc.text[part.end : p.start]):
                continue
            computed = float(part.value) / float(total.value) * 100
            verdict = judge_ratio(computed, p, _written(doc, p))
            if verdict == "mismatch" and not is_exact(part):
                verdict = "open"
            label = f"{_written(doc, part)} / {_written(doc, total)}"
            out.append(_ratio_dict(doc, verdict, computed, p, [s.total, pidx, qi], label))
    return out


def _ratio_dict(doc: Doc, verdict: str, computed: float, p: Fact, facts: list[int],
                label: str) -> dict[str, Any]:
    rel = {"ok": "≈", "mismatch": "≠"}.get(verdict, "vs")
    written = _written(doc, p)
    spans = [doc.facts[i] for i in facts]
    return {
        "kind": "ratio",
        "verdict": verdict,
        "expected": float(p.value),
        "actual": round(computed, 6),
        "message": f"{label} = {format_vn(computed, 4)}% {rel} {written}",
        "facts": facts,
        "start": min(f.start for f in spans),
        "end": max(f.end for f in spans),
    }


# --- sanity flags -----------------------------------------------------------------


def _flag(name: str, doc: Doc, facts: list[int], message: str, expected: float | None = None,
          actual: float | None = None) -> dict[str, Any]:
    fs = [doc.facts[i] for i in facts]
    return {
        "kind": f"sanity:{name}",
        "verdict": "flag",
        "expected": expected,
        "actual": actual,
        "message": message,
        "facts": facts,
        "start": min(f.start for f in fs),
        "end": max(f.end for f in fs),
    }


def _around(doc: Doc, f: Fact, before: int, after: int) -> str:
    ss, se = _sentence_span(doc, f)
    return doc.text[max(ss, f.start - before) : min(se, f.end + after)]


def _period_ends(value: Any) -> tuple[str, str] | None:
    if not isinstance(value, str) or value.count("/") != 1:
        return None
    a, b = value.split("/")
    if not a or not b or ".." in (a, b) or not a[:4].isdigit() or not b[:4].isdigit():
        return None
    n = min(len(a), len(b))
    return a[:n], b[:n]


def sanity_checks(doc: Doc) -> list[dict[str, Any]]:
    """Flags on single facts: odd percentages, fractions, periods, duplicates, zones."""
    rules = _rules()
    out = []
    seen: dict[tuple[int, int], int] = {}
    figures = sorted(
        (i for i, f in enumerate(doc.facts) if f.type in FIGURE_TYPES),
        key=lambda i: (doc.facts[i].start, doc.facts[i].end),
    )
    for i, f in enumerate(doc.facts):
        if f.in_body and not doc.in_body(f.start, f.end):
            why = next((z.why for z in doc.zones if z.start < f.end and f.start < z.end), "zone")
            out.append(_flag("zone_as_body", doc, [i],
                             f"{_written(doc, f)} ({f.type}) is stored as body but lies in a zone ({why})"))
        if f.type in FIGURE_TYPES or f.type in ("date", "period", "document_ref"):
            key = (f.start, f.end)
            if key in seen and doc.facts[seen[key]].type == f.type:
                out.append(_flag("duplicate", doc, [seen[key], i],
                                 f"{_written(doc, f)} is stored twice as {f.type}"))
            seen.setdefault(key, i)
        if not f.in_body:
            continue
        if f.type == "percent":
            top = max(float(f.value or 0), float(f.get("value_max") or 0))
            r = rules["percent_over_100"]
            if top > 100 and not r["allow"].search(_around(doc, f, r["before"], r["after"])):
                out.append(_flag("percent_over_100", doc, [i],
                                 f"{_written(doc, f)} is over 100% with no word that allows it "
                                 "(đạt ... kế hoạch, vượt, tăng, so với)", 100.0, top))
        elif f.type == "fraction":
            num, den = f.get("numerator"), f.get("denominator")
            if isinstance(num, int | float) and isinstance(den, int | float):
                r = rules["fraction_over_1"]
                if den == 0:
                    out.append(_flag("fraction_zero", doc, [i], f"{_written(doc, f)} divides by zero"))
                elif num > den and not r["allow"].search(_around(doc, f, r["before"], r["after"])):
                    out.append(_flag("fraction_over_1", doc, [i],
                                     f"{_written(doc, f)}: the numerator exceeds the denominator",
                                     float(den), float(num)))
        elif f.type == "period":
            ends = _period_ends(f.value)
            if f.get("reversed") or (ends and ends[0] > ends[1]):
                out.append(_flag("period_reversed", doc, [i],
                                 f"{_written(doc, f)} ends before it starts ({f.value})"))
    # the same figure twice for one span: overlapping figures of any type
    for a, b in zip(figures, figures[1:], strict=False):
        fa, fb = doc.facts[a], doc.facts[b]
        if fb.start < fa.end and (fa.start, fa.end) != (fb.start, fb.end):
            out.append(_flag("duplicate", doc, [a, b],
                             f"{_written(doc, fa)} ({fa.type}) and {_written(doc, fb)} ({fb.type}) "
                             "overlap: one figure stored twice"))
        elif (fa.start, fa.end) == (fb.start, fb.end) and fa.type != fb.type:
            out.append(_flag("duplicate", doc, [a, b],
                             f"{_written(doc, fa)} is stored as {fa.type} and as {fb.type}"))
    return out


def check_doc(doc: Doc, structures: list[Structure] | None = None) -> list[dict[str, Any]]:
    """All in-document checks of `doc`, in text order."""
    if structures is None:
        structures = find_structures(doc)
    checks = [sum_check(doc, s) for s in structures]
    checks += ratio_checks(doc, structures)
    checks += sanity_checks(doc)
    checks.sort(key=lambda c: (c["start"], c["end"]))
    return checks


@register("checks", 90, stage="post")
def run_checks(doc: Doc) -> None:
    """Post stage: append every check of `doc` to `doc.checks`."""
    doc.checks.extend(check_doc(doc))


# --- the store --------------------------------------------------------------------


@dataclass
class Problem:
    """A stored fact that the stored article does not bear out."""

    article: str
    fact_id: int
    kind: str  # `span` (text differs), `value` (re-parse differs), `zone`, `offsets`
    start: int
    end: int
    stored: Any
    found: Any
    message: str

    def __str__(self) -> str:
        return f"{self.article} [{self.start}:{self.end}] fact {self.fact_id}: {self.message}"


Reparser = Callable[[str, dict[str, Any]], Any]
REPARSERS: dict[str, Reparser] = {}


def reparser(*types: str) -> Callable[[Reparser], Reparser]:
    """Register the function that re-reads the value of a stored span of `types`."""

    def deco(func: Reparser) -> Reparser:
        for t in types:
            REPARSERS[t] = func
        return func

    return deco


class CannotReparse(Exception):
    """No parser for this span here: fall back to re-extracting the article."""


@reparser("count", "money", "percent", "measure", "fraction", "duration")
def _reparse_figure(text: str, rec: dict[str, Any]) -> Any:
    try:
        from .extractors import figures
    except ImportError as e:
        raise CannotReparse("no figures module") from e
    func = getattr(figures, "reparse", None)
    if func is None:
        raise CannotReparse("figures.reparse missing")
    return func(rec["type"], text)


@reparser("date")
def _reparse_date(text: str, rec: dict[str, Any]) -> Any:
    from .extractors.temporal import parse_date

    stored = rec.get("value")
    year = int(stored[:4]) if isinstance(stored, str) and stored[:4].isdigit() else None
    return parse_date(text, default_year=year)


@reparser("period")
def _reparse_period(text: str, rec: dict[str, Any]) -> Any:
    from .extractors.temporal import parse_period

    found = parse_period(text)
    stored = rec.get("value")
    if not isinstance(found, str) or not isinstance(stored, str) or found.count("/") != stored.count("/"):
        return found
    # ends without a year (`từ 26.1 đến 1.2`) take it from the article: compare the rest
    ends = []
    for f, st in zip(found.split("/"), stored.split("/"), strict=True):
        ends.append(st if f.startswith("--") and st[4:] == f[1:] else f)
    return "/".join(ends)


@reparser("document_ref")
def _reparse_document(text: str, rec: dict[str, Any]) -> Any:
    from .extractors.documents import canonical_id

    m = _re(r"\d.*$", regex.S).search(text)
    if not m:
        raise CannotReparse("no number in the span")
    found = canonical_id(m.group().strip())
    if rec.get("short"):
        # a short mention takes the id of the full one: the written number must be its number
        stored = str(rec.get("value") or "")
        number = _re(r"\d+").match(found)
        ok = number and (stored == found or stored.startswith(number.group()))
        return stored if ok else found
    return found


@reparser("entity")
def _reparse_entity(text: str, rec: dict[str, Any]) -> Any:
    # the value is the name as written, without a category word: it must be in the span
    value = str(rec.get("value") or "")
    spans = (text, unicodedata.normalize("NFC", str(rec.get("text") or "")))
    if any(v and v in span for v in (unicodedata.normalize("NFC", value), normalize_text(value)) for span in spans):
        return value
    return text


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    # a column of NUMERIC affinity turns the date "2020" into 2020: same value
    if isinstance(a, int) and isinstance(b, str) or isinstance(a, str) and isinstance(b, int):
        return str(a) == str(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
    if isinstance(a, str) and isinstance(b, str):
        return unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)
    return a == b


# Components not needed to re-derive values (slow, or not extractors).
RERUN_SKIP = ("entities", "attribute", "structure", "checks")


def _rerun_values(article: sqlite3.Row) -> dict[tuple[str, int, int], Any]:
    """Re-extract an article: (type, raw start, raw end) -> value."""
    from . import segment, zones
    from .extractors import components

    meta = {k: article[k] for k in ("url", "title", "published", "outlet", "author") if article[k]}
    doc = Doc(article["id"], article["raw"], meta)
    doc.zones = zones.find_zones(doc.text)
    doc.set_sentences(segment.sentences(doc.text))
    for comp in components():
        if comp.name not in RERUN_SKIP:
            comp.func(doc)
    out = {}
    for f in doc.facts:
        rs, re_ = doc.to_raw(f.start, f.end)
        out[(f.type, rs, re_)] = f.value
    return out


_MISSING = object()


def _reparse(row: sqlite3.Row, text: str, rec: dict[str, Any]) -> tuple[Any, Any] | None:
    """(stored, re-read) values of a stored fact, or None when no parser reads the span alone."""
    func = REPARSERS.get(row["type"])
    if func is None:
        return None
    try:
        found = func(text, rec)
    except CannotReparse:
        return None
    if found is None:
        return None
    if row["type"] == "fraction" and isinstance(found, tuple | list):
        return (row["numerator"], row["denominator"]), tuple(found)
    return row["value"], found


def _agrees(stored: Any, found: Any) -> bool:
    if isinstance(stored, tuple) and isinstance(found, tuple):
        return len(stored) == len(found) and all(map(_same_value, stored, found))
    return _same_value(stored, found)


@dataclass
class Verification:
    """What `verify_store` looked at, and what it found."""

    problems: list[Problem] = field(default_factory=list)
    facts: int = 0
    reparsed: int = 0  # values re-read from the span alone
    rederived: int = 0  # values re-derived by re-extracting the article
    unverified: int = 0  # values no parser could re-read (stale version, no parser)


def verify(db_path: str | Path, article: str | None = None, rerun: bool = True) -> Verification:
    """Re-read every stored fact from its stored article (see `verify_store`)."""
    from .store import row_to_record
    from .version import extractor_version

    conn = _connect(db_path)
    res = Verification()
    version = extractor_version()
    sql = "SELECT * FROM articles" + (" WHERE id = ?" if article else "") + " ORDER BY id"
    for art in conn.execute(sql, (article,) if article else ()):
        raw = art["raw"]
        zones = [(z["start"], z["end"], z["why"]) for z in
                 conn.execute('SELECT start, "end", why FROM zones WHERE article_id = ?', (art["id"],))]
        rows = conn.execute("SELECT * FROM facts WHERE article_id = ? ORDER BY idx", (art["id"],)).fetchall()
        rederived: dict[tuple[str, int, int], Any] | None = None
        for row in rows:
            res.facts += 1
            s, e = row["start"], row["end"]

            def problem(kind: str, stored: Any, found: Any, msg: str, aid=art["id"], row=row,
                        s=s, e=e) -> None:
                res.problems.append(Problem(aid, row["id"], kind, s, e, stored, found, msg))

            if not (0 <= s <= e <= len(raw)):
                problem("offsets", (s, e), len(raw), f"offsets outside the article (length {len(raw)})")
                continue
            if raw[s:e] != row["text"]:
                problem("span", row["text"], raw[s:e],
                        f"stored text {row['text']!r} but the article has {raw[s:e]!r}")
                continue
            if row["in_body"]:
                for zs, ze, why in zones:
                    overlap = min(e, ze) - max(s, zs)
                    if overlap > 0 and overlap * 2 >= e - s:
                        problem("zone", 1, 0, f"{row['text']!r} is stored as body but lies in a zone ({why})")
                        break
            got = _reparse(row, normalize_text(raw[s:e]), row_to_record(row))
            if got is not None and _agrees(*got):
                res.reparsed += 1
                continue
            # The span alone may not give the value: its context can (`ngày` before
            # `6/2`, the year of `từ 26.1 đến 1.2`, the unit of `37,15 triệu`).
            if rerun and art["extractor_version"] == version:
                if rederived is None:
                    rederived = _rerun_values(art)
                stored = row["value"]
                found = rederived.get((row["type"], s, e), _MISSING)
                if found is not _MISSING and _agrees(stored, found):
                    res.rederived += 1
                    continue
                alone = f"; the span alone reads {got[1]!r}" if got else ""
                if found is _MISSING:
                    problem("value", stored, None,
                            f"{row['text']!r}: re-extraction finds no {row['type']} here{alone}")
                else:
                    problem("value", stored, found,
                            f"{row['text']!r} ({row['type']}): stored {stored!r}, re-extracted {found!r}{alone}")
            elif got is not None:
                problem("value", got[0], got[1],
                        f"{row['text']!r} ({row['type']}): stored {got[0]!r}, re-read {got[1]!r}")
            else:
                res.unverified += 1
    conn.close()
    return res


def verify_store(db_path: str | Path, article: str | None = None) -> list[Problem]:
    """Re-read each stored article and confirm every fact against it.

    For every fact: `articles.raw[start:end] == facts.text`; a body fact lies
    outside the zones; and the value re-read from the span equals the stored
    value. Values are re-read by the parser registered for the type in
    `REPARSERS` (figures: `extract.extractors.figures.reparse`; dates and
    periods: `temporal.parse_date` / `parse_period`; documents:
    `documents.canonical_id`; entities: the name must be in the span). A
    type with no parser falls back to re-extracting the whole article with
    the current extractors and comparing the fact found on the same span;
    facts stored by another extractor version are then counted as unverified
    rather than judged. Returns one `Problem` per mismatch (article, offsets,
    both values); an empty list means the store holds what the text says.
    """
    return verify(db_path, article).problems


def _connect(db_path: str | Path) -> sqlite3.Connection:
    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such fact store")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


# --- stored checks, for `vnextract check` -------------------------------------------


@dataclass
class StoredCheck:
    id: int
    article: str
    kind: str
    verdict: str
    expected: float | None
    actual: float | None
    message: str
    fact_ids: list[int]
    start: int | None
    end: int | None
    excerpt: str  # the sentence(s) the check is about, raw text


@dataclass
class CheckReport:
    """Everything `vnextract check` shows: span problems and the stored checks."""

    verification: Verification
    checks: list[StoredCheck]

    @property
    def problems(self) -> list[Problem]:
        return self.verification.problems

    def by_article(self) -> dict[str, list[StoredCheck]]:
        out: dict[str, list[StoredCheck]] = {}
        for c in self.checks:
            out.setdefault(c.article, []).append(c)
        return out

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.checks:
            out[c.verdict] = out.get(c.verdict, 0) + 1
        return out

    def exit_code(self, strict: bool = False) -> int:
        """1 when a stored fact is not borne out by its article (or, strict, a sum fails)."""
        if self.problems:
            return 1
        if strict and any(c.verdict == "mismatch" for c in self.checks):
            return 1
        return 0

    def lines(self, verdicts: Iterable[str] | None = None) -> list[str]:
        """The report as text lines, grouped by article."""
        keep = set(verdicts) if verdicts else None
        out: list[str] = []
        v = self.verification
        out.append(
            f"span verification: {v.facts} facts, {v.reparsed} re-parsed, {v.rederived} re-derived, "
            f"{v.unverified} unverified, {len(v.problems)} problem(s)"
        )
        for p in v.problems:
            out.append(f"  PROBLEM {p.kind}: {p}")
        counts = self.counts()
        out.append("checks: " + (", ".join(f"{counts[k]} {k}" for k in sorted(counts)) or "none"))
        for art, checks in self.by_article().items():
            shown = [c for c in checks if keep is None or c.verdict in keep]
            if not shown:
                continue
            out.append(f"\n== {art}")
            for c in shown:
                out.append(f"  [{c.verdict.upper():8}] {c.kind}: {c.message}")
                if c.excerpt:
                    out.append(f"             « {c.excerpt} »")
        return out


def stored_checks(db_path: str | Path, article: str | None = None) -> list[StoredCheck]:
    """The checks stored with the articles, with the sentence(s) they are about."""
    conn = _connect(db_path)
    sql = ("SELECT c.*, a.raw FROM checks c JOIN articles a ON a.id = c.article_id"
           + (" WHERE c.article_id = ?" if article else "") + " ORDER BY c.article_id, c.start, c.id")
    out = []
    for r in conn.execute(sql, (article,) if article else ()):
        excerpt = ""
        if r["start"] is not None:
            sents = conn.execute(
                'SELECT start, "end" FROM sentences WHERE article_id = ? AND "end" > ? AND start < ? '
                "ORDER BY idx", (r["article_id"], r["start"], r["end"])).fetchall()
            s = min([x["start"] for x in sents] + [r["start"]])
            e = max([x["end"] for x in sents] + [r["end"]])
            excerpt = _excerpt(r["raw"], s, e, r["start"], r["end"])
        out.append(StoredCheck(
            r["id"], r["article_id"], r["kind"], r["verdict"], r["expected"], r["actual"],
            r["message"], json.loads(r["fact_ids"] or "[]"), r["start"], r["end"], excerpt,
        ))
    conn.close()
    return out


def _excerpt(raw: str, s: int, e: int, cs: int, ce: int, width: int = 400) -> str:
    """The sentence(s) [s, e) around a check's span [cs, ce), cut to about `width` chars."""
    if e - s > width:
        # keep the start of the check's span in view
        a = max(s, min(cs - width // 3, e - width))
        s, e, pre, post = a, min(e, a + width), "…" if a > s else "", "…" if a + width < e else ""
    else:
        pre = post = ""
    return pre + " ".join(raw[s:e].split()) + post


def check_store(db_path: str | Path, article: str | None = None, rerun: bool = True) -> CheckReport:
    """Verify the store's spans and values and collect its stored checks."""
    return CheckReport(verify(db_path, article, rerun=rerun), stored_checks(db_path, article))
