"""Read articles from files, folders, JSONL, HTML or stdin and store their facts.

Inputs:
- `.txt`: one article; its id is the file name without the extension.
- `.jsonl` (or `.jsonl.gz`): one article per line, `id` and `text`, optional
  `url`, `title`, `published`, `source`.
- `.html`/`.htm`: one article; the visible text of the page is the raw text,
  `<title>`, canonical URL and publication time come from the page's meta.
- a folder: every file of those kinds in it, recursively, in name order.
- `-`: standard input (JSONL when the first character is `{`, else one text).

>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> _ = open(os.path.join(d, "a1.txt"), "w", encoding="utf-8").write("Tỷ lệ đạt 100%.")
>>> result = ingest([d], os.path.join(d, "facts.db"))
>>> result.stored, result.errors
(1, [])
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .html_text import html_to_article
from .pipeline import process
from .store import content_hash, open_db, record_error, save_doc, stored_articles, stored_hash
from .version import extractor_version

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
META_KEYS = ("url", "title", "published", "source", "outlet", "author")


class InputError(Exception):
    """An article that cannot be read; `where` names the file and line."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass
class Article:
    id: str
    raw: str
    meta: dict[str, Any]
    where: str  # file, or file:line


@dataclass
class IngestResult:
    stored: int = 0  # new or changed articles
    reextracted: int = 0
    unchanged: int = 0
    facts: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES:
        if name.endswith(s):
            return s
    return path.suffix.lower()


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files to read: folders walked recursively in name order; `-` kept as is."""
    known = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and _suffix(f) in known and not f.name.startswith("."):
                    yield f
        else:
            yield path


def _decode(data: bytes, where: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(where, f"not UTF-8 (bad byte 0x{data[e.start]:02x} at byte {e.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _check_text(text: str, where: str) -> str:
    if not text.strip():
        raise InputError(where, "empty article")
    if "\x00" in text:
        raise InputError(where, "binary content (NUL byte)")
    return text


def read_articles(path: Path | str, stdin: TextIO | None = None) -> Iterator[Article | InputError]:
    """Yield each article of one input, or an `InputError` for one that is unreadable.

    A bad line in a JSONL file does not stop the others.
    """
    if path == "-":
        src = stdin or sys.stdin
        data = src.buffer.read() if hasattr(src, "buffer") else src.read().encode("utf-8")
        try:
            text = _decode(data, "<stdin>")
        except InputError as e:
            yield e
            return
        if text.lstrip().startswith("{"):
            yield from _jsonl_lines(io.StringIO(text), "<stdin>")
        else:
            try:
                yield Article("stdin", _check_text(text, "<stdin>"), {}, "<stdin>")
            except InputError as e:
                yield e
        return
    path = Path(path)
    where = str(path)
    if not path.exists():
        yield InputError(where, "no such file or folder")
        return
    suffix = _suffix(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError(where, f"cannot read ({e.strerror})")
        return
    if suffix in JSONL_SUFFIXES:
        if suffix == ".jsonl.gz":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as e:
                yield InputError(where, f"bad gzip data ({e})")
                return
        try:
            text = _decode(data, where)
        except InputError as e:
            yield e
            return
        yield from _jsonl_lines(io.StringIO(text), where)
        return
    try:
        text = _check_text(_decode(data, where), where)
    except InputError as e:
        yield e
        return
    if suffix in HTML_SUFFIXES:
        raw, meta = html_to_article(text)
        if not raw.strip():
            yield InputError(where, "no article text in the HTML page")
            return
        meta.setdefault("source_file", where)
        yield Article(path.name.rsplit(".", 1)[0], raw, meta, where)
        return
    article_id = path.name[: -len(suffix)] if suffix and path.name.lower().endswith(suffix) else path.stem
    yield Article(article_id, text, {}, where)


def _jsonl_lines(f: TextIO, where: str) -> Iterator[Article | InputError]:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        loc = f"{where}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(loc, f"bad JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputError(loc, "a JSON object with `id` and `text` expected")
            continue
        aid, text = obj.get("id"), obj.get("text")
        if aid is None or str(aid).strip() == "":
            yield InputError(loc, "missing `id`")
            continue
        if not isinstance(text, str):
            yield InputError(loc, "missing or non-string `text`")
            continue
        try:
            _check_text(text, loc)
        except InputError as e:
            yield e
            continue
        meta = {k: obj[k] for k in META_KEYS if obj.get(k) not in (None, "")}
        yield Article(str(aid), text, meta, loc)


def iter_articles(paths: Iterable[str | Path], stdin: TextIO | None = None) -> Iterator[Article | InputError]:
    """Every article (or input error) of every path, in order."""
    for p in expand_paths(paths):
        yield from read_articles(p, stdin)


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path,
    reextract: bool = False,
    progress: bool | None = None,
    on_event: Any = None,
    stdin: TextIO | None = None,
    jobs: int = 1,
) -> IngestResult:
    """Ingest articles into the fact store at `db_path`.

    Unchanged articles (same id, same content hash) are skipped unless
    `reextract`, which re-runs the current extractors and replaces their facts.
    Each article is stored in its own transaction. `on_event(kind, article_id,
    detail)` is called for `stored`, `changed`, `reextracted`, `unchanged` and
    `error`. `jobs` > 1 extracts in that many worker processes; the parent
    alone writes, one article per transaction, in input order.
    """
    return _run(iter_articles(paths, stdin), db_path, reextract, progress, on_event, jobs)


def _run(
    items: Iterable[Article | InputError],
    db_path: str | Path,
    reextract: bool,
    progress: bool | None,
    on_event: Any,
    jobs: int,
) -> IngestResult:
    conn = open_db(db_path)
    version = extractor_version()
    result = IngestResult()
    emit = on_event or (lambda *a: None)
    bar = None
    if progress is None:
        progress = sys.stderr.isatty()
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" articles", file=sys.stderr)
    hashes = dict(conn.execute("SELECT id, sha256 FROM articles"))
    try:
        for item, doc in _extracted(_todo(hashes, items, reextract, result, emit), jobs):
            if bar is not None:
                bar.update(1)
            if isinstance(item, InputError):
                result.errors.append(str(item))
                record_error(conn, item.where, item.message)
                emit("error", None, str(item))
                continue
            if isinstance(doc, str):  # the extraction failed: one bad article must not stop a run
                msg = f"{item.where}: extraction failed ({doc})"
                result.errors.append(msg)
                record_error(conn, item.where, msg)
                emit("error", item.id, msg)
                continue
            old = stored_hash(conn, item.id)
            save_doc(conn, doc, source=item.where, version=version, input_meta=item.meta)
            result.facts += len(doc.facts)
            if old is None:
                result.stored += 1
                emit("stored", item.id, item.where)
            elif old == content_hash(item.raw):
                result.reextracted += 1
                emit("reextracted", item.id, item.where)
            else:
                result.stored += 1
                emit("changed", item.id, item.where)
    finally:
        if bar is not None:
            bar.close()
    if result.stored or result.reextracted:
        _rebuild_search(db_path)
    conn.close()
    return result


def reextract_stored(
    db_path: str | Path,
    all_articles: bool = False,
    jobs: int = 1,
    progress: bool | None = None,
    on_event: Any = None,
) -> IngestResult:
    """Re-run the current extractors on articles already in the store.

    No source files are needed: the stored raw text and the metadata the input
    gave are re-processed. By default only articles extracted by another
    extractor version are redone; `all_articles` redoes every one.
    """
    conn = open_db(db_path)
    rows = stored_articles(conn, outdated_only=not all_articles)
    conn.close()
    arts = [Article(aid, raw, meta, where) for aid, raw, meta, where in rows]
    return _run(arts, db_path, reextract=True, progress=progress, on_event=on_event, jobs=jobs)


def _todo(
    hashes: dict[str, str], items: Iterable[Article | InputError], reextract: bool, result: IngestResult, emit: Any
) -> Iterator[Article | InputError]:
    """Articles that need extracting (new, changed, or all with `reextract`) and errors.

    `hashes` are read up front by the caller: with `jobs` > 1 this generator
    runs in the pool's feeder thread, which must not use the writer's connection.
    """
    for item in items:
        if isinstance(item, Article) and not reextract:
            stored = hashes.get(item.id)
            if stored is not None and stored == content_hash(item.raw):
                result.unchanged += 1
                emit("unchanged", item.id, item.where)
                continue
        yield item


def _extract_one(item: Article | InputError) -> tuple[Article | InputError, Any]:
    if isinstance(item, InputError):
        return item, None
    try:
        return item, process(item.raw, item.id, item.meta)
    except Exception as e:  # reported by the caller, with the article's file and line
        return item, f"{type(e).__name__}: {e}"


def _extracted(items: Iterator[Article | InputError], jobs: int) -> Iterator[tuple[Any, Any]]:
    if jobs <= 1:
        yield from map(_extract_one, items)
        return
    import multiprocessing as mp

    with mp.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(_extract_one, items, chunksize=4)


def _rebuild_search(db_path: str | Path) -> None:
    try:
        from . import search_index
    except ImportError:
        return
    search_index.rebuild(str(db_path))


def default_db() -> str:
    return os.environ.get("VNEXTRACT_DB", "vnextract.db")
