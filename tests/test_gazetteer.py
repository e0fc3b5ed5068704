"""Gazetteer: provinces before/after 2025, folding, lookup, expansion."""

from __future__ import annotations

import pytest

from extract import gazetteer as gz


@pytest.mark.parametrize(
    "old,new",
    [("Hà Giang", "Tuyên Quang"), ("Bắc Giang", "Bắc Ninh"), ("Lạng Sơn", "Lạng Sơn"),
     ("Bình Dương", "Hồ Chí Minh"), ("Hải Dương", "Hải Phòng"), ("Quảng Nam", "Đà Nẵng"),
     ("Thừa Thiên Huế", "Huế"), ("TP.HCM", "Hồ Chí Minh")],
)
def test_old_to_new_province(old, new):
    assert gz.province_new_of(old) == new


def test_counts():
    assert len(gz.provinces()) == 63
    assert len(gz.provinces(after_2025=True)) == 34


@pytest.mark.parametrize("s,want", [("Thanh Hóa", "thanh hoa"), ("ĐẮK LẮK", "dak lak"),
                                     ("Quảng Trị", "quang tri"), ("Hà Nội", "ha noi")])
def test_fold(s, want):
    assert gz.fold(s) == want


def test_fold_keeps_length():
    s = "Tỉnh ủy Điện Biên, huyện Mường Nhé"
    assert len(gz.fold(s)) == len(s)


def test_lookup_ignores_accents_and_case():
    (p,) = [p for p in gz.lookup("thanh hoa") if p.level == "province"]
    assert (p.name, p.province, p.province_new) == ("Thanh Hóa", "Thanh Hóa", "Thanh Hóa")


def test_category_word_picks_the_level():
    (d,) = gz.lookup("huyện Đại Từ")
    assert (d.level, d.province, d.kind) == ("district", "Thái Nguyên", "huyện")
    assert [p.level for p in gz.lookup("thành phố Cao Bằng")] == ["district"]
    assert gz.lookup("tỉnh Cao Bằng")[0].level == "province"


def test_old_commune_knows_its_new_province():
    places = [p for p in gz.lookup("xã Đồng Văn") if p.province == "Hà Giang"]
    assert places and all(p.province_new == "Tuyên Quang" for p in places)


def test_new_commune_after_2025():
    new = [p for p in gz.lookup("phường Hoàn Kiếm") if p.era in ("after", "both")]
    assert new and new[0].province_new == "Hà Nội"


def test_expand_province():
    assert gz.expand_province("Tuyên Quang") == {"Tuyên Quang", "Hà Giang"}
    assert gz.expand_province("Hà Giang") == {"Tuyên Quang", "Hà Giang"}
    assert gz.expand_province("Lạng Sơn") == {"Lạng Sơn"}
    assert gz.expand_province("ha noi") == {"Hà Nội"}
    assert gz.expand_province("Atlantis") == set()


def test_resolve_prefers_the_article_province():
    assert gz.resolve("Đại Từ").province == "Thái Nguyên"
    p = gz.resolve("Hùng Sơn", near="Thái Nguyên")
    assert p is not None and p.province == "Thái Nguyên"


def test_countries_and_regions():
    assert gz.lookup("Nhật Bản")[0].level == "country"
    assert gz.lookup("Tây Nguyên")[0].level == "region"
    assert gz.province_new_of("Nhật Bản") is None


def test_strip_category():
    assert gz.strip_category("Thị xã Sơn Tây") == ("thi xa", "Sơn Tây")
    assert gz.strip_category("Lạng Sơn") == ("", "Lạng Sơn")
