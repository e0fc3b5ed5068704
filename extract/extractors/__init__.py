"""Registry of pipeline components and their run order.

An extractor is a function `(doc: Doc) -> None` that adds facts with
`doc.add(...)`; `doc.add` refuses a span an earlier extractor took, so the
order is the point: a citation (`294/QĐ-BNV`) is taken before anything reads
`294` as a count, a date before `16/7` looks like a fraction.

Post-processors (`stage="post"`) run after every extractor: short-mention
resolution, attribution, total/part structures.

>>> [c.name for c in components()][:3]
['metadata', 'documents', 'temporal']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..document import Doc

Component = Callable[[Doc], None]


@dataclass(frozen=True)
class Registered:
    name: str
    order: int
    stage: str  # "extract" or "post"
    func: Component


REGISTRY: dict[str, Registered] = {}

# Modules that register components when imported. A module listed here that
# does not exist yet is skipped, so the backbone runs with what has landed.
MODULES = (
    "extract.extractors.documents",
    "extract.extractors.temporal",
    "extract.extractors.figures",
    "extract.extractors.entities",
    "extract.metadata",
    "extract.attribute",
    "extract.structure",
    "extract.checks",
)


def register(name: str, order: int, stage: str = "extract") -> Callable[[Component], Component]:
    """Decorator: register `func` as component `name`, run by ascending `order`."""

    def deco(func: Component) -> Component:
        REGISTRY[name] = Registered(name, order, stage, func)
        return func

    return deco


_loaded = False


def load() -> None:
    global _loaded
    if _loaded:
        return
    for mod in MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as e:
            if e.name != mod:
                raise
    _loaded = True


def components(stage: str | None = None) -> list[Registered]:
    """Registered components in run order (extractors first, then post)."""
    load()
    items = [c for c in REGISTRY.values() if stage is None or c.stage == stage]
    return sorted(items, key=lambda c: (c.stage != "extract", c.order, c.name))
