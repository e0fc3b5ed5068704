"""Article metadata read from the text: title, outlet, author, publication date."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document import Doc
from extract.metadata import fill_metadata, read_metadata

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

CASES = [
    # (text, expected subset of the metadata)
    (
        "Huyện miền núi nâng chất lượng cán bộ cơ sở\n\nNguyễn Thu Hà 09:05, 14/03/2022\n\n"
        "Những năm qua, huyện đã mở nhiều lớp bồi dưỡng cho cán bộ xã.\n",
        {
            "title": "Huyện miền núi nâng chất lượng cán bộ cơ sở",
            "author": "Nguyễn Thu Hà",
            "published": "2022-03-14T09:05",
        },
    ),
    (
        "(Baoquangninh.vn) - Năm qua, tỉnh đã hoàn thành kế hoạch trồng rừng.\n\nPhạm Quang Huy\n",
        {"outlet": "Baoquangninh.vn", "author": "Phạm Quang Huy", "title": None},
    ),
    (
        "Thứ Hai, 12/08/2024\n\nThành phố khánh thành cầu mới\n\n"
        "LSO-Sáng nay, cây cầu bắc qua sông chính thức thông xe.\n",
        {
            "title": "Thành phố khánh thành cầu mới",
            "outlet": "LSO",
            "outlet_name": "Báo Lạng Sơn",
            "published": None,
        },
    ),
    (
        "Xã nông thôn mới kiểu mẫu\nTCCSĐT - Qua 5 năm thực hiện, xã đã về đích.\n"
        "Lê Minh Tuấn, Ban Dân vận Tỉnh ủy\n",
        {"outlet": "TCCSĐT", "author": "Lê Minh Tuấn"},
    ),
    (
        "Giá lúa tăng nhẹ\nThứ Hai, 12/08/2024 10:30 (GMT+7)\nGiá lúa tại đồng bằng tăng 200 đồng/kg.",
        {"published": "2024-08-12T10:30", "title": "Giá lúa tăng nhẹ"},
    ),
    (
        "Đội bóng thắng trận thứ ba liên tiếp\nTrận đấu diễn ra sôi nổi. Huấn luyện viên hài lòng. "
        "Trọng Đạt - Thể thao Việt Nam | 21:00 04/06/2017 ",
        {"author": "Trọng Đạt", "outlet": "Thể thao Việt Nam", "published": "2017-06-04T21:00"},
    ),
    (
        "Mưa lớn gây ngập nhiều tuyến phố\nNhiều tuyến đường ngập sâu sau cơn mưa kéo dài. "
        "Lực lượng chức năng đã phân luồng giao thông./. Thu Trang/VOV.VN",
        {"author": "Thu Trang", "outlet": "VOV.VN"},
    ),
    (
        "Sản lượng thủy sản tăng\nSản lượng khai thác tăng so với cùng kỳ.\nTheo TTXVN",
        {"source": "TTXVN", "author": None},
    ),
    (
        "Khai mạc hội chợ\nHội chợ mở cửa lúc 8h sáng 12/5/2017 và kéo dài đến tối cùng ngày, "
        "thu hút đông đảo người dân và du khách trong vùng tham quan, mua sắm các sản phẩm địa phương.",
        {"published": None},
    ),
    (
        "Ngành giáo dục chuẩn bị cho năm học mới.\nCác trường đã sửa sang phòng học.\n",
        {"title": None},
    ),
]


@pytest.mark.parametrize("text,want", CASES, ids=[c[0][:40] for c in CASES])
def test_read_metadata(text: str, want: dict) -> None:
    found = read_metadata(Doc("m", text).text)
    for key, value in want.items():
        assert found.get(key) == value, key


def test_given_fields_are_never_overwritten() -> None:
    doc = Doc(
        "m",
        "(Baothanhhoa.vn) - Nội dung.\n\nTrần Hằng\n",
        {"outlet": "Báo Thanh Hóa", "author": "", "published": "2020-01-02"},
    )
    fill_metadata(doc)
    assert doc.meta["outlet"] == "Báo Thanh Hóa"
    assert "outlet_span" not in doc.meta
    assert doc.meta["author"] == "Trần Hằng"
    assert doc.meta["published"] == "2020-01-02"


def test_metadata_adds_no_facts() -> None:
    doc = Doc("m", "Tin nhanh trong ngày\n\nHải Hằng 08:17, 08/06/2023\n\nNgày 3-4-2012, tỉnh họp.")
    fill_metadata(doc)
    assert doc.facts == [] and doc.meta["published"] == "2023-06-08T08:17"


def test_outlet_span_points_at_the_tag() -> None:
    doc = Doc("m", "(Baothanhhoa.vn) - Những năm qua, tỉnh đã làm nhiều việc.")
    fill_metadata(doc)
    s, e = doc.meta["outlet_span"]
    assert doc.text[s:e] == "Baothanhhoa.vn"


def test_seeds_metadata() -> None:
    folder = SHARED / "corpus" / "seeds"
    if not folder.exists():
        pytest.skip("../shared not available")
    found = {
        p.stem[:3]: read_metadata(Doc(p.stem, p.read_text(encoding="utf-8")).text)
        for p in sorted(folder.glob("*.txt"))
    }
    assert found["000"]["outlet"] == "Baothanhhoa.vn"
    assert found["001"]["published"].startswith("2023-06-08")
    assert found["003"]["outlet"] == "TCCSĐT"
    assert found["004"]["outlet"] == "LSO" and "published" not in found["004"]
