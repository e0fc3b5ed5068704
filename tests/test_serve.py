"""`vnextract serve`: Datasette on a fact store, asked over HTTP.

A real server is started as a subprocess on a free loopback port, on the
sample store of test_query.py (facts placed by hand) and, when ../shared is
present, on a store ingested from the seed articles.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from extract import search_index
from extract.serve import metadata
from extract.store import open_db, save_doc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_query import ARTICLES, build_doc  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(db: Path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read() if proc.poll() is not None else "(still running)"
                    pytest.fail(f"vnextract serve did not start: {out}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get_json(base: str, path: str, **params: str):
    query = urllib.parse.urlencode({**params, "_shape": params.pop("_shape", "array")})
    with urllib.request.urlopen(f"{base}/vnextract/{path}.json?{query}", timeout=30) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "sample.db"
    conn = open_db(db)
    for article in ARTICLES:
        save_doc(conn, build_doc(*article), source="test")
    conn.close()  # no index yet: serve must build it
    with running_server(db) as base:
        yield base


@pytest.fixture(scope="module")
def seeds_server(seed_store):
    with running_server(seed_store) as base:
        yield base


# --- canned queries ----------------------------------------------------------------


def test_citations_of_a_document_in_any_spelling(sample_server):
    rows = get_json(sample_server, "citations_of_document", document="1956 / 2009 / QD - TTg")
    assert [(r["text"], r["short"]) for r in rows] == [
        ("Quyết định số 1956/2009/QĐ-TTg", 0), ("Quyết định số 1956", 1)]
    assert all(r["document"] == "1956/2009/QĐ-TTg" and r["article_id"] == "th-qd1956" for r in rows)
    assert "[[Quyết định số 1956]]" in rows[1]["sentence"]
    assert get_json(sample_server, "citations_of_document", document="294/QĐ-BNV") == []


def test_budgets_by_place_and_year(sample_server):
    rows = get_json(sample_server, "budgets_by_place_and_year")
    got = {(r["province"], r["year"], r["per"]): r["total"] for r in rows}
    assert got == {
        ("Bắc Giang", 2016, None): 35e9,
        ("Bắc Ninh", 2018, None): 5e9,
        ("Lạng Sơn", 2009, None): 9e9,
        ("Lạng Sơn", 2010, None): 12e9,  # 40 tỉ of Hà Nội is in a boilerplate zone
        ("Thanh Hóa", 2014, "năm"): 1e9,
    }
    bac_giang = next(r for r in rows if r["province"] == "Bắc Giang")
    assert bac_giang["province_2025"] == "Bắc Ninh" and bac_giang["as_written"] == "35 tỷ đồng"


def test_trainees_by_place_and_year(sample_server):
    rows = get_json(sample_server, "trainees_by_place_and_year")
    got = {(r["province"], r["year"], r["unit"]): r["total"] for r in rows}
    # 779 học viên is a part of 1.070 and not added again; 120 hộ is no trainee
    assert got == {
        ("Bắc Giang", 2019, "lượt"): 420,
        ("Lạng Sơn", 2010, "học viên"): 1070,
        ("Thanh Hóa", 2015, "lượt"): 3000,
    }


def test_checks_that_failed(sample_server):
    (row,) = get_json(sample_server, "checks_that_failed")
    assert row["article_id"] == "ls-2010" and row["verdict"] == "mismatch"
    assert row["excerpt"].startswith("1.070 học viên") and row["excerpt"].endswith("779 học viên")


# --- tables, facets, search, metadata -------------------------------------------------


def test_fact_rows_have_facets_from_metadata(sample_server):
    data = get_json(sample_server, "fact_rows", _shape="objects")
    facets = data["facet_results"]
    assert {"type", "place", "unit", "year"} <= set(facets)
    types = {f["value"]: f["count"] for f in facets["type"]["results"]}
    assert types["money"] == 6 and types["document_ref"] == 2


def test_search_is_accent_insensitive(sample_server):
    folded = get_json(sample_server, "sentences", _search="dao tao")
    accented = get_json(sample_server, "sentences", _search="Đào tạo")
    assert [r["text"] for r in folded] == [r["text"] for r in accented]
    assert len(folded) == 1 and "đào tạo" in folded[0]["text"]
    facts = get_json(sample_server, "fact_rows", _search="tap huan")
    assert {r["text"] for r in facts} == {"quý III/2019", "420 lượt"}


def test_metadata_describes_tables_in_both_languages(sample_server):
    with urllib.request.urlopen(sample_server + "/vnextract/facts", timeout=30) as r:
        page = r.read().decode()
    assert "Mọi số liệu" in page and "every extracted fact" in page
    described = metadata()["databases"]["vnextract"]["tables"]["facts"]["columns"]
    conn = open_db(":memory:")
    assert set(described) == {r[1] for r in conn.execute("PRAGMA table_info(facts)")}


def test_serve_refuses_a_missing_store(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "extract.cli", "serve", "--db", str(tmp_path / "none.db")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2 and "no such fact store" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_index_rebuild_is_incremental_and_idempotent(tmp_path):
    db = tmp_path / "s.db"
    conn = open_db(db)
    save_doc(conn, build_doc(*ARTICLES[0]))
    first = search_index.rebuild(db)
    assert first["added"] == first["indexed"] > 0
    assert search_index.rebuild(db) == {"removed": 0, "added": 0, "indexed": first["indexed"]}
    save_doc(conn, build_doc(*ARTICLES[1]))
    conn.execute("DELETE FROM sentences WHERE article_id = 'ls-2010'")
    conn.close()
    again = search_index.rebuild(db)
    assert again["removed"] == first["indexed"]
    conn = open_db(db)
    assert search_index.is_current(conn)
    hits = "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?"
    assert conn.execute(hits, ("dao",)).fetchone()[0] == 0  # "đào tạo" was in ls-2010 only
    assert conn.execute(hits, ("kinh phi",)).fetchone()[0] == 1
    full = search_index.rebuild(db, full=True)
    assert full == {"removed": again["indexed"], "added": again["indexed"], "indexed": again["indexed"]}
    assert conn.execute(hits, ("kinh phi",)).fetchone()[0] == 1


# --- the project's corpus and the seeds (whole pipeline) ------------------------------


@pytest.fixture(scope="module")
def corpus_server(corpus_store):
    with running_server(corpus_store) as base:
        yield base


def test_corpus_canned_queries_return_real_rows(corpus_server, corpus_store):
    conn = open_db(corpus_store)
    raw = {r[0]: r[1] for r in conn.execute("SELECT id, raw FROM articles")}
    budgets = get_json(corpus_server, "budgets_by_place_and_year")
    trainees = get_json(corpus_server, "trainees_by_place_and_year")
    assert budgets and trainees
    assert "Hà Giang" in {r["province"] for r in trainees}
    for row in budgets + trainees:
        assert all(any(piece in text for text in raw.values()) for piece in row["as_written"].split(" | "))
    hits = get_json(corpus_server, "fact_rows", _search="ngan sach", type="money")
    assert hits and all("[[" in r["sentence"] for r in hits)


def test_seeds_canned_queries_return_real_rows(seeds_server):
    try:
        from extract.extractors.documents import canonical_id  # noqa: F401
    except ImportError:
        pytest.skip("document extractor not installed yet")
    rows = get_json(seeds_server, "citations_of_document", document="1956/2009/QD-TTg")
    assert {(r["text"], r["short"]) for r in rows} >= {
        ("Quyết định số 1956/2009/QĐ-TTg", 0), ("Quyết định số 1956", 1)}
    trainees = get_json(seeds_server, "trainees_by_place_and_year")
    assert any(r["unit"] == "học viên" and r["total"] >= 1070 for r in trainees)
    assert all(isinstance(r["total"], int) for r in trainees)
    assert get_json(seeds_server, "budgets_by_place_and_year")
    hits = get_json(seeds_server, "sentences", _search="lang son")
    assert hits and all("Lạng Sơn" in r["text"] for r in hits)


# --- in a browser ---------------------------------------------------------------------


@pytest.mark.browser
def test_facts_table_in_chromium(sample_server, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed at /usr/bin/chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    shot = Path(os.environ.get("VNEXTRACT_SCREENSHOT_DIR", tmp_path)) / "fact_rows.png"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(sample_server + "/vnextract/fact_rows?_search=dao+tao&_sort=id")
            rows = page.locator("table.rows-and-columns tbody tr")
            assert rows.count() == 2
            assert "[[hơn 9 tỉ đồng]]" in rows.nth(1).inner_text()
            assert page.locator(".facet-info").count() >= 4
            assert "search matches" in page.content()
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
