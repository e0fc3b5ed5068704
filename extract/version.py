"""The extractor version recorded with every fact.

`0.1.0+<hash>`: the package version and a short hash of the rule data and
the extractor code, so that a re-extraction with edited rules is visible in
the store even when the package version did not change.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from . import __version__

_PKG = Path(__file__).resolve().parent


@cache
def extractor_version() -> str:
    h = hashlib.sha256()
    roots = [_PKG, _PKG.parent / "rules"]
    for root in roots:
        if not root.exists():
            continue
        for p in sorted(root.rglob("*")):
            if p.suffix in {".py", ".toml", ".json", ".txt"} and "__pycache__" not in p.parts:
                h.update(p.relative_to(root).as_posix().encode())
                h.update(p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"
