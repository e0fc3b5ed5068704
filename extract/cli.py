"""The `vnextract` command: arguments and printing only.

Every command is a thin wrapper over a library call (see README, "Python
API"). Sections below are owned by the module they call.
"""

from __future__ import annotations

import csv
import json
import os
import sys

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vnextract")
def main() -> None:
    """Extract official figures from Vietnamese press reports into SQLite."""


# --- ingest / export / eval / stats (extract.ingest, extract.store, extract.evaluate) ---

DB_OPTION = click.option(
    "--db", "db", default=lambda: os.environ.get("VNEXTRACT_DB", "vnextract.db"),
    show_default="vnextract.db or $VNEXTRACT_DB", help="SQLite fact store",
)


def _fail(message: str) -> None:
    click.echo(f"vnextract: {message}", err=True)
    sys.exit(2)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--reextract", is_flag=True, help="Re-run the current extractors on unchanged articles too.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for extraction (the store is written by one process).")
@click.option("-v", "--verbose", is_flag=True, help="Say what happened to every article.")
def ingest(paths: tuple[str, ...], db: str, reextract: bool, jobs: int, verbose: bool) -> None:
    """Ingest .txt files, folders, JSONL files, HTML pages or - (stdin).

    Unchanged articles are skipped; --reextract replaces their facts with
    those of the current extractors. Unreadable articles are reported with
    their file and line and make the exit code 1.
    """
    from .ingest import ingest as run_ingest

    def event(kind: str, article_id: str | None, detail: str) -> None:
        if kind == "error":
            click.echo(f"error: {detail}", err=True)
        elif kind == "unchanged" and (verbose or len(paths) == 1 and not os.path.isdir(paths[0])):
            click.echo(f"{article_id}: unchanged, nothing to do (--reextract to re-run)", err=True)
        elif verbose:
            click.echo(f"{article_id}: {kind}", err=True)

    try:
        result = run_ingest(paths, db, reextract=reextract, on_event=event, jobs=jobs)
    except KeyboardInterrupt:
        # each article is its own transaction: what was stored is whole
        click.echo("interrupted: articles stored so far are complete; run again to continue", err=True)
        sys.exit(130)
    click.echo(
        f"{result.stored} stored, {result.reextracted} re-extracted, {result.unchanged} unchanged, "
        f"{len(result.errors)} errors; {result.facts} facts -> {db}",
        err=True,
    )
    if result.unchanged and not (result.stored or result.reextracted):
        click.echo("nothing new: every article was already stored unchanged", err=True)
    sys.exit(1 if result.errors else 0)


@main.command()
@DB_OPTION
@click.option("--all", "all_articles", is_flag=True, help="Redo every article, not only outdated ones.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True)
def reextract(db: str, all_articles: bool, jobs: int) -> None:
    """Re-run the current extractors on the articles already stored.

    Needs no source files: the stored raw text is re-processed. By default
    only articles extracted by another extractor version are redone.
    """
    from .ingest import reextract_stored
    from .version import extractor_version

    _open_existing(db).close()
    result = reextract_stored(db, all_articles=all_articles, jobs=jobs)
    click.echo(f"{result.reextracted} re-extracted with {extractor_version()}, "
               f"{len(result.errors)} errors; {result.facts} facts -> {db}", err=True)
    for e in result.errors:
        click.echo(f"error: {e}", err=True)
    sys.exit(1 if result.errors else 0)


def _open_existing(db: str):
    from .store import open_db

    if db != ":memory:" and not os.path.exists(db):
        _fail(f"{db}: no such fact store (run `vnextract ingest PATH --db {db}` first)")
    return open_db(db)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv"]), default="jsonl", show_default=True)
@click.option("--type", "types", multiple=True, help="Only these fact types (repeatable).")
@click.option("--article", help="Only this article id.")
@click.option("--body-only", is_flag=True, help="Leave out facts inside boilerplate zones.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
def export(db: str, fmt: str, types: tuple[str, ...], article: str | None, body_only: bool, output) -> None:
    """Export facts as SPEC records (JSONL by default)."""
    from .store import export_records

    records = export_records(_open_existing(db), article=article, types=list(types) or None,
                             body_only=body_only)
    write_records(records, fmt, output)


def write_records(records: list[dict], fmt: str, output) -> None:
    if fmt == "jsonl":
        for r in records:
            output.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "json":
        json.dump(records, output, ensure_ascii=False, indent=1)
        output.write("\n")
    else:
        keys: list[str] = []
        for r in records:
            keys.extend(k for k in r if k not in keys)
        w = csv.DictWriter(output, fieldnames=keys)
        w.writeheader()
        w.writerows(records)


@main.command(name="eval")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSONL (SPEC records).")
@click.option("--zones", type=click.Path(exists=True, dir_okay=False),
              help="Ignore zones JSONL (default: GOLD with .zones.jsonl, when it exists).")
@click.option("--db", "db", help="Score the facts of this store ...")
@click.option("--docs", type=click.Path(exists=True, file_okay=False), help="... or run the pipeline on this folder.")
@click.option("--types", help="Comma list of types to score.")
@click.option("--show", type=int, default=0, help="Print N misses and N false positives per type.")
@click.option("--json", "as_json", is_flag=True)
def eval_cmd(gold: str, zones: str | None, db: str | None, docs: str | None, types: str | None,
             show: int, as_json: bool) -> None:
    """Score extracted facts against gold with the SPEC's rules."""
    from .evaluate import format_table, load_jsonl, score

    if bool(db) == bool(docs):
        _fail("give exactly one of --db FILE or --docs DIR")
    if zones is None:
        guess = gold[: -len(".jsonl")] + ".zones.jsonl" if gold.endswith(".jsonl") else None
        zones = guess if guess and os.path.exists(guess) else None
    try:
        gold_recs = load_jsonl(gold)
        zone_recs = load_jsonl(zones) if zones else []
    except ValueError as e:
        _fail(str(e))
    if db:
        from .store import export_records

        pred = export_records(_open_existing(db))
    else:
        from .ingest import iter_articles
        from .pipeline import process

        pred = []
        for art in iter_articles([docs]):
            if isinstance(art, Exception):
                click.echo(f"error: {art}", err=True)
                continue
            d = process(art.raw, art.id, art.meta)
            pred.extend(d.record(f) for f in d.facts)
    result = score(gold_recs, pred, zone_recs, types.split(",") if types else None)
    if as_json:
        for r in result["types"].values():
            r.pop("misses")
            r.pop("false_positives")
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(format_table(result, show))


@main.command()
@DB_OPTION
@click.option("--by", type=click.Choice(["article", "type"]), default="article", show_default=True)
def stats(db: str, by: str) -> None:
    """Print a table of facts by type and article."""
    from .summary import facts_table

    click.echo(facts_table(_open_existing(db), by=by))



# --- check / report (extract.checks, extract.report) ---


@main.command()
@DB_OPTION
@click.option("--article", help="Only this article id.")
@click.option("--strict", is_flag=True,
              help="Also exit 1 when a sum or ratio in an article does not hold (a finding about the text).")
@click.option("--verdict", "verdicts", multiple=True,
              type=click.Choice(["ok", "mismatch", "open", "flag"]),
              help="List only checks with this verdict (repeatable; default: all).")
@click.option("--no-rerun", is_flag=True,
              help="Do not re-extract articles to verify types that have no re-parser.")
def check(db: str, article: str | None, strict: bool, verdicts: tuple[str, ...], no_rerun: bool) -> None:
    """Verify stored spans and values, and list every stored check by article.

    Exit code 1 when a stored fact's text or value is not borne out by its
    article (a fault of the tool). A `mismatch` is a finding about the
    article (its figures do not add up): shown, and fatal only with --strict.
    """
    from .checks import check_store

    if not os.path.exists(db):
        _fail(f"{db}: no such fact store (run `vnextract ingest PATH --db {db}` first)")
    report = check_store(db, article, rerun=not no_rerun)
    for line in report.lines(verdicts or None):
        click.echo(line)
    code = report.exit_code(strict)
    if report.problems:
        click.echo(f"FAILED: {len(report.problems)} stored fact(s) not borne out by their article", err=True)
    elif code:
        click.echo("FAILED (--strict): some figures in the articles do not add up", err=True)
    sys.exit(code)


@main.command()
@click.argument("article_id", required=False)
@DB_OPTION
@click.option("--all", "all_", is_flag=True, help="Every article, one page each, plus index.html in -o DIR.")
@click.option("-o", "--output", required=True, type=click.Path(), help="HTML file (one article) or folder (--all).")
def report(article_id: str | None, db: str, all_: bool, output: str) -> None:
    """Write an HTML page showing an article with its facts and checks highlighted."""
    from . import report as html_report

    if not os.path.exists(db):
        _fail(f"{db}: no such fact store (run `vnextract ingest PATH --db {db}` first)")
    if all_ == bool(article_id):
        _fail("give either ARTICLE_ID or --all")
    if all_:
        index = html_report.write_all(db, output)
        click.echo(f"wrote {index} and one page per article", err=True)
        return
    try:
        out = html_report.write_article(db, article_id, output)
    except KeyError as e:
        _fail(str(e.args[0]))
    click.echo(f"wrote {out}", err=True)


# --- query / serve (extract.query, extract.serve) ---


@main.command()
@DB_OPTION
@click.option("--type", "types", multiple=True, help="Fact type: money, count, percent, document_ref... (repeatable).")
@click.option("--document", help="A document id in any spelling: its mentions and the figures reported under it.")
@click.option("--place", help="Place or province, accents optional (`lang son`); a 2025 province includes its former parts.")
@click.option("--year", type=int, help="Figures about this year (their time, a date in their sentence, else the article date).")
@click.option("--period", help="Like --year for 2016-2020, 2021-07, 2019-Q3, 2012-04-03, 2021/..")
@click.option("--min", "min_value", type=float, help="Smallest value (money in đồng: 1e9 is 1 tỷ).")
@click.option("--max", "max_value", type=float, help="Largest value.")
@click.option("--unit", help="Measure noun (`học viên`, `ha`) or currency (`VND`).")
@click.option("--text", help='Words in the sentence, accents optional; "quoted words" are a phrase.')
@click.option("--article", multiple=True, help="Article id (repeatable).")
@click.option("--all", "include_zones", is_flag=True, help="Include facts in boilerplate zones.")
@click.option("--limit", type=int, default=None, help="At most N facts [table: 200].")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
def query(db: str, types, document, place, year, period, min_value, max_value, unit, text, article,
          include_zones, limit, fmt, output) -> None:
    """Find facts: filters combine (AND), e.g. --type money --place "lang son".

    The table marks each figure in its sentence; csv/json/jsonl give every
    column of the `fact_rows` view.
    """
    from .query import format_table, query_facts

    if fmt == "table" and limit is None:
        limit = 200
    try:
        rows = query_facts(
            db, types=list(types), document=document, place=place, year=year, period=period,
            min_value=min_value, max_value=max_value, unit=unit, text=text, article=list(article),
            limit=limit, include_zones=include_zones,
        )
    except (FileNotFoundError, ValueError) as e:
        _fail(str(e))
    if fmt == "table":
        tty = output.isatty() and not os.environ.get("NO_COLOR")
        output.write(format_table(rows, bold=tty) + "\n")
    else:
        write_records(rows, fmt, output)


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback: this machine only).")
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db: str, host: str, port: int) -> None:
    """Browse the store in Datasette: facets, search, canned queries."""
    from .serve import serve as run_serve

    if not os.path.exists(db):
        _fail(f"{db}: no such fact store (run `vnextract ingest PATH --db {db}` first)")
    click.echo(f"vnextract: serving {db} at http://{host}:{port}/vnextract (Ctrl-C stops)", err=True)
    run_serve(db, host=host, port=port)


if __name__ == "__main__":
    main()
