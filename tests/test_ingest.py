"""Ingest: inputs, errors, idempotence, re-extraction, atomicity."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import store
from extract.cli import main
from extract.ingest import ingest

ARTICLE_A = (
    "(Báo Mẫu) - Năm 2023, toàn tỉnh đã mở 42 lớp bồi dưỡng cho hơn 3.500 lượt cán bộ, "
    "đạt 104,5% kế hoạch năm.\n\nKinh phí thực hiện là 2,5 tỷ đồng.\n"
)
ARTICLE_B = "Huyện đã hoàn thành 96% chỉ tiêu giảm nghèo, với 120 hộ thoát nghèo trong năm.\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _rows(db: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_txt_folder_recursive_and_ids(tmp_path):
    _write(tmp_path / "in" / "a1.txt", ARTICLE_A)
    _write(tmp_path / "in" / "sub" / "b2.txt", ARTICLE_B)
    db = tmp_path / "f.db"
    result = ingest([tmp_path / "in"], db, progress=False)
    assert result.stored == 2 and result.ok
    assert _rows(db, "select id from articles order by id") == [("a1",), ("b2",)]
    raw = _rows(db, "select raw from articles where id='a1'")[0][0]
    assert raw == ARTICLE_A  # stored unchanged


def test_every_fact_span_is_raw_text(tmp_path):
    _write(tmp_path / "a1.txt", ARTICLE_A.replace(" ", "\u00a0", 3).replace("lượt", "lượt"))
    db = tmp_path / "f.db"
    ingest([tmp_path / "a1.txt"], db, progress=False)
    raw = _rows(db, "select raw from articles")[0][0]
    for start, end, text in _rows(db, 'select start, "end", text from facts'):
        assert raw[start:end] == text


def test_jsonl_with_bad_lines_reports_file_and_line(tmp_path):
    lines = [
        json.dumps({"id": "j1", "text": ARTICLE_A, "url": "https://example.vn/a", "title": "Tin A"}),
        "{not json",
        json.dumps({"id": "j2", "text": ""}),
        json.dumps({"text": ARTICLE_B}),
        json.dumps({"id": "j3", "text": ARTICLE_B, "published": "2023-06-08"}),
    ]
    src = _write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    db = tmp_path / "f.db"
    result = ingest([src], db, progress=False)
    assert result.stored == 2
    assert len(result.errors) == 3
    assert result.errors[0].startswith(f"{src}:2: bad JSON")
    assert result.errors[1] == f"{src}:3: empty article"
    assert result.errors[2] == f"{src}:4: missing `id`"
    assert _rows(db, "select url, title from articles where id='j1'") == [("https://example.vn/a", "Tin A")]
    assert _rows(db, "select published from articles where id='j3'") == [("2023-06-08",)]


def test_jsonl_gz(tmp_path):
    src = tmp_path / "b.jsonl.gz"
    src.write_bytes(gzip.compress((json.dumps({"id": "g1", "text": ARTICLE_B}) + "\n").encode()))
    result = ingest([src], tmp_path / "f.db", progress=False)
    assert result.stored == 1 and result.ok


def test_bad_bytes_and_empty_file_are_skipped_alone(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"Ngh\xe1 quy\xea\xff")
    _write(tmp_path / "in" / "empty.txt", "  \n")
    _write(tmp_path / "in" / "good.txt", ARTICLE_B)
    result = ingest([tmp_path / "in"], tmp_path / "f.db", progress=False)
    assert result.stored == 1
    assert any("bad.txt: not UTF-8" in e for e in result.errors)
    assert any(e.endswith("empty.txt: empty article") for e in result.errors)


def test_reingest_is_a_noop_and_reextract_replaces(tmp_path):
    src = _write(tmp_path / "a1.txt", ARTICLE_A)
    db = tmp_path / "f.db"
    ingest([src], db, progress=False)
    before = _rows(db, "select id, type, start, value from facts order by id")
    again = ingest([src], db, progress=False)
    assert (again.stored, again.unchanged) == (0, 1)
    assert _rows(db, "select id, type, start, value from facts order by id") == before
    redo = ingest([src], db, reextract=True, progress=False)
    assert redo.reextracted == 1
    after = _rows(db, "select start, type, value from facts order by start, type")
    assert after == sorted((s, t, v) for _, t, s, v in before)
    versions = _rows(db, "select distinct version from facts")
    assert versions == _rows(db, "select extractor_version from articles")


def test_changed_content_replaces_facts(tmp_path):
    src = _write(tmp_path / "a1.txt", ARTICLE_A)
    db = tmp_path / "f.db"
    ingest([src], db, progress=False)
    _write(src, ARTICLE_B)
    result = ingest([src], db, progress=False)
    assert result.stored == 1
    assert _rows(db, "select raw from articles") == [(ARTICLE_B,)]
    raw = ARTICLE_B
    for start, end, text in _rows(db, 'select start, "end", text from facts'):
        assert raw[start:end] == text


def test_failed_write_leaves_old_article_intact(tmp_path, monkeypatch):
    src = _write(tmp_path / "a1.txt", ARTICLE_A)
    db = tmp_path / "f.db"
    ingest([src], db, progress=False)
    before = _rows(db, "select * from facts order by id")

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_insert_checks", boom)
    with pytest.raises(RuntimeError):
        ingest([src], db, reextract=True, progress=False)
    assert _rows(db, "select * from facts order by id") == before
    assert _rows(db, "select count(*) from articles") == [(1,)]


def test_html_page(tmp_path):
    page = (
        "<html><head><title>Tin tỉnh</title>"
        '<meta property="article:published_time" content="2024-03-05T08:00:00+07:00">'
        '<link rel="canonical" href="https://baomau.vn/tin-1.html"></head><body>'
        "<nav><a href='/'>Trang chủ</a></nav><article><h1>Tin tỉnh</h1>"
        "<p>Tỉnh đã giải ngân 85% vốn đầu tư công.</p><script>var x=1;</script></article>"
        "<footer>Bản quyền</footer></body></html>"
    )
    src = _write(tmp_path / "tin-1.html", page)
    db = tmp_path / "f.db"
    result = ingest([src], db, progress=False)
    assert result.stored == 1
    raw, url, title, published = _rows(db, "select raw, url, title, published from articles")[0]
    assert "Trang chủ" not in raw and "var x" not in raw and "Bản quyền" not in raw
    assert "giải ngân 85%" in raw
    assert url == "https://baomau.vn/tin-1.html" and title == "Tin tỉnh"
    assert published.startswith("2024-03-05")


def test_cli_stdin_errors_and_exit_codes(tmp_path):
    db = str(tmp_path / "f.db")
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", "-", "--db", db], input=ARTICLE_B)
    assert res.exit_code == 0, res.output
    assert _rows(Path(db), "select id from articles") == [("stdin",)]
    res = runner.invoke(main, ["ingest", "-", "--db", db], input=ARTICLE_B)
    assert "unchanged" in res.output
    bad = _write(tmp_path / "x.jsonl", '{"id": "x1", "text": "Đạt 50%."}\n{oops\n')
    res = runner.invoke(main, ["ingest", str(bad), "--db", db])
    assert res.exit_code == 1
    assert f"{bad}:2: bad JSON" in res.output
    res = runner.invoke(main, ["ingest", str(tmp_path / "missing.txt"), "--db", db])
    assert res.exit_code == 1 and "no such file" in res.output


def test_cli_export_formats(tmp_path):
    src = _write(tmp_path / "a1.txt", ARTICLE_A)
    db = str(tmp_path / "f.db")
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(src), "--db", db])
    res = runner.invoke(main, ["export", "--db", db, "--format", "jsonl"])
    recs = [json.loads(line) for line in res.output.splitlines()]
    assert recs and all({"doc", "type", "text", "start", "end", "value", "in_body"} <= set(r) for r in recs)
    res = runner.invoke(main, ["export", "--db", db, "--format", "csv"])
    assert res.output.splitlines()[0].startswith("doc,type,text,start,end,value")
    res = runner.invoke(main, ["export", "--db", str(tmp_path / "nope.db")])
    assert res.exit_code == 2 and "no such fact store" in res.output


def test_kill_mid_run_leaves_whole_articles(tmp_path):
    """SIGKILL during a bulk run: every stored article has all its facts."""
    src = tmp_path / "many.jsonl"
    texts = {}
    with open(src, "w", encoding="utf-8") as f:
        for i in range(400):
            t = f"Năm 2023, xã số {i} đã mở {i + 2} lớp học cho {100 + i} học viên, đạt {50 + i % 50}% kế hoạch.\n" * 3
            texts[f"k{i}"] = t
            f.write(json.dumps({"id": f"k{i}", "text": t}, ensure_ascii=False) + "\n")
    db = tmp_path / "f.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract.cli", "ingest", str(src), "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=Path(__file__).resolve().parents[1],
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if db.exists() and _safe_count(db) >= 5:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    from extract.pipeline import process

    stored = _rows(db, "select id from articles")
    assert stored, "the run was killed before it stored anything"
    for (aid,) in stored[:20]:
        expected = len(process(texts[aid], aid).facts)
        assert _rows(db, "select count(*) from facts where article_id=?", aid) == [(expected,)]


def _safe_count(db: Path) -> int:
    try:
        return _rows(db, "select count(*) from articles")[0][0]
    except sqlite3.Error:
        return 0


def test_reextract_from_store_needs_no_source(tmp_path, monkeypatch):
    src = _write(tmp_path / "a1.txt", ARTICLE_A)
    db = tmp_path / "f.db"
    ingest([src], db, progress=False)
    src.unlink()
    before = _rows(db, "select type, start, value from facts order by start, type")
    runner = CliRunner()
    res = runner.invoke(main, ["reextract", "--db", str(db)])
    assert res.exit_code == 0 and "0 re-extracted" in res.output  # nothing outdated
    conn = sqlite3.connect(db)
    conn.execute("update articles set extractor_version = 'old'")
    conn.commit()
    conn.close()
    res = runner.invoke(main, ["reextract", "--db", str(db)])
    assert res.exit_code == 0 and "1 re-extracted" in res.output, res.output
    assert _rows(db, "select type, start, value from facts order by start, type") == before
    assert _rows(db, "select extractor_version != 'old' from articles") == [(1,)]


def test_input_metadata_survives_reextraction(tmp_path):
    src = _write(tmp_path / "b.jsonl", json.dumps({"id": "m1", "text": ARTICLE_B, "title": "Giảm nghèo"}) + "\n")
    db = tmp_path / "f.db"
    ingest([src], db, progress=False)
    from extract.ingest import reextract_stored

    reextract_stored(db, all_articles=True, progress=False)
    assert _rows(db, "select title, json_extract(input_meta, '$.title') from articles") == [
        ("Giảm nghèo", "Giảm nghèo")
    ]
