"""One article from raw text to facts: normalize, zones, sentences, components.

`process` returns the `Doc` (text, offset map, zones, sentences, facts,
checks); `process_text` returns just the facts as SPEC records.

>>> doc = process("Tỷ lệ đạt 130,47% kế hoạch.", "a1")
>>> [(f.type, f.value) for f in doc.facts if f.type == "percent"]
[('percent', 130.47)]
>>> [(r["type"], r["text"], r["start"]) for r in process_text("Đạt 100% kế hoạch.")]
[('percent', '100%', 4)]
"""

from __future__ import annotations

from typing import Any

from . import segment, zones
from .document import Doc
from .extractors import components


def process(raw: str, doc_id: str = "text", meta: dict[str, Any] | None = None) -> Doc:
    """Run the whole pipeline on `raw` and return the `Doc` with its facts."""
    doc = Doc(doc_id, raw, meta)
    doc.zones = zones.find_zones(doc.text)
    doc.set_sentences(segment.sentences(doc.text))
    for comp in components():
        comp.func(doc)
    return doc


def process_text(
    text: str, doc_id: str = "text", meta: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The facts of `text` as SPEC records (offsets into `text`, `in_body` set)."""
    doc = process(text, doc_id, meta)
    return [doc.record(f) for f in sorted(doc.facts, key=lambda f: (f.start, f.end))]
