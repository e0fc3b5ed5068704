"""One article from raw text to facts: normalize, zones, sentences, components.

>>> doc = process_text("Tỷ lệ đạt 130,47% kế hoạch.", "a1")
>>> [(f.type, f.value) for f in doc.facts if f.type == "percent"]
[('percent', 130.47)]
"""

from __future__ import annotations

from typing import Any

from . import segment, zones
from .document import Doc
from .extractors import components


def process_text(raw: str, doc_id: str = "doc", meta: dict[str, Any] | None = None) -> Doc:
    """Run the whole pipeline on `raw` and return the `Doc` with its facts."""
    doc = Doc(doc_id, raw, meta)
    doc.zones = zones.find_zones(doc.text)
    doc.set_sentences(segment.sentences(doc.text))
    for comp in components():
        comp.func(doc)
    return doc
