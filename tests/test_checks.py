"""Checks: ratios and sanity flags (corpus), span verification, `vnextract check`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from qa_helpers import build_doc, described, load_examples

from extract.checks import (
    check_doc,
    check_store,
    format_vn,
    judge_sum,
    verify,
    verify_store,
)
from extract.cli import main
from extract.document import Doc, Fact
from extract.segment import sentences
from extract.store import open_db, save_doc

EXAMPLES = load_examples("sanity")


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_sanity_corpus(ex):
    figures = []
    for spec in ex["figures"]:
        spec = dict(spec)
        if "num" in spec:
            spec["numerator"], spec["denominator"] = spec.pop("num"), spec.pop("den")
        figures.append(spec)
    doc = build_doc(ex["text"], figures, ex.get("zones", []))
    assert described(doc, check_doc(doc)) == sorted(ex.get("checks", []))


def test_zone_as_body_flag():
    doc = build_doc("Tin liên quan: mở 12 lớp.\nHuyện mở 5 lớp.", [
        {"at": "12 lớp", "v": 12, "unit": "lớp"}, {"at": "5 lớp", "v": 5, "unit": "lớp"},
    ], zones=["Tin liên quan: mở 12 lớp."])
    assert [f.in_body for f in doc.facts] == [False, True]
    assert check_doc(doc) == []
    doc.facts[0].in_body = True  # a stage that ignored the zones
    flags = check_doc(doc)
    assert [(c["kind"], c["verdict"], c["facts"]) for c in flags] == [("sanity:zone_as_body", "flag", [0])]


def test_check_dict_shape():
    doc = build_doc("Ban tổ chức mời 60 đại biểu, gồm 25 đại biểu tỉnh và 30 đại biểu huyện.", [
        {"at": "60 đại biểu", "v": 60, "unit": "đại biểu"},
        {"at": "25 đại biểu", "v": 25, "unit": "đại biểu"},
        {"at": "30 đại biểu", "v": 30, "unit": "đại biểu"},
    ])
    [c] = check_doc(doc)
    assert c["kind"] == "sum" and c["verdict"] == "mismatch"
    assert (c["expected"], c["actual"], c["facts"]) == (60.0, 55.0, [0, 1, 2])
    assert doc.text[c["start"]:c["end"]].startswith("60 đại biểu") and doc.text[c["start"]:c["end"]].endswith("30 đại biểu")
    assert c["message"] == "60 đại biểu ≠ 25 đại biểu + 30 đại biểu = 55 (5 short)"


def test_judge_sum_never_mismatches_on_an_open_list():
    c = lambda v, q="exact": Fact("count", 0, 1, v, {"qualifier": q})  # noqa: E731
    assert judge_sum(c(100), [c(30), c(40)], True, True)[0] == "open"
    assert judge_sum(c(100), [c(80), c(40)], True, True)[0] == "mismatch"  # only adds more
    assert judge_sum(c(100, "nearly"), [c(60), c(35)], True, False)[0] == "open"
    assert judge_sum(c(100), [c(60), c(30)], True, False, tight=False)[0] == "open"


def test_format_vn():
    assert format_vn(17927) == "17.927"
    assert format_vn(0.5) == "0,50"


# --- the store ----------------------------------------------------------------------


def _store(tmp_path: Path) -> Path:
    """A store of one hand-made article with facts whose values re-parse alone."""
    raw = ("Thực hiện  Quyết định số 294/QĐ-BNV ngày 3-4-2012, giai đoạn 2016–2020 "
           "tỉnh mở 9 lớp với 640 học viên. Trong đó: 6 lớp 420 học viên; 3 lớp 200 học viên.")
    doc = Doc("a1", raw)
    doc.set_sentences(sentences(doc.text))
    t = doc.text

    def add(typ, span, value, **attrs):
        s = t.index(span)
        doc.add(Fact(typ, s, s + len(span), value, attrs, "test"))

    add("document_ref", "Quyết định số 294/QĐ-BNV", "294/QĐ-BNV", doc_type="Quyết định", number="294",
        code="QĐ-BNV")
    add("date", "ngày 3-4-2012", "2012-04-03")
    add("period", "giai đoạn 2016-2020", "2016/2020")
    for span, v, u in [("9 lớp", 9, "lớp"), ("640 học viên", 640, "học viên"), ("6 lớp", 6, "lớp"),
                       ("420 học viên", 420, "học viên"), ("3 lớp", 3, "lớp"),
                       ("200 học viên", 200, "học viên")]:
        add("count", span, v, unit=u, qualifier="exact")
    from extract.structure import link_parts

    link_parts(doc)
    doc.checks = check_doc(doc)
    db = tmp_path / "facts.db"
    conn = open_db(db)
    save_doc(conn, doc, source="test")
    conn.close()
    return db


def test_verify_clean_store(tmp_path):
    db = _store(tmp_path)
    res = verify(db)
    assert res.problems == []
    assert res.facts == 9 and res.reparsed + res.rederived == 9


def test_verify_finds_a_shifted_span(tmp_path):
    db = _store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute('UPDATE facts SET start = start + 1, "end" = "end" + 1 WHERE text = ?', ("420 học viên",))
    [p] = verify_store(db)
    assert p.kind == "span" and p.article == "a1" and p.stored == "420 học viên" and p.found == "20 học viên;"


def test_verify_finds_a_wrong_value(tmp_path):
    db = _store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE facts SET value = '2012-03-04' WHERE type = 'date'")
        conn.execute("UPDATE facts SET value = '2016/2021' WHERE type = 'period'")
    problems = sorted(verify_store(db), key=lambda p: p.start)
    assert [(p.kind, p.stored, p.found) for p in problems] == [
        ("value", "2012-03-04", "2012-04-03"), ("value", "2016/2021", "2016/2020")]
    text = "\n".join(str(p) for p in problems)
    assert "a1 [" in text and "2012-03-04" in text and "2012-04-03" in text


def test_verify_finds_a_body_fact_in_a_zone(tmp_path):
    db = _store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO zones (article_id, start, \"end\", why) VALUES ('a1', 0, 50, 'test')")
    problems = verify_store(db)
    assert {p.kind for p in problems} == {"zone"} and len(problems) == 2


def test_stored_checks_and_exit_codes(tmp_path):
    db = _store(tmp_path)
    report = check_store(db)
    assert report.problems == []
    assert sorted((c.kind, c.verdict) for c in report.checks) == [("sum", "mismatch"), ("sum", "ok")]
    mismatch = next(c for c in report.checks if c.verdict == "mismatch")
    assert "640 học viên ≠ 420 học viên + 200 học viên = 620" in mismatch.message
    assert "Trong đó: 6 lớp 420 học viên" in mismatch.excerpt
    assert len(mismatch.fact_ids) == 3
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1


def test_part_of_stored_as_fact_ids(tmp_path):
    db = _store(tmp_path)
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute(
            "SELECT f.text, t.text FROM facts f JOIN facts t ON t.id = f.part_of"))
    assert rows == {"6 lớp": "9 lớp", "3 lớp": "9 lớp", "420 học viên": "640 học viên",
                    "200 học viên": "640 học viên"}


def test_cli_check(tmp_path):
    db = _store(tmp_path)
    runner = CliRunner()
    res = runner.invoke(main, ["check", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "[MISMATCH] sum: 640 học viên" in res.output and "== a1" in res.output
    assert "0 problem(s)" in res.output
    res = runner.invoke(main, ["check", "--db", str(db), "--strict"])
    assert res.exit_code == 1
    res = runner.invoke(main, ["check", "--db", str(db), "--verdict", "ok"])
    assert "[OK" in res.output and "MISMATCH" not in res.output
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE facts SET text = 'x' WHERE type = 'date'")
    res = runner.invoke(main, ["check", "--db", str(db)])
    assert res.exit_code == 1 and "PROBLEM span" in res.output
    res = runner.invoke(main, ["check", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 2


# --- the seeds, end to end ---------------------------------------------------------------


def test_seed_checks_end_to_end(seed_store):
    """The real pipeline on the seeds: spans hold, the known findings, no false mismatch."""
    report = check_store(seed_store)
    assert report.problems == [], [str(p) for p in report.problems]
    by = report.by_article()
    lang_son = {(c.kind, c.verdict, c.message.split(" ")[0]) for c in by["004_24c8e8399b0d687b"]}
    assert ("sum", "mismatch", "1070") in lang_son
    assert ("sum", "mismatch", "67") in lang_son
    assert ("total_of_totals", "ok", "17.927") in lang_son
    assert ("ratio", "ok", "19.037/14,590") in lang_son
    bac_giang = [c for c in by["003_217adf5d023423aa"] if c.kind == "sum"]
    assert [(c.verdict, c.expected, c.actual) for c in bac_giang] == [("ok", 1070.0, 1070.0)]
    mismatches = [c for c in report.checks if c.verdict == "mismatch"]
    assert len(mismatches) == 2, [c.message for c in mismatches]
    stored = json.loads(json.dumps([c.fact_ids for c in mismatches]))
    assert all(len(ids) >= 5 for ids in stored)
