"""The `Doc` that carries one article through the pipeline.

A `Doc` holds the raw text exactly as read, the normalized text the
extractors read, the offset map between the two, the zones, sentences and
facts. Extractors work in normalized offsets only; `Doc.to_raw` is the one
place that converts a span back to the raw text (see `normalize.py`).

>>> doc = Doc("a1", "Đạt 130,47% kế hoạch.")
>>> doc.text
'Đạt 130,47% kế hoạch.'
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from .normalize import normalize_map

# Fields a SPEC record may carry beyond doc/type/text/start/end/value.
SPEC_FIELDS: dict[str, tuple[str, ...]] = {
    "document_ref": ("doc_type", "number", "year", "code", "issuer", "issued", "short"),
    "count": ("value_max", "qualifier", "unit", "subject"),
    "money": ("value_max", "qualifier", "currency", "per"),
    "percent": ("value_max", "qualifier", "subject"),
    "measure": ("value_max", "qualifier", "unit"),
    "fraction": ("numerator", "denominator", "subject"),
    "duration": ("value_max", "unit", "qualifier"),
    "date": (),
    "period": ("open",),
    "entity": ("label",),
}

FIGURE_TYPES = ("count", "money", "percent", "measure", "fraction", "duration")


@dataclass
class Fact:
    """One extracted fact, in normalized-text offsets.

    `attrs` holds the SPEC fields of its type and any extra fields
    (`title` of a document, `resolved` end of an open period...).
    `place`, `time`, `document` and `part_of` are filled by later stages.
    """

    type: str
    start: int
    end: int
    value: Any
    attrs: dict[str, Any] = field(default_factory=dict)
    extractor: str = ""
    in_body: bool = True
    place: str | None = None
    time: str | None = None
    document: str | None = None
    part_of: int | None = None  # index into Doc.facts of the total this is a part of
    sentence: int | None = None  # index into Doc.sentences

    def get(self, key: str, default: Any = None) -> Any:
        return self.attrs.get(key, default)


@dataclass
class Zone:
    """A stretch of non-body text (normalized offsets): boilerplate or a repeat."""

    start: int
    end: int
    why: str


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int = 0


class Doc:
    """One article: raw and normalized text, offset map, zones, sentences, facts."""

    def __init__(self, id: str, raw: str, meta: dict[str, Any] | None = None):
        self.id = id
        self.raw = raw
        self.meta: dict[str, Any] = dict(meta or {})
        self.text, self._map = normalize_map(raw)
        self.zones: list[Zone] = []
        self.sentences: list[Sentence] = []
        self.paragraphs: list[tuple[int, int]] = []
        self.facts: list[Fact] = []
        self.checks: list[dict[str, Any]] = []
        # taken spans, sorted and merged (touching spans join), as two lists:
        # `is_free` bisects plain ints
        self._taken_starts: list[int] = []
        self._taken_ends: list[int] = []
        self._sent_starts: list[int] = []

    # --- offsets -------------------------------------------------------
    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span to the raw span it came from."""
        m = self._map
        rs = m[start] if start < len(m) - 1 else m[-1]
        re_ = m[end] if end < len(m) else m[-1]
        # the end maps to the first raw char *after* the span
        return rs, max(rs, re_)

    def raw_span(self, fact: Fact) -> str:
        rs, re_ = self.to_raw(fact.start, fact.end)
        return self.raw[rs:re_]

    # --- masking: what earlier extractors took ---------------------------
    def is_free(self, start: int, end: int) -> bool:
        """True when no taken span overlaps [start, end)."""
        starts = self._taken_starts
        i = bisect.bisect_right(starts, start)
        if i and self._taken_ends[i - 1] > start:
            return False
        return not (i < len(starts) and starts[i] < end)

    def take(self, start: int, end: int) -> None:
        # only the neighbours of the new span can merge with it: no pass over
        # the lists
        starts, ends = self._taken_starts, self._taken_ends
        i = bisect.bisect_left(starts, start)
        if i < len(starts) and starts[i] == start and ends[i] <= end:
            i += 1  # where (start, end) sorts among the spans
        lo, hi = i, i
        if i > 0 and start <= ends[i - 1]:
            lo = i - 1
            start = starts[lo]
            end = max(end, ends[lo])
        while hi < len(starts) and starts[hi] <= end:
            end = max(end, ends[hi])
            hi += 1
        starts[lo:hi] = [start]
        ends[lo:hi] = [end]

    def add(self, fact: Fact, take: bool = True) -> Fact | None:
        """Store `fact` unless its span is already taken; mark the span taken.

        Returns the fact, or None when it was refused because it overlaps a
        fact of an earlier extractor.
        """
        if fact.start >= fact.end or not self.is_free(fact.start, fact.end):
            return None
        fact.in_body = self.in_body(fact.start, fact.end)
        fact.sentence = self.sentence_index(fact.start)
        self.facts.append(fact)
        if take:
            self.take(fact.start, fact.end)
        return fact

    # --- structure -------------------------------------------------------
    def in_body(self, start: int, end: int) -> bool:
        for z in self.zones:
            if start < z.end and z.start < end:
                overlap = min(end, z.end) - max(start, z.start)
                if overlap * 2 >= end - start:
                    return False
        return True

    def set_sentences(self, sentences: list[Sentence]) -> None:
        self.sentences = sorted(sentences, key=lambda s: s.start)
        self._sent_starts = [s.start for s in self.sentences]

    def sentence_index(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return i if i >= 0 else None

    def sentence_of(self, fact_or_pos: Fact | int) -> Sentence | None:
        pos = fact_or_pos.start if isinstance(fact_or_pos, Fact) else fact_or_pos
        i = self.sentence_index(pos)
        return self.sentences[i] if i is not None else None

    def facts_of(self, *types: str) -> list[Fact]:
        return [f for f in self.facts if f.type in types]

    # --- output ------------------------------------------------------------
    def record(self, fact: Fact) -> dict[str, Any]:
        """The SPEC record of `fact`, offsets in the raw text."""
        rs, re_ = self.to_raw(fact.start, fact.end)
        rec: dict[str, Any] = {
            "doc": self.id,
            "type": fact.type,
            "text": self.raw[rs:re_],
            "start": rs,
            "end": re_,
            "value": fact.value,
        }
        for k in SPEC_FIELDS.get(fact.type, ()):
            rec[k] = fact.attrs.get(k)
        for k, v in fact.attrs.items():
            rec.setdefault(k, v)
        rec["in_body"] = fact.in_body
        rec["place"] = fact.place
        rec["time"] = fact.time
        rec["document"] = fact.document
        return rec
