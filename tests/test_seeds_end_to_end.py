"""The whole chain on real articles (../shared seeds; skipped without them)."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner
from conftest import SEED_GOLD, SEED_ZONES

from extract.cli import main
from extract.evaluate import load_jsonl, score
from extract.store import export_records, open_db


def test_every_stored_span_is_its_raw_text(seed_store):
    conn = sqlite3.connect(seed_store)
    raws = dict(conn.execute("select id, raw from articles"))
    assert len(raws) == 5
    rows = conn.execute('select article_id, start, "end", text from facts').fetchall()
    assert rows
    for aid, start, end, text in rows:
        assert raws[aid][start:end] == text


def test_export_is_spec_shaped(seed_store):
    recs = export_records(open_db(seed_store))
    types = {r["type"] for r in recs}
    assert {"document_ref", "count", "percent", "date"} <= types
    for r in recs:
        assert {"doc", "type", "text", "start", "end", "value", "in_body"} <= set(r)


def test_seed_scores_do_not_regress(seed_store):
    """Floors a little under the measured scores: a drop means a regression."""
    gold = load_jsonl(SEED_GOLD)
    zones = load_jsonl(SEED_ZONES)
    result = score(gold, export_records(open_db(seed_store)), zones)
    f1 = {t: r["f1"] for t, r in result["types"].items()}
    assert result["overall"]["f1"] >= 0.8, f1
    for t in ("document_ref", "percent", "money", "fraction", "period", "date"):
        assert f1[t] >= 0.85, (t, f1)


def test_eval_cli_on_docs_folder(seeds_dir):
    res = CliRunner().invoke(main, ["eval", "--gold", str(SEED_GOLD), "--docs", str(seeds_dir), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["overall"]["f1"] > 0.5
