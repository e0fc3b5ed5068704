"""The web UI: Datasette 0.65 over a fact store, with our metadata.

`vnextract serve --db FILE` shows the store at `http://127.0.0.1:8001/vnextract`
(the database is always called `vnextract`, whatever the file's name, so
links and canned-query URLs are stable): tables and views described in
Vietnamese and English (`extract/datasette/metadata.json`), facets, search
in sentences (`?_search=dao tao` finds `Đào tạo`) and canned queries:

- `/vnextract/citations_of_document?document=1956/2009/QD-TTg`
- `/vnextract/budgets_by_place_and_year`
- `/vnextract/trainees_by_place_and_year`
- `/vnextract/checks_that_failed`

Add `.json?_shape=array` to any of them for JSON. The SQL functions of
`vnextract query` (`vn_fold`, `vn_key`, `vn_docid`, `vn_overlaps`) are
available in every query, so a canned query can take a document id in any
spelling.

>>> ds = make_datasette("seeds.db")  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from datasette import hookimpl

from . import query, search_index

DB_NAME = "vnextract"
METADATA = Path(__file__).resolve().parent / "datasette" / "metadata.json"

SETTINGS = {
    "default_page_size": 50,
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 1000,
    "max_returned_rows": 5000,
}


@cache
def metadata() -> dict[str, Any]:
    """The Datasette metadata shipped with the package."""
    return json.loads(METADATA.read_text(encoding="utf-8"))


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Datasette hook: our SQL functions on every connection it opens."""
    query.add_functions(conn)


def _register_plugin() -> None:
    import sys

    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module):
        pm.register(module, name="vnextract")


def prepare_store(db_path: str | Path) -> dict[str, int]:
    """Apply the schema (views) and bring the sentence index up to date."""
    if not Path(db_path).exists():
        raise FileNotFoundError(f"{db_path}: no such fact store")
    return search_index.rebuild(db_path)


def make_datasette(db_path: str | Path, settings: dict[str, Any] | None = None):
    """A Datasette instance serving `db_path` as database `vnextract`."""
    from datasette.app import Datasette
    from datasette.database import Database

    _register_plugin()
    ds = Datasette([], metadata=metadata(), settings={**SETTINGS, **(settings or {})})
    ds.add_database(Database(ds, path=str(db_path), is_mutable=True), name=DB_NAME)
    return ds


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the store until interrupted (blocking)."""
    import uvicorn

    prepare_store(db_path)
    ds = make_datasette(db_path)
    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
