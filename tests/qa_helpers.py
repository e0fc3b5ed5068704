"""Build `Doc`s by hand for the QA tests: text, figures as written, zones.

The structure and check tests must not depend on how good the extractors
are, so their corpora (tests/corpus/structures.toml, sanity.toml) state the
facts an extractor would give and this module places them in the text.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import regex

from extract.document import Doc, Fact, Zone
from extract.segment import sentences

CORPUS = Path(__file__).resolve().parent / "corpus"
_ATTRS = ("unit", "currency", "per", "numerator", "denominator", "subject", "reversed", "open", "label")


def load_examples(name: str) -> list[dict[str, Any]]:
    with open(CORPUS / f"{name}.toml", "rb") as f:
        return tomllib.load(f)["example"]


def _find(text: str, at: str, n: int = 1) -> int:
    """Offset of the n-th occurrence of `at` as whole words (`2 lớp` is not in `12 lớp`)."""
    hits = [m.start() for m in regex.finditer(rf"(?<![\w.,]){regex.escape(at)}(?!\w)", text)]
    if len(hits) < n:
        raise ValueError(f"{at!r} (occurrence {n}) not in {text!r}")
    return hits[n - 1]


def build_doc(text: str, figures: list[dict[str, Any]], zones: list[str] = (), doc_id: str = "t") -> Doc:
    """A Doc of `text` with the given facts (added in order, overlaps allowed)."""
    doc = Doc(doc_id, text)
    for z in zones:
        s = _find(doc.text, z)
        doc.zones.append(Zone(s, s + len(z), "test"))
    doc.set_sentences(sentences(doc.text))
    for spec in figures:
        s = _find(doc.text, spec["at"], spec.get("n", 1))
        t = spec.get("t", "count")
        attrs: dict[str, Any] = {k: spec[k] for k in _ATTRS if k in spec}
        if t in ("count", "money", "percent", "measure", "duration"):
            attrs["qualifier"] = spec.get("q", "exact")
            attrs["value_max"] = spec.get("max")
        doc.add(Fact(t, s, s + len(spec["at"]), spec["v"], attrs, "test"), take=False)
    return doc


def described(doc: Doc, checks: list[dict[str, Any]]) -> list[list[str]]:
    """Checks as [kind, verdict, facts as written...], sorted, for comparison."""
    out = [
        [c["kind"], c["verdict"], *(doc.text[doc.facts[i].start : doc.facts[i].end] for i in c["facts"])]
        for c in checks
    ]
    return sorted(out)
