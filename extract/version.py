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
# Modules that only read, serve or print the store do not change what is extracted.
_NOT_EXTRACTION = {"cli.py", "query.py", "serve.py", "search_index.py", "report.py", "summary.py",
                   "evaluate.py", "ingest.py", "store.py", "html_text.py", "version.py"}
_NOT_EXTRACTION_DIRS = {"datasette", "templates", "__pycache__"}


@cache
def extractor_version() -> str:
    h = hashlib.sha256()
    roots = [_PKG, _PKG.parent / "rules"]
    for root in roots:
        if not root.exists():
            continue
        for p in sorted(root.rglob("*")):
            if p.name in _NOT_EXTRACTION or _NOT_EXTRACTION_DIRS & set(p.parts):
                continue
            if p.suffix in {".py", ".toml", ".json", ".txt"}:
                h.update(p.relative_to(root).as_posix().encode())
                h.update(p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"
