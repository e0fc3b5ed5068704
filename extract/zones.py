"""Boilerplate and repeated paragraphs, marked as zones (never deleted).

Baseline: repeated paragraphs only. Markers live in rules/boilerplate.toml.
"""

from __future__ import annotations

from .document import Zone


def find_zones(text: str) -> list[Zone]:
    """Zones of `text` (normalized offsets): later copies of a repeated paragraph."""
    zones: list[Zone] = []
    seen: set[str] = set()
    pos = 0
    for para in text.split("\n"):
        key = para.strip()
        if key:
            if key in seen and len(key) > 20:
                start = pos + para.index(key)
                zones.append(Zone(start, start + len(key), "repeat"))
            seen.add(key)
        pos += len(para) + 1
    return zones
