"""vnextract: figures from Vietnamese press reports into a verifiable SQLite fact store.

The library behind the `vnextract` command:

>>> from extract import process_text
>>> [(r["type"], r["value"]) for r in process_text("Tỷ lệ đạt 130,47% kế hoạch.")]
[('percent', 130.47)]

- `process_text(text)`: the facts of one text as SPEC records.
- `process(text)`: the whole `Doc` (normalized text, zones, sentences, facts, checks).
- `ingest(paths, db)`: load files, folders, JSONL, HTML into a fact store.
- `open_db(path)`, `export_records(conn)`: the store and its SPEC export.
"""

__version__ = "0.1.0"

from .ingest import ingest, reextract_stored  # noqa: E402
from .pipeline import process, process_text  # noqa: E402
from .store import export_records, open_db  # noqa: E402

__all__ = [
    "__version__",
    "export_records",
    "ingest",
    "open_db",
    "process",
    "process_text",
    "reextract_stored",
]
