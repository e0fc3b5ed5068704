"""Sentences and words with offsets (baseline: paragraph and full-stop split)."""

from __future__ import annotations

import regex

from .document import Sentence

_END = regex.compile(r"(?<=[.!?…])\s+(?=[\"'(]?\p{Lu})|\n+")


def sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with normalized offsets and paragraph numbers."""
    out: list[Sentence] = []
    para = 0
    start = 0
    for m in _END.finditer(text):
        if text[start:m.start()].strip():
            s = start + len(text[start:m.start()]) - len(text[start:m.start()].lstrip())
            out.append(Sentence(s, len(text[:m.start()].rstrip()), para))
        if "\n" in m.group():
            para += 1
        start = m.end()
    if text[start:].strip():
        s = start + len(text[start:]) - len(text[start:].lstrip())
        out.append(Sentence(s, len(text.rstrip()), para))
    return out
