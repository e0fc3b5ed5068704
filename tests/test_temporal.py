"""Dates and periods: the example corpus, day/month order, the seeds."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.document import Doc
from extract.extractors.temporal import (
    extract_temporal,
    find_hits,
    parse_date,
    parse_period,
    text_year,
    value_of,
)
from extract.segment import sentences

CORPUS = Path(__file__).parent / "corpus" / "temporal.toml"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLES = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["example"]


def run(text: str, published: str | None = None) -> Doc:
    doc = Doc("t", text, {"published": published} if published else {})
    doc.set_sentences(sentences(doc.text))
    extract_temporal(doc)
    return doc


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["text"][:50] for e in EXAMPLES])
def test_corpus(ex: dict) -> None:
    doc = run(ex["text"], ex.get("published"))
    got = [f for f in doc.facts if f.type in ("date", "period")]
    assert [(f.type, doc.raw_span(f), f.value) for f in got] == [
        (e["type"], e["span"], e["value"]) for e in ex["expect"]
    ]
    for fact, want in zip(got, ex["expect"], strict=True):
        for key, value in want.items():
            if key not in ("type", "span", "value"):
                assert fact.attrs.get(key) == value, key


def test_corpus_is_large_and_has_negatives() -> None:
    assert len(EXAMPLES) >= 60
    assert sum(1 for e in EXAMPLES if not e["expect"]) >= 10


# Day before month whatever the spelling: every valid date, every format.
FORMATS = [
    "ngày {d}-{m}-{y}",
    "ngày {d}/{m}/{y}",
    "{d:02d}/{m:02d}/{y}",
    "{d}.{m}.{y}",
    "ngày {d:02d} tháng {m:02d} năm {y}",
    "ngày {d} tháng {m}, năm {y}",
    "Thứ Hai, {d:02d}/{m:02d}/{y}",
]


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(FORMATS),
)
def test_day_never_swapped_with_month(day: dt.date, fmt: str) -> None:
    written = fmt.format(d=day.day, m=day.month, y=day.year)
    assert parse_date(written) == day.isoformat()
    doc = run(f"Theo kế hoạch, {written} đoàn kiểm tra sẽ đến làm việc.")
    assert [f.value for f in doc.facts] == [day.isoformat()]


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_year_less_date_takes_nearest_year(day: dt.date) -> None:
    doc = run(f"Sáng {day.day}/{day.month}, hội nghị khai mạc.", published=day.isoformat())
    assert [f.value for f in doc.facts] == [day.isoformat()]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2030))
def test_invalid_calendar_dates_are_refused(d: int, m: int, y: int) -> None:
    try:
        dt.date(y, m, d)
        valid = True
    except ValueError:
        valid = False
    assert (parse_date(f"ngày {d}/{m}/{y}") is not None) == valid


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1950, 2040),
    st.integers(0, 15),
    st.sampled_from(
        ["giai đoạn {a}-{b}", "từ {a} đến {b}", "nhiệm kỳ {a} - {b}", "từ năm {a} đến năm {b}"]
    ),
)
def test_year_periods(a: int, span: int, fmt: str) -> None:
    assert parse_period(fmt.format(a=a, b=a + span)) == f"{a}/{a + span}"


def test_parse_helpers() -> None:
    assert parse_date("ngày 12/9", default_year=2021) == "2021-09-12"
    assert parse_date("ngày 12/9") == "--09-12"
    assert parse_date("không có ngày nào") is None
    assert parse_period("từ 10-14/8/2023") == "2023-08-10/2023-08-14"
    assert parse_period("năm 2009") is None


def test_open_period_resolved_only_with_publication_date() -> None:
    f = run("Từ năm 2014 đến nay, xã đã làm mới 12 km đường.").facts[0]
    assert (f.value, f.get("open"), f.get("resolved")) == ("2014/..", True, None)
    f = run("Từ năm 2014 đến nay, xã đã làm mới 12 km đường.", "2020-03-01").facts[0]
    assert f.get("resolved") == "2014/2020-03-01"


def test_clock_time_is_taken_not_stored() -> None:
    doc = run("Lúc 13h30 ngày 5/6/2017, đám cháy bùng phát.")
    assert [f.value for f in doc.facts] == ["2017-06-05"]
    assert not doc.is_free(4, 9)  # `13h30` masked for the figure extractors


def test_taken_span_is_respected() -> None:
    doc = Doc("t", "Theo Quyết định số 294/QĐ-BNV ngày 3-4-2012 của Bộ Nội vụ.")
    doc.take(5, 29)
    extract_temporal(doc)
    assert [doc.raw_span(f) for f in doc.facts] == ["ngày 3-4-2012"]


def test_spans_map_back_to_raw_text() -> None:
    raw = "Lớp học khoá học 2009 – 2011 khai giảng ngày\u00a03-4-2012."
    doc = run(raw)
    assert [doc.raw_span(f) for f in doc.facts] == ["khoá học 2009 – 2011", "ngày\u00a03-4-2012"]


@pytest.fixture(scope="module")
def seeds() -> list[tuple[str, str]]:
    folder = SHARED / "corpus" / "seeds"
    if not folder.exists():
        pytest.skip("../shared not available")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def test_seed_dates_and_periods_match_gold(seeds: list[tuple[str, str]]) -> None:
    gold = [json.loads(line) for line in (SHARED / "gold" / "seeds.jsonl").open(encoding="utf-8")]
    want = {
        (g["doc"], g["type"], g["start"], g["value"])
        for g in gold
        if g["type"] in ("date", "period")
    }
    got = set()
    for doc_id, raw in seeds:
        doc = run(raw)
        for f in doc.facts:
            rec = doc.record(f)
            got.add((doc_id, rec["type"], rec["start"], rec["value"]))
    missing = want - got
    assert not missing, sorted(missing)


def test_find_hits_is_fast_enough() -> None:
    import time

    text = "Ngày 12/9/2023, giai đoạn 2016-2020 đạt 130,47% kế hoạch; quý III/2019 tăng. " * 400
    t0 = time.perf_counter()
    hits = find_hits(text)
    assert len(hits) == 1200 and value_of(hits[0]) == "2023-09-12"
    assert time.perf_counter() - t0 < 5


def test_text_year_is_bounded_below_by_cited_documents_and_periods() -> None:
    text = "Sáng 4/3, đoàn kiểm tra đến xã."
    assert text_year(find_hits(text), text) is None
    assert text_year(find_hits(text), text, id_years=[2019]) == 2019
    text = "Ngày 5/6/2015 xã khởi công; giai đoạn 2016-2020 hoàn thành. Chiều 4/3, đoàn đến."
    assert text_year(find_hits(text), text) == 2016
    text = "Dự án phải xong trước ngày 31/12/2025; tháng 3/2023 mới khởi công."
    assert text_year(find_hits(text), text) == 2023


def test_start_prefilter_finds_what_the_full_scan_finds() -> None:
    """Every `_STARTS` entry must cover every place its rule can match.

    Editing a rule in rules/temporal.toml without its start pattern would
    silently drop matches; this compares both ways of scanning on every
    corpus example (and the examples run together as one text).
    """
    from extract.extractors.temporal import _matches_at, _rules

    rules, _ = _rules()
    texts = [ex["text"] for ex in EXAMPLES]
    texts.append("\n".join(texts))
    for text in texts:
        low = text.lower()
        for rule in rules:
            if rule.starts is None:
                continue
            fast = [m.span() for m in _matches_at(rule, text, low)]
            full = [m.span() for m in rule.pattern.finditer(text)]
            assert fast == full, (rule.name, text)
