"""Where rule data and the schema live.

Rules are data (`rules/*.toml` at the project root, beside the package), so
that adding a pattern is editing a file, not code.

>>> load_rules("qualifiers")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def rules_path(name: str) -> Path:
    """Path of `rules/<name>` (`VNEXTRACT_RULES` overrides the folder)."""
    base = Path(os.environ.get("VNEXTRACT_RULES", ROOT / "rules"))
    path = base / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: rule file missing (install with `pip install -e .` from a checkout)"
        )
    return path


@cache
def load_rules(name: str) -> dict[str, Any]:
    """Parse `rules/<name>.toml` once."""
    with open(rules_path(f"{name}.toml"), "rb") as f:
        return tomllib.load(f)


def schema_sql() -> str:
    return (ROOT / "schema.sql").read_text(encoding="utf-8")
