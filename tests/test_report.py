"""The HTML report: every fact highlighted, zones greyed, checks linked; a browser look."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from qa_helpers import build_doc

from extract.checks import check_doc
from extract.cli import main
from extract.report import render_article, segments, write_all
from extract.store import open_db, save_doc
from extract.structure import link_parts

CHROMIUM = Path("/usr/bin/chromium")
ARTICLE = """Đọc nhiều: Giá vàng tăng 2 triệu đồng
Huyện Yên Hòa có 18 đơn vị hành chính, gồm 16 xã và 2 thị trấn. Năm 2023, huyện mở 12 lớp với 860 học viên. Trong đó: 8 lớp sơ cấp với 600 học viên; 4 lớp bồi dưỡng với 250 học viên.
Kinh phí đào tạo là 1,5 tỷ đồng, tỷ lệ học viên đạt yêu cầu 97,5% (838/860 học viên)."""
FIGURES = [
    {"at": "2 triệu đồng", "v": 2000000, "t": "money", "currency": "VND"},
    {"at": "Huyện Yên Hòa", "v": "Yên Hòa", "t": "entity", "label": "LOC"},
    {"at": "18 đơn vị hành chính", "v": 18, "unit": "đơn vị hành chính"},
    {"at": "16 xã", "v": 16, "unit": "xã"},
    {"at": "2 thị trấn", "v": 2, "unit": "thị trấn"},
    {"at": "Năm 2023", "v": "2023", "t": "date"},
    {"at": "12 lớp", "v": 12, "unit": "lớp"},
    {"at": "860 học viên", "v": 860, "unit": "học viên"},
    {"at": "8 lớp", "v": 8, "unit": "lớp"},
    {"at": "600 học viên", "v": 600, "unit": "học viên"},
    {"at": "4 lớp", "v": 4, "unit": "lớp"},
    {"at": "250 học viên", "v": 250, "unit": "học viên"},
    {"at": "1,5 tỷ đồng", "v": 1500000000, "t": "money", "currency": "VND"},
    {"at": "97,5%", "v": 97.5, "t": "percent"},
    {"at": "838/860 học viên", "v": 838 / 860, "t": "fraction", "numerator": 838, "denominator": 860},
]


@pytest.fixture()
def store(tmp_path):
    doc = build_doc(ARTICLE, FIGURES, zones=["Đọc nhiều: Giá vàng tăng 2 triệu đồng"], doc_id="mau-01")
    doc.meta["title"] = "Yên Hòa mở lớp bồi dưỡng"
    link_parts(doc)
    doc.checks = check_doc(doc)
    db = tmp_path / "r.db"
    conn = open_db(db)
    save_doc(conn, doc, source="test")
    conn.close()
    return db


def test_segments_overlap_and_anchors():
    facts = [{"id": 1, "start": 0, "end": 6, "type": "count"}, {"id": 2, "start": 3, "end": 6, "type": "x"}]
    segs = segments("abcdefgh", facts, [{"start": 6, "end": 8, "why": "z"}], [])
    assert [(s.text, [f["id"] for f in s.facts], s.zone, s.anchors) for s in segs] == [
        ("abc", [1], None, ["f-1"]), ("def", [2, 1], None, ["f-2"]), ("gh", [], "z", [])]


def test_article_page(store):
    html = render_article(store, "mau-01")
    assert "Yên Hòa mở lớp bồi dưỡng" in html
    for spec in FIGURES:  # every fact is highlighted and in the side table
        pattern = rf'<span class="fact t-{spec.get("t", "count")}[^"]*"[^>]*>{re.escape(spec["at"])}</span>'
        assert re.search(pattern, html), spec["at"]
    assert html.count('<tr id="row-') == len(FIGURES)
    assert 'class="zone' in html and "zone: test" in html
    # each check links to an anchor that exists in the text
    for target in re.findall(r'<a href="#(c-\d+)">', html):
        assert f'id="{target}"' in html
    assert "860 học viên ≠ 600 học viên + 250 học viên = 850" in html
    assert "838/860 học viên = 97,4419% ≠ 97,5%" in html  # neither rounded nor truncated
    assert "http://" not in html and "https://" not in html  # no network assets
    assert "value: 860" in html and "unit: học viên" in html  # the tooltip


def test_cli_report_one_and_all(store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "one.html"
    res = runner.invoke(main, ["report", "mau-01", "--db", str(store), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    res = runner.invoke(main, ["report", "--all", "--db", str(store), "-o", str(tmp_path / "site")])
    assert res.exit_code == 0, res.output
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="mau-01.html"' in index and (tmp_path / "site" / "mau-01.html").exists()
    res = runner.invoke(main, ["report", "nope", "--db", str(store), "-o", str(out)])
    assert res.exit_code == 2
    res = runner.invoke(main, ["report", "--db", str(store), "-o", str(out)])
    assert res.exit_code == 2


@pytest.mark.browser
def test_report_in_chromium(store, tmp_path):
    """Open the page in headless Chromium, hover a figure, and keep a screenshot."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("no /usr/bin/chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    index = write_all(store, tmp_path / "site")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(index.as_uri())
        page.click("text=mau-01")
        assert page.locator("span.fact").count() == len(FIGURES)
        # the failing sum is underlined and its check links to it
        page.click("ul.checks a:has-text('860 học viên ≠')")
        assert page.evaluate("location.hash").startswith("#c-")
        page.hover("span.fact:has-text('860 học viên') >> nth=0")
        tip = page.evaluate(
            "getComputedStyle(document.querySelector('span.fact:hover'), '::after').content")
        assert "860" in tip
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot))
        browser.close()
    assert shot.stat().st_size > 10_000
    keep = Path(__file__).resolve().parents[1] / "build"
    if keep.is_dir():
        shutil.copy(shot, keep / "report.png")
