"""Attribution of figures to a place, a time and a document (rules in
corpus/attribution/README.md), on short texts written for the project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.attribute import attribute, main_place
from extract.document import Doc, Fact
from extract.segment import sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def make(text: str, facts: list[tuple[str, str, object, dict]], meta: dict | None = None) -> Doc:
    """A Doc with facts placed at the first free occurrence of each span text."""
    doc = Doc("t", text, meta)
    doc.set_sentences(sentences(doc.text))
    pos: dict[str, int] = {}
    for typ, span, value, attrs in facts:
        s = doc.text.index(span, pos.get(span, 0))
        pos[span] = s + 1
        doc.add(Fact(typ, s, s + len(span), value, dict(attrs)), take=False)
    return doc


def figure(doc: Doc, span: str) -> Fact:
    return next(f for f in doc.facts if f.type == "count" and doc.text[f.start : f.end] == span)


LOC = {"label": "LOC"}
ORG = {"label": "ORG"}


def test_sentence_place_time_document():
    doc = make(
        "Thực hiện Kế hoạch số 45/KH-UBND, năm 2022 huyện Bố Trạch mở 12 lớp.",
        [("document_ref", "Kế hoạch số 45/KH-UBND", "45/KH-UBND", {}),
         ("date", "năm 2022", "2022", {}), ("entity", "Bố Trạch", "Bố Trạch", LOC),
         ("count", "12 lớp", 12, {})],
    )
    attribute(doc)
    f = figure(doc, "12 lớp")
    assert (f.place, f.time, f.document) == ("Bố Trạch", "2022", "45/KH-UBND")
    assert (f.attrs["place_province"], f.attrs["place_province_new"]) == ("Quảng Bình", "Quảng Trị")


def test_most_specific_place_in_the_sentence():
    doc = make(
        "Tại tỉnh Nghệ An, xã Châu Tiến có 40 hộ nghèo.",
        [("entity", "Nghệ An", "Nghệ An", LOC), ("entity", "Châu Tiến", "Châu Tiến", LOC),
         ("count", "40 hộ", 40, {})],
    )
    attribute(doc)
    assert figure(doc, "40 hộ").place == "Châu Tiến"


def test_paragraph_then_main_place():
    text = ("Tỉnh Yên Bái có nhiều đổi mới. Huyện Lục Yên đạt kết quả tốt.\n"
            "Cả huyện đã mở 9 lớp.\n"
            "Toàn tỉnh Yên Bái có 1.200 học viên.\n"
            "Ngoài ra có 5 đoàn công tác.")
    doc = make(text, [
        ("entity", "Yên Bái", "Yên Bái", LOC), ("entity", "Lục Yên", "Lục Yên", LOC),
        ("entity", "Yên Bái", "Yên Bái", LOC), ("count", "9 lớp", 9, {}),
        ("count", "1.200 học viên", 1200, {}), ("count", "5 đoàn", 5, {})])
    attribute(doc)
    assert doc.meta["place"] == "Yên Bái"
    assert figure(doc, "1.200 học viên").place == "Yên Bái"
    assert figure(doc, "9 lớp").place == "Yên Bái"  # new paragraph: the main place
    assert figure(doc, "5 đoàn").attrs["place_province_new"] == "Lào Cai"


def test_place_closing_an_organisation_name_counts_but_not_a_school():
    doc = make(
        "Tỉnh ủy Sơn La phối hợp với Trường Đại học Nội vụ Hà Nội mở 3 lớp.",
        [("entity", "Tỉnh ủy Sơn La", "Tỉnh ủy Sơn La", ORG),
         ("entity", "Trường Đại học Nội vụ Hà Nội", "Trường Đại học Nội vụ Hà Nội", ORG),
         ("count", "3 lớp", 3, {})],
    )
    attribute(doc)
    assert figure(doc, "3 lớp").place == "Sơn La"


def test_time_nearest_before_then_next_sentence_then_article_date():
    text = ("Năm 2020 xã có 10 tổ. Sau đó có 12 tổ.\n"
            "Thêm 4 tổ được thành lập. Việc này hoàn thành năm 2023.\n"
            "Hiện có 30 tổ.")
    doc = make(text, [
        ("date", "Năm 2020", "2020", {}), ("count", "10 tổ", 10, {}), ("count", "12 tổ", 12, {}),
        ("count", "4 tổ", 4, {}), ("date", "năm 2023", "2023", {}), ("count", "30 tổ", 30, {})],
        meta={"published": "2024-01-05T09:30"})
    attribute(doc)
    assert figure(doc, "10 tổ").time == "2020"
    assert figure(doc, "12 tổ").time == "2020"  # earlier in the paragraph
    assert figure(doc, "4 tổ").time == "2023"  # the next sentence
    assert figure(doc, "30 tổ").time == "2024-01-05"  # the article's date


def test_issue_date_and_term_are_not_the_time():
    text = ("Theo Quyết định số 99/QĐ-UBND ngày 3/4/2021, năm 2022 tỉnh đào tạo 50 cán bộ "
            "quy hoạch nhiệm kỳ 2025-2030.")
    doc = make(text, [
        ("document_ref", "Quyết định số 99/QĐ-UBND", "99/QĐ-UBND", {}),
        ("date", "ngày 3/4/2021", "2021-04-03", {}), ("date", "năm 2022", "2022", {}),
        ("count", "50 cán bộ", 50, {}), ("period", "nhiệm kỳ 2025-2030", "2025/2030", {})])
    attribute(doc)
    assert figure(doc, "50 cán bộ").time == "2022"


def test_first_document_of_the_sentence_frames_it():
    text = ("Thực hiện Kế hoạch số 7/KH-SNV theo Quyết định số 1956 của Thủ tướng, "
            "Sở đã in tài liệu. Kết quả có 300 học viên.")
    doc = make(text, [
        ("document_ref", "Kế hoạch số 7/KH-SNV", "7/KH-SNV", {}),
        ("document_ref", "Quyết định số 1956", "1956", {}), ("count", "300 học viên", 300, {})])
    attribute(doc)
    assert figure(doc, "300 học viên").document == "7/KH-SNV"


def test_document_is_not_taken_from_a_later_sentence():
    doc = make("Sau 20 năm có 8 trường. Thực hiện Kế hoạch số 1/KH-UBND, tỉnh tiếp tục.",
               [("count", "8 trường", 8, {}),
                ("document_ref", "Kế hoạch số 1/KH-UBND", "1/KH-UBND", {})])
    attribute(doc)
    assert figure(doc, "8 trường").document is None


def test_main_place_counts_districts():
    doc = make("Huyện Đại Từ có 27 xã. Đại Từ cũng có 2 thị trấn.",
               [("entity", "Đại Từ", "Đại Từ", LOC), ("entity", "Đại Từ", "Đại Từ", LOC)])
    assert main_place(doc) == "Đại Từ"


def test_no_place_at_all():
    doc = make("Có 5 lớp.", [("count", "5 lớp", 5, {})])
    attribute(doc)
    f = figure(doc, "5 lớp")
    assert (f.place, f.time, f.document, f.attrs["place_province"]) == (None, None, None, None)


def test_attribution_gold_is_well_formed():
    if not SHARED.exists():
        pytest.skip("../shared not available")
    for line in open(ROOT / "corpus" / "attribution" / "seeds.jsonl", encoding="utf-8"):
        r = json.loads(line)
        raw = (SHARED / "corpus" / "seeds" / f"{r['doc']}.txt").read_text(encoding="utf-8")
        assert raw[r["start"] : r["end"]] == r["text"]
        assert set(r) - {"doc", "start", "end", "type", "text"} <= {"place", "time", "document"}


def test_attribution_accuracy_on_seed_gold():
    if not SHARED.exists():
        pytest.skip("../shared not available")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "attribution.py")],
                         capture_output=True, text=True, check=True).stdout
    acc = {ln.split()[0]: float(ln.split()[-1]) for ln in out.splitlines() if "/" in ln and "=" in ln}
    assert acc["place"] >= 0.9 and acc["time"] >= 0.75 and acc["document"] >= 0.9, out
