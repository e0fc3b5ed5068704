"""Figures: count, money, percent, fraction, measure, duration.

One scan (`scanner.scan`) reads every number of the article once, after
documents (10) and dates/periods (20) have taken their spans; each component
below stores the figures of its type. The scan gives each number one type, so
the order only matters against spans other extractors took; it still runs
the most specific first (a fraction `19.037/14,590 lượt` before any count, a
money amount before a bare scale, a percentage before a measure).

`reparse(fact_type, text)` re-reads a stored fact's surface text; the QA
`check` command compares it with the stored value.

>>> reparse("money", "1 tỷ đồng/năm")
1000000000
>>> reparse("fraction", "19.037/14,590 lượt")
(19037, 14590)
"""

from __future__ import annotations

import weakref
from typing import Any

import regex

from ...document import Doc, Fact
from ...numbers import parse_digits
from .. import register
from .scanner import Figure, scan

_FRACTION_RE = regex.compile(r"(\d+(?:[.,]\d+)*)/(\d+(?:[.,]\d+)*)")

__all__ = ["scan", "reparse", "figures_of", "Figure"]

_CACHE: weakref.WeakKeyDictionary[Doc, tuple[int, list[Figure]]] = weakref.WeakKeyDictionary()


def figures_of(doc: Doc) -> list[Figure]:
    """The figures of `doc` (scanned once per document, cached)."""
    hit = _CACHE.get(doc)
    if hit is not None and hit[0] == len(doc.text):
        return hit[1]
    figs = scan(doc.text, doc.is_free)
    _CACHE[doc] = (len(doc.text), figs)
    return figs


def _store(doc: Doc, fact_type: str, extractor: str) -> None:
    for f in figures_of(doc):
        if f.type == fact_type:
            doc.add(Fact(f.type, f.start, f.end, f.value, dict(f.attrs), extractor=extractor))


@register("fraction", 30)
def fractions(doc: Doc) -> None:
    """`144/144 cấp trưởng`, `xếp thứ 27/63 tỉnh`: numerator/denominator."""
    _store(doc, "fraction", "figures.fraction")


@register("money", 32)
def money(doc: Doc) -> None:
    """`1 tỷ đồng/năm`, `từ 300.000 đồng đến 450.000 đồng`, `2.000 USD/tấn`."""
    _store(doc, "money", "figures.money")


@register("percent", 34)
def percent(doc: Doc) -> None:
    """`130,47%`, `từ 6,5 - 7%`, `bảy mươi lăm phần trăm`."""
    _store(doc, "percent", "figures.percent")


@register("measure", 36)
def measure(doc: Doc) -> None:
    """`120 ha`, `2,45 tỷ kWh`, `35 tuổi`, `hệ số lương 3,66`."""
    _store(doc, "measure", "figures.measure")


@register("duration", 38)
def duration(doc: Doc) -> None:
    """`3 tháng`, `hơn 20 năm`, `từ 2 đến 3 ngày`."""
    _store(doc, "duration", "figures.duration")


@register("count", 40)
def count(doc: Doc) -> None:
    """`gần 200 lớp`, `trên 30 ngàn lượt`, `bốn chương trình`, `hàng trăm cán bộ`."""
    _store(doc, "count", "figures.count")


def reparse(fact_type: str, text: str) -> Any:
    """The value `text` (a stored fact's surface span) reads as, or None.

    For a fraction: the pair (numerator, denominator); for the other figure
    types: the number (the lower end of a range). None when the span holds no
    figure of that type by itself (a bare number whose unit stands elsewhere).

    >>> reparse("count", "gần 33.000 lượt"), reparse("percent", "130,47%")
    (33000, 130.47)
    """
    if fact_type == "fraction":
        m = _FRACTION_RE.match(text.strip())
        if m:
            return (parse_digits(m.group(1)), parse_digits(m.group(2)))
    for f in scan(text):
        if f.type == fact_type:
            if fact_type == "fraction":
                return (f.attrs["numerator"], f.attrs["denominator"])
            return f.value
    # A bare number whose unit stands elsewhere (the buying price of a pair,
    # `mua vào 36,75 - bán ra 37,00 triệu đồng/lượng`): its scale and unit are
    # not in the span, so the span alone cannot confirm the value.
    return None
