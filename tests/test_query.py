"""`vnextract query` and `query_facts`: every filter, alone and combined.

The store is built from short articles written for these tests, with facts
placed by hand (no extractor involved), and saved through the real store so
the rows look exactly like ingested ones. The seed tests at the end run the
whole pipeline and skip when ../shared is absent.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import search_index
from extract.cli import main
from extract.document import Doc, Fact, Zone
from extract.query import excerpt, format_number, format_table, interval, query_facts
from extract.segment import sentences
from extract.store import open_db, save_doc

# (id, meta, text, facts) — each fact: (type, span text, value, attrs, attribution)
ARTICLES = [
    (
        "ls-2010",
        {"published": "2010-12-20", "title": "Lạng Sơn đầu tư cho đào tạo cán bộ"},
        "Năm 2009, tỉnh Lạng Sơn bố trí hơn 9 tỉ đồng cho công tác đào tạo, bồi dưỡng cán bộ. "
        "Năm 2010, tỉnh tiếp tục giao 12 tỉ đồng để mở các lớp bồi dưỡng.\n"
        "Trong năm, toàn tỉnh mở 15 lớp với 1.070 học viên, trong đó 779 học viên là cán bộ cấp xã.\n"
        "Tin liên quan: Hà Nội chi 40 tỉ đồng sửa trường học",
        [
            ("date", "Năm 2009", "2009", {}, {}),
            ("money", "hơn 9 tỉ đồng", 9_000_000_000,
             {"qualifier": "over", "currency": "VND"}, {"place": "Lạng Sơn", "time": "2009"}),
            ("date", "Năm 2010", "2010", {}, {}),
            ("money", "12 tỉ đồng", 12_000_000_000,
             {"qualifier": "exact", "currency": "VND"}, {"place": "Lạng Sơn", "time": "2010"}),
            ("count", "15 lớp", 15, {"qualifier": "exact", "unit": "lớp"},
             {"place": "Lạng Sơn", "time": "2010"}),
            ("count", "1.070 học viên", 1070, {"qualifier": "exact", "unit": "học viên"},
             {"place": "Lạng Sơn", "time": "2010"}),
            ("count", "779 học viên", 779, {"qualifier": "exact", "unit": "học viên"},
             {"place": "Lạng Sơn", "time": "2010", "part_of": 5}),
            ("money", "40 tỉ đồng", 40_000_000_000, {"qualifier": "exact", "currency": "VND"},
             {"place": "Hà Nội", "time": "2010"}),
        ],
    ),
    (
        "th-qd1956",
        {"published": "2015-03-02"},
        "Thực hiện Quyết định số 1956/2009/QĐ-TTg của Thủ tướng Chính phủ, huyện Thọ Xuân đã cử "
        "gần 3.000 lượt cán bộ đi bồi dưỡng kiến thức quản lý. "
        "Kinh phí thực hiện Quyết định số 1956 trong năm 2014 là 1 tỷ đồng/năm.",
        [
            ("document_ref", "Quyết định số 1956/2009/QĐ-TTg", "1956/2009/QĐ-TTg",
             {"doc_type": "Quyết định", "number": "1956", "year": 2009, "code": "QĐ-TTg",
              "issuer": "Thủ tướng Chính phủ", "short": False}, {}),
            ("count", "gần 3.000 lượt", 3000, {"qualifier": "nearly", "unit": "lượt", "subject": "cán bộ"},
             {"place": "Thọ Xuân", "time": "2015-03-02", "document": "1956/2009/QĐ-TTg"}),
            ("document_ref", "Quyết định số 1956", "1956/2009/QĐ-TTg",
             {"doc_type": "Quyết định", "number": "1956", "year": 2009, "code": "QĐ-TTg", "short": True}, {}),
            ("date", "năm 2014", "2014", {}, {}),
            ("money", "1 tỷ đồng/năm", 1_000_000_000,
             {"qualifier": "exact", "currency": "VND", "per": "năm"},
             {"place": "Thọ Xuân", "time": "2014", "document": "1956/2009/QĐ-TTg"}),
        ],
    ),
    (
        "bg-2019",
        {"published": "2019-08-01"},
        "Giai đoạn 2016-2020, tỉnh Bắc Giang đầu tư 35 tỷ đồng xây dựng trường chính trị. "
        "Riêng quý III/2019 có 420 lượt cán bộ tham gia tập huấn.",
        [
            ("period", "Giai đoạn 2016-2020", "2016/2020", {"open": False}, {}),
            ("money", "35 tỷ đồng", 35_000_000_000, {"qualifier": "exact", "currency": "VND"},
             {"place": "Bắc Giang", "time": "2016/2020"}),
            ("date", "quý III/2019", "2019-Q3", {}, {}),
            ("count", "420 lượt", 420, {"qualifier": "exact", "unit": "lượt", "subject": "cán bộ"},
             {"place": "Bắc Giang", "time": "2019-Q3"}),
        ],
    ),
    (
        "bn-2018",
        {"published": "2018-05-10"},
        "Tỉnh Bắc Ninh chi 5 tỷ đồng cho chương trình nông thôn mới. "
        "Xã Đông Thọ có 120 hộ được hỗ trợ.",
        [
            ("money", "5 tỷ đồng", 5_000_000_000, {"qualifier": "exact", "currency": "VND"},
             {"place": "Bắc Ninh"}),
            ("count", "120 hộ", 120, {"qualifier": "exact", "unit": "hộ"}, {}),
        ],
    ),
]

# Province of each place used above, before and after 2025 (what the
# attribution stage writes; set by hand so the tests need no gazetteer).
PROVINCES = {
    "Lạng Sơn": ("Lạng Sơn", "Lạng Sơn"),
    "Hà Nội": ("Hà Nội", "Hà Nội"),
    "Thọ Xuân": ("Thanh Hóa", "Thanh Hóa"),
    "Bắc Giang": ("Bắc Giang", "Bắc Ninh"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Ninh"),
}


def build_doc(article_id: str, meta: dict, text: str, facts: list) -> Doc:
    doc = Doc(article_id, text, meta)
    assert doc.text == text, "test articles are written already normalized"
    doc.set_sentences(sentences(text))
    boiler = text.find("Tin liên quan")
    if boiler >= 0:
        doc.zones = [Zone(boiler, len(text), "related")]
    cursor = 0
    for type_, span, value, attrs, attribution in facts:
        start = text.index(span, cursor)  # facts are listed in text order
        cursor = start + len(span)
        fact = Fact(type_, start, start + len(span), value, dict(attrs), extractor="test")
        fact.place = attribution.get("place")
        fact.time = attribution.get("time")
        fact.document = attribution.get("document")
        fact.part_of = attribution.get("part_of")
        if fact.place:
            fact.attrs["place_province"], fact.attrs["place_province_new"] = PROVINCES[fact.place]
        assert doc.add(fact) is fact, span
    if article_id == "ls-2010":
        doc.checks.append({
            "kind": "sum", "verdict": "mismatch", "expected": 1070, "actual": 779,
            "message": "1.070 học viên ≠ 779 học viên", "facts": [5, 6],
            "start": doc.facts[5].start, "end": doc.facts[6].end,
        })
    return doc


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("query") / "sample.db"
    conn = open_db(db)
    for article in ARTICLES:
        save_doc(conn, build_doc(*article), source="test")
    conn.close()
    search_index.rebuild(db)
    return db


def values(rows: list[dict]) -> list:
    return [r["value"] for r in rows]


# --- filters -------------------------------------------------------------------


def test_type_and_place_accent_insensitive(store):
    rows = query_facts(store, types="money", place="lang son")
    assert sorted(values(rows)) == [9_000_000_000, 12_000_000_000]
    assert query_facts(store, types="money", place="LẠNG SƠN") == rows
    assert query_facts(store, types="money", place="tỉnh Lạng Sơn") == rows


def test_place_matches_district_and_its_province(store):
    assert {r["text"] for r in query_facts(store, place="tho xuan")} == {"gần 3.000 lượt", "1 tỷ đồng/năm"}
    assert {r["text"] for r in query_facts(store, place="Thanh Hoá")} == {"gần 3.000 lượt", "1 tỷ đồng/năm"}


def test_new_province_finds_its_former_parts_but_not_the_reverse(store):
    merged = {r["article_id"] for r in query_facts(store, types="money", place="bac ninh")}
    assert merged == {"bg-2019", "bn-2018"}
    assert {r["article_id"] for r in query_facts(store, place="Bắc Giang")} == {"bg-2019"}


def test_document_gives_full_and_short_mentions_and_figures_under_it(store):
    rows = query_facts(store, document="1956/2009/QĐ-TTg")
    mentions = [r for r in rows if r["type"] == "document_ref"]
    assert sorted(r["short"] for r in mentions) == [0, 1]
    assert {r["text"] for r in rows if r["type"] != "document_ref"} == {"gần 3.000 lượt", "1 tỷ đồng/năm"}
    # spellings the press prints give the same answer
    for spelling in ("1956 / 2009 / QĐ - TTg", "1956/2009/QĐ–TTg"):
        assert query_facts(store, document=spelling) == rows
    only = query_facts(store, document="1956/2009/QĐ-TTg", types="document_ref")
    assert [r["text"] for r in only] == ["Quyết định số 1956/2009/QĐ-TTg", "Quyết định số 1956"]
    assert len(query_facts(store, document="1956")) == len(rows)
    assert query_facts(store, document="294/QĐ-BNV") == []


def test_year_uses_time_then_sentence_dates_then_article_date(store):
    assert values(query_facts(store, types="money", year=2009)) == [9_000_000_000]
    # 35 tỷ is attributed to the period 2016-2020, which contains 2018
    assert values(query_facts(store, types="money", year=2018, place="bac giang")) == [35_000_000_000]
    # no time and no date in its sentence: the article's date (2018-05-10)
    assert values(query_facts(store, types="money", year=2018, place="Bắc Ninh")) == [
        35_000_000_000, 5_000_000_000]
    assert query_facts(store, types="count", year=2017, article="bn-2018") == []
    assert values(query_facts(store, types="count", year=2018, article="bn-2018")) == [120]


def test_period_forms(store):
    q3 = query_facts(store, types="count", period="2019-Q3")
    assert values(q3) == [420]
    assert query_facts(store, types="count", period="2019-01") == []
    assert values(query_facts(store, types="count", period="2019-08-15")) == [420]
    assert sorted(values(query_facts(store, types="money", period="2013-2014"))) == [1_000_000_000]
    # 9 tỉ (2009) is out; 40 tỉ is in a boilerplate zone
    assert len(query_facts(store, types="money", period="2010/..")) == 4
    with pytest.raises(ValueError):
        query_facts(store, period="last year")


def test_dates_and_periods_match_by_their_own_value(store):
    assert values(query_facts(store, types=["date", "period"], year=2019)) == ["2016/2020", "2019-Q3"]


def test_min_max_unit(store):
    big = query_facts(store, types="money", min_value=10e9)
    assert sorted(values(big)) == [12_000_000_000, 35_000_000_000]
    assert values(query_facts(store, unit="hoc vien", max_value=1000)) == [779]
    assert len(query_facts(store, unit="VND")) == 5
    assert len(query_facts(store, unit="vnd", min_value=1, max_value=5e9)) == 2


def test_text_search_folds_accents_and_d(store):
    words = {r["text"] for r in query_facts(store, text="dao tao")}
    assert words == {"Năm 2009", "hơn 9 tỉ đồng"}
    assert {r["text"] for r in query_facts(store, text="Đào Tạo")} == words
    assert {r["text"] for r in query_facts(store, text='"tap huan"', types="count")} == {"420 lượt"}
    assert query_facts(store, text='"huan tap"') == []
    assert {r["text"] for r in query_facts(store, text="truong chinh*")} == {"Giai đoạn 2016-2020", "35 tỷ đồng"}


def test_zones_left_out_unless_asked(store):
    assert 40_000_000_000 not in values(query_facts(store, types="money"))
    assert 40_000_000_000 in values(query_facts(store, types="money", include_zones=True))


def test_filters_combine(store):
    rows = query_facts(store, types="count", place="lang son", year=2010, unit="học viên", text="xa")
    assert values(rows) == [1070, 779]
    assert query_facts(store, types="count", place="lang son", year=2009) == []
    assert len(query_facts(store, limit=3)) == 3
    both = query_facts(store, types="money,count")
    assert len(both) == len(query_facts(store, types=["money"])) + len(query_facts(store, types=["count"]))


def test_rows_carry_sentence_with_marked_figure_and_article_date(store):
    (row,) = query_facts(store, types="money", place="lang son", year=2010)
    assert row["sentence"] == "Năm 2010, tỉnh tiếp tục giao [[12 tỉ đồng]] để mở các lớp bồi dưỡng."
    assert row["published"] == "2010-12-20"
    assert row["article_id"] == "ls-2010"
    assert row["year"] == 2010


def test_year_column_of_a_date_is_its_own_year(store):
    rows = query_facts(store, types="date", article="ls-2010")
    assert [(r["text"], r["year"]) for r in rows] == [("Năm 2009", 2009), ("Năm 2010", 2010)]


def test_text_search_rebuilds_a_stale_index(tmp_path):
    db = tmp_path / "stale.db"
    conn = open_db(db)
    save_doc(conn, build_doc(*ARTICLES[2]))
    conn.close()  # no rebuild: the index is empty
    assert {r["text"] for r in query_facts(db, text="tap huan", types="count")} == {"420 lượt"}


def test_missing_store_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        query_facts(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


# --- helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2009", ("2009-01-01", "2009-12-31")),
        ("2020-02", ("2020-02-01", "2020-02-29")),
        ("2019-Q4", ("2019-10-01", "2019-12-31")),
        ("2012-04-03", ("2012-04-03", "2012-04-03")),
        ("2023-06-08T08:17", ("2023-06-08", "2023-06-08")),
        ("2018-03-01/2019-09-30", ("2018-03-01", "2019-09-30")),
        ("2026/2021", ("2021-01-01", "2026-12-31")),
        ("2021/..", ("2021-01-01", "9999-12-31")),
        ("2016-2020", ("2016-01-01", "2020-12-31")),
        ("mùa xuân", None),
        ("2020-13", None),
        (None, None),
    ],
)
def test_interval(text, expected):
    assert interval(text) == expected


def test_format_number_is_vietnamese():
    assert format_number(1_070) == "1.070"
    assert format_number(2.45e9) == "2.450.000.000"
    assert format_number(130.47) == "130,47"
    assert format_number(None) == ""


def test_excerpt_keeps_the_mark_in_view():
    long = "Mở đầu " * 40 + "[[12 tỉ đồng]]" + " phần sau" * 40
    cut = excerpt(long, 80)
    assert "[[12 tỉ đồng]]" in cut and cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= 90


def test_table_lists_value_unit_qualifier_sentence_and_article(store):
    out = format_table(query_facts(store, types="money", place="lang son"), width=120)
    assert "9.000.000.000" in out and "12.000.000.000" in out
    assert "VND" in out and "over" in out
    assert "[[hơn 9 tỉ đồng]]" in out
    assert "ls-2010" in out and "2010-12-20" in out
    assert out.endswith("(2 facts)")
    assert format_table([]) == "no facts match"


# --- the command ---------------------------------------------------------------


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_table_and_formats(store):
    out = run("query", "--db", str(store), "--type", "money", "--place", "lang son")
    assert "[[12 tỉ đồng]]" in out and "(2 facts)" in out
    rows = json.loads(run("query", "--db", str(store), "--document", "1956/2009/QD-TTg",
                          "--type", "document_ref", "--format", "json"))
    assert [r["short"] for r in rows] == [0, 1]
    lines = run("query", "--db", str(store), "--text", "tap huan", "--type", "count",
                "--format", "jsonl").splitlines()
    assert [json.loads(x)["text"] for x in lines] == ["420 lượt"]
    table = list(csv.DictReader(io.StringIO(run("query", "--db", str(store), "--year", "2009",
                                                "--type", "money", "--format", "csv"))))
    assert [r["text"] for r in table] == ["hơn 9 tỉ đồng"]


def test_cli_errors_are_clear(store, tmp_path):
    result = CliRunner().invoke(main, ["query", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "no such fact store" in result.output
    result = CliRunner().invoke(main, ["query", "--db", str(store), "--period", "hôm qua"])
    assert result.exit_code == 2 and "not a year or period" in result.output


# --- end to end on the project's corpus (whole pipeline) ------------------------------


def test_corpus_new_province_includes_its_former_parts(corpus_store):
    former = query_facts(corpus_store, place="Hà Giang")
    merged = query_facts(corpus_store, place="tuyen quang")
    assert former, "the corpus has an article about Hà Giang"
    assert {r["id"] for r in former} <= {r["id"] for r in merged}
    assert all(r["place_province_new"] == "Tuyên Quang" for r in merged)


def test_corpus_text_search_marks_the_figure(corpus_store):
    rows = query_facts(corpus_store, text="ngan sach", types="money")
    assert rows
    for r in rows:
        assert "ngân sách" in r["sentence"].lower()
        assert f"[[{r['text']}]]" in r["sentence"]


# --- end to end on the seeds (whole pipeline; skipped without ../shared) ---------


def _ready(*modules: str) -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in modules)


def test_seeds_lang_son_budgets(seed_store):
    if not _ready("extract.extractors.figures", "extract.attribute"):
        pytest.skip("figure extractors or attribution not installed yet")
    rows = query_facts(seed_store, types="money", place="lang son")
    assert {r["value"] for r in rows} >= {9_000_000_000, 12_000_000_000}
    assert all(r["place_province"] == "Lạng Sơn" for r in rows)
    assert 12_000_000_000 in {r["value"] for r in query_facts(seed_store, types="money", year=2010)}


def test_seeds_document_full_and_short(seed_store):
    if not _ready("extract.extractors.documents"):
        pytest.skip("document extractor not installed yet")
    rows = query_facts(seed_store, document="1956/2009/QĐ-TTg", types="document_ref")
    assert {(r["text"], r["short"]) for r in rows} >= {
        ("Quyết định số 1956/2009/QĐ-TTg", 0), ("Quyết định số 1956", 1)}
