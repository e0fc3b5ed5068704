"""Build corpus/gold.jsonl and corpus/gold.zones.jsonl from the annotations below.

Each article's annotations are listed in reading order; a span is located as the first
occurrence of its text after the end of the previous annotation, so offsets are computed,
never typed. Run from anywhere:

    python3 corpus/make_gold.py          # writes the two files and prints checks
"""
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"


def E(text, label, value=None):
    return {"type": "entity", "text": text, "value": value or text, "label": label}


def DOC(text, value, doc_type, number, year, code, issuer=None, issued=None, short=False):
    return {"type": "document_ref", "text": text, "value": value, "doc_type": doc_type,
            "number": number, "year": year, "code": code, "issuer": issuer,
            "issued": issued, "short": short}


def C(text, value, unit, subject, q="exact", vmax=None):
    return {"type": "count", "text": text, "value": value, "value_max": vmax,
            "qualifier": q, "unit": unit, "subject": subject}


def M(text, value, q="exact", per=None, vmax=None, cur="VND"):
    return {"type": "money", "text": text, "value": value, "value_max": vmax,
            "qualifier": q, "currency": cur, "per": per}


def P(text, value, subject, q="exact", vmax=None):
    return {"type": "percent", "text": text, "value": value, "value_max": vmax,
            "qualifier": q, "subject": subject}


def MS(text, value, unit, q="exact", vmax=None):
    return {"type": "measure", "text": text, "value": value, "value_max": vmax,
            "qualifier": q, "unit": unit}


def F(text, num, den, subject):
    return {"type": "fraction", "text": text, "value": num / den, "numerator": num,
            "denominator": den, "subject": subject}


def DU(text, value, unit, q="exact", vmax=None):
    return {"type": "duration", "text": text, "value": value, "value_max": vmax,
            "unit": unit, "qualifier": q}


def D(text, value):
    return {"type": "date", "text": text, "value": value}


def PE(text, value, open_=False):
    return {"type": "period", "text": text, "value": value, "open": open_}


QD1956 = dict(value="1956/2009/QĐ-TTg", doc_type="Quyết định", number="1956", year=2009,
              code="QĐ-TTg")
CTR08 = dict(value="08-CTr/TU", doc_type="Chương trình", number="08", year=None, code="CTr/TU")
KH45 = dict(value="45/KH-UBND", doc_type="Kế hoạch", number="45", year=None, code="KH-UBND")
NQ21 = dict(value="21-NQ/TU", doc_type="Nghị quyết", number="21", year=None, code="NQ/TU")
QD105 = dict(value="105-QĐ/TW", doc_type="Quy định", number="105", year=None, code="QĐ/TW")
MTTQ_SUBJ = "cấp trưởng Mặt trận Tổ quốc và các đoàn thể cấp xã có trình độ trung cấp lý luận chính trị trở lên"
CP_SUBJ = "cấp phó Mặt trận Tổ quốc và các đoàn thể cấp xã có trình độ trung cấp lý luận chính trị trở lên"

GOLD = {
    "001_boi-duong-can-bo-cap-xa-ha-giang": [
        E("Hà Giang", "LOC"),
        E("Thu Trang", "PER"), D("14/11/2023", "2023-11-14"),
        E("Hà Giang", "LOC"),
        DOC("Quyết định số 1956/2009/QĐ-TTg", issuer="Thủ tướng Chính phủ", **QD1956),
        E("Thủ tướng Chính phủ", "ORG"),
        DOC("Chương trình số 08-CTr/TU", issuer="Ban Thường vụ Tỉnh ủy", issued="2021-07-16", **CTR08),
        D("ngày 16/7/2021", "2021-07-16"),
        E("Ban Thường vụ Tỉnh ủy", "ORG"),
        PE("giai đoạn 2021-2025", "2021/2025"),
        DOC("Chương trình này", short=True, **CTR08),
        D("ngày 10/3/2022", "2022-03-10"),
        E("UBND tỉnh", "ORG"),
        DOC("Kế hoạch số 45/KH-UBND", issuer="UBND tỉnh", issued="2022-03-10", **KH45),
        D("năm 2025", "2025"),
        E("Sở Nội vụ", "ORG"),
        E("Trường Chính trị tỉnh", "ORG"),
        E("Lò Văn Tuấn", "PER"),
        E("Sở Nội vụ", "ORG"),
        DOC("Kế hoạch số 45/KH-UBND", **KH45),
        PE("Từ năm 2021 đến nay", "2021/..", True),
        C("gần 200 lớp", 200, "lớp", "lớp bồi dưỡng", "nearly"),
        C("trên 30 ngàn lượt", 30000, "lượt",
          "cán bộ, công chức và người hoạt động không chuyên trách cấp xã", "over"),
        D("năm 2022", "2022"),
        E("Sở Nội vụ", "ORG"),
        # Deliberate mismatch kept as written: 18 + 15 + 11 = 44, not 46.
        C("46 lớp", 46, "lớp", "lớp bồi dưỡng tổ chức năm 2022"),
        C("18 lớp", 18, "lớp", "lớp lý luận chính trị"),
        C("15 lớp", 15, "lớp", "lớp quản lý nhà nước"),
        C("11 lớp", 11, "lớp", "lớp kỹ năng tin học, ngoại ngữ"),
        D("Năm 2023", "2023"),
        # Consistent breakdown: 420 + 515 + 175 = 1110.
        C("1.110 lượt", 1110, "lượt", "học viên được cử đi đào tạo, bồi dưỡng năm 2023"),
        C("420 lượt", 420, "lượt", "cán bộ chuyên trách"),
        C("515 lượt", 515, "lượt", "công chức chuyên môn"),
        C("175 lượt", 175, "lượt", "người hoạt động không chuyên trách ở thôn, tổ dân phố"),
        F("144/144 cấp trưởng", 144, 144, MTTQ_SUBJ),
        E("Mặt trận Tổ quốc", "ORG"),
        F("101/138 người", 101, 138, CP_SUBJ),
        P("73,2%", 73.2, CP_SUBJ),
        P("100%", 100, "công chức cấp xã đạt chuẩn theo quy định"),
        P("86,5%", 86.5, "cán bộ chủ chốt có trình độ đại học trở lên"),
        P("12,3%", 12.3, "mức tăng tỷ lệ cán bộ chủ chốt có trình độ đại học so với năm 2020"),
        D("năm 2020", "2020"),
        DOC("Quyết định số 1956", issuer="Thủ tướng Chính phủ", short=True, **QD1956),
        E("Thủ tướng Chính phủ", "ORG"),
        M("khoảng 1,5 tỷ đồng", 1_500_000_000, "about"),
        M("50.000 đồng/người/ngày", 50_000, per="người/ngày"),
        DU("từ 5 đến 7 ngày", 5, "ngày", "range", 7),
        DU("18 tháng", 18, "tháng"),
        E("Quản Bạ", "LOC"),
        E("Huyện ủy", "ORG"),
        C("35 cán bộ", 35, "cán bộ", "cán bộ trẻ đi học cao cấp lý luận chính trị"),
        MS("dưới 35 tuổi", 35, "tuổi", "under"),
        E("Học viện Chính trị khu vực I", "ORG"),
        E("Vàng Thị Mai", "PER"),
        E("Đảng ủy xã Thanh Vân", "ORG"),
        E("Yên Minh", "LOC"),
        F("17/18 xã", 17, 18, "xã, thị trấn hoàn thành kế hoạch bồi dưỡng năm 2023"),
        D("năm 2023", "2023"),
        DU("2 tháng", 2, "tháng"),
        E("Ban Tổ chức Tỉnh ủy", "ORG"),
        P("gần 15%", 15, "học viên chưa vận dụng được kiến thức vào công việc", "nearly"),
        M("từ 1,2 đến 1,8 triệu đồng/khóa", 1_200_000, "range", per="khóa", vmax=1_800_000),
        PE("giai đoạn 2024-2025", "2024/2025"),
        P("100%", 100, "cán bộ, công chức cấp xã được bồi dưỡng theo vị trí việc làm"),
        D("năm 2025", "2025"),
        P("trên 90%", 90, "công chức cấp xã đạt trình độ đại học", "over"),
        DOC("Kết luận số 21-KL/TW", "21-KL/TW", "Kết luận", "21", None, "KL/TW",
            issuer="Ban Chấp hành Trung ương Đảng", issued="2021-10-25"),
        D("ngày 25/10/2021", "2021-10-25"),
        E("Ban Chấp hành Trung ương Đảng", "ORG"),
        E("Tỉnh ủy Hà Giang", "ORG"),
        E("Thu Trang", "PER"),
    ],
    "002_kinh-te-xa-hoi-quy-iii-quang-ngai": [
        E("Quảng Ngãi", "LOC"),
        D("quý III/2023", "2023-Q3"),
        D("28/9", "2023-09-28"),
        E("UBND tỉnh Quảng Ngãi", "ORG"),
        D("tháng 9", "2023-09"),
        D("quý III/2023", "2023-Q3"),
        DU("9 tháng", 9, "tháng"),
        D("năm 2023", "2023"),
        E("UBND tỉnh", "ORG"),
        E("Đặng Minh Khoa", "PER"),
        E("Sở Kế hoạch và Đầu tư", "ORG"),
        D("quý III/2023", "2023-Q3"),
        P("7,5%", 7.5, "tăng trưởng GRDP quý III/2023 so với cùng kỳ"),
        DU("9 tháng", 9, "tháng"),
        P("6,82%", 6.82, "tăng trưởng GRDP 9 tháng"),
        P("37.5%", 37.5, "tỷ trọng khu vực công nghiệp - xây dựng"),
        P("34,1%", 34.1, "tỷ trọng khu vực dịch vụ"),
        P("19,6%", 19.6, "tỷ trọng nông, lâm nghiệp và thủy sản"),
        DU("9 tháng", 9, "tháng"),
        # "ước đạt" before the amount: qualifier about.
        M("18.245 tỷ đồng", 18_245_000_000_000, "about"),
        P("82,4%", 82.4, "thu ngân sách so với dự toán năm"),
        M("12.960 tỷ đồng", 12_960_000_000_000),
        M("5.120 tỷ đồng", 5_120_000_000_000),
        M("11.380 tỷ đồng", 11_380_000_000_000),
        D("ngày 20/9/2023", "2023-09-20"),
        M("4.512 tỷ đồng", 4_512_000_000_000),
        P("58,3%", 58.3, "giải ngân vốn đầu tư công so với kế hoạch"),
        E("Thủ tướng Chính phủ", "ORG"),
        DU("9 tháng", 9, "tháng"),
        M("1,86 tỷ USD", 1_860_000_000, cur="USD"),
        P("9,4%", 9.4, "tăng kim ngạch xuất khẩu"),
        M("2,04 tỷ USD", 2_040_000_000, cur="USD"),
        E("Ban Quản lý Khu kinh tế Dung Quất và các khu công nghiệp Quảng Ngãi", "ORG"),
        D("quý III/2023", "2023-Q3"),
        C("7 dự án", 7, "dự án", "dự án đầu tư trực tiếp nước ngoài cấp mới"),
        M("312,5 triệu USD", 312_500_000, cur="USD"),
        C("81 dự án", 81, "dự án", "dự án FDI còn hiệu lực"),
        M("240 triệu USD", 240_000_000, cur="USD"),
        C("khoảng 1.500 lao động", 1500, "lao động", "lao động", "about"),
        D("ngày 1/7/2023", "2023-07-01"),
        M("500.000 đồng/người/tháng", 500_000, per="người/tháng"),
        M("từ 300.000 đồng đến 450.000 đồng", 300_000, "range", vmax=450_000),
        M("15-20 triệu đồng/người", 15_000_000, "range", per="người", vmax=20_000_000),
        D("năm 2023", "2023"),
        M("2,375 tỷ đồng", 2_375_000_000),
        DOC("Nghị quyết số 07/2022/NQ-HĐND", "07/2022/NQ-HĐND", "Nghị quyết", "07", 2022,
            "NQ-HĐND", issuer="Hội đồng nhân dân tỉnh"),
        E("Hội đồng nhân dân tỉnh", "ORG"),
        PE("Giai đoạn 2021-2025", "2021/2025"),
        E("Quảng Ngãi", "LOC"),
        P("từ 6,5 - 7%", 6.5, "tăng trưởng GRDP bình quân mỗi năm", "range", 7),
        PE("Từ năm 2021 đến nay", "2021/..", True),
        C("hơn 58.000 lao động", 58000, "lao động", "lao động được giải quyết việc làm", "over"),
        C("3.420 người", 3420, "người", "lao động đi làm việc ở nước ngoài"),
        P("4,21%", 4.21, "tỷ lệ hộ nghèo"),
        P("1,2%", 1.2, "mức giảm tỷ lệ hộ nghèo bình quân mỗi năm"),
        D("năm 2022", "2022"),
        M("78,6 triệu đồng/người/năm", 78_600_000, per="người/năm"),
        D("năm 2020", "2020"),
        E("UBND tỉnh", "ORG"),
        E("Đặng Minh Khoa", "PER"),
        D("quý IV/2023", "2023-Q4"),
        P("trên 8%", 8, "tăng trưởng quý IV/2023", "over"),
        E("Sở Tài chính", "ORG"),
        M("khoảng 350 tỷ đồng", 350_000_000_000, "about"),
        MS("42 km", 42, "km"),
        E("Bình Sơn", "LOC"),
        E("Mộ Đức", "LOC"),
        E("Đức Phổ", "LOC"),
        D("ngày 31/12/2023", "2023-12-31"),
        E("UBND tỉnh", "ORG"),
        E("Cổng Thông tin điện tử tỉnh Quảng Ngãi", "ORG"),
    ],
    "003_nong-nghiep-nang-luong-ninh-thuan": [
        E("Ninh Thuận", "LOC"),
        D("06/11/2023", "2023-11-06"),
        E("Ninh Thuận", "LOC"),
        E("Sở Nông nghiệp và Phát triển nông thôn", "ORG"),
        MS("150-250 mm", 150, "mm", "range", 250),
        MS("khoảng 320 ha", 320, "ha", "about"),
        MS("2,6 km", 2.6, "km"),
        M("12,8 tỷ đồng", 12_800_000_000, "about"),
        MS("14 tấn", 14, "tấn"),
        C("5.000 cây", 5000, "cây", "cây giống ăn quả"),
        D("Năm 2023", "2023"),
        MS("1.250 ha", 1250, "ha"),
        MS("148,625 ha", 148.625, "ha"),
        MS("28 tấn/ha", 28, "tấn/ha"),
        E("Ninh Phước", "LOC"),
        MS("120 ha", 120, "ha"),
        C("315 hộ", 315, "hộ", "hộ tham gia mô hình măng tây xanh"),
        E("Châu Văn Lực", "PER"),
        MS("35 tuổi", 35, "tuổi"),
        E("Hoài Ni", "LOC"),
        E("Phước Thuận", "LOC"),
        M("khoảng 400 triệu đồng/ha/năm", 400_000_000, "about", per="ha/năm"),
        C("12 lao động", 12, "lao động", "lao động địa phương"),
        MS("8 km", 8, "km"),
        E("Sông Sắt", "LOC"),
        MS("69,3 triệu m3", 69_300_000, "m3"),
        E("Phước Thuận", "LOC"),
        P("30-40%", 30, "lượng nước giảm so với tưới tràn", "range", 40),
        D("tháng 10/2023", "2023-10"),
        C("57 dự án", 57, "dự án", "dự án điện gió, điện mặt trời vận hành thương mại"),
        MS("3.712 MW", 3712, "MW"),
        DU("10 tháng", 10, "tháng"),
        MS("2,45 tỷ kWh", 2_450_000_000, "kWh"),
        P("11,2%", 11.2, "tăng sản lượng điện năng lượng tái tạo so với cùng kỳ"),
        MS("300 MW", 300, "MW"),
        MS("220 kV", 220, "kV"),
        E("Công ty Điện lực Ninh Thuận", "ORG"),
        MS("37 km", 37, "km"),
        P("3,8%", 3.8, "tổn thất điện năng"),
        MS("không quá 35 tuổi", 35, "tuổi", "at_most"),
        MS("hệ số lương 3,66", 3.66, "hệ số"),
        M("30 triệu đồng", 30_000_000),
        E("Pi Năng Hùng", "PER"),
        E("Sở Nông nghiệp và Phát triển nông thôn", "ORG"),
        PE("từ năm 2022 đến tháng 10/2023", "2022/2023-10"),
        C("26 kỹ sư", 26, "kỹ sư", "kỹ sư được tiếp nhận theo chính sách thu hút"),
        PE("giai đoạn 2021-2025", "2021/2025"),
        E("Ninh Thuận", "LOC"),
        P("4,5%", 4.5, "tăng giá trị sản xuất nông nghiệp bình quân mỗi năm"),
        MS("trên 2.000 ha", 2000, "ha", "over"),
        MS("130.000 tấn", 130_000, "tấn"),
        DU("10 tháng", 10, "tháng"),
        MS("98.400 tấn", 98_400, "tấn"),
        P("75,7%", 75.7, "sản lượng thủy sản so với kế hoạch năm"),
        E("Hồng Lâm", "PER"),
    ],
    "004_giao-duc-hai-duong": [
        E("Hải Dương", "LOC"),
        E("Phạm Minh Ngọc", "PER"), D("10/10/2024", "2024-10-10"),
        PE("năm học 2024-2025", "2024/2025"),
        E("Hải Dương", "LOC"),
        DOC("Thông tư số 32/2018/TT-BGDĐT", "32/2018/TT-BGDĐT", "Thông tư", "32", 2018,
            "TT-BGDĐT", issuer="Bộ Giáo dục và Đào tạo", issued="2018-12-26"),
        D("ngày 26/12/2018", "2018-12-26"),
        E("Bộ Giáo dục và Đào tạo", "ORG"),
        DU("ba năm", 3, "năm"),
        C("hai mươi mốt trường", 21, "trường",
          "trường trung học phổ thông công lập đạt chuẩn quốc gia"),
        E("Sở Giáo dục và Đào tạo", "ORG"),
        E("Trường Đại học Sư phạm Hà Nội", "ORG"),
        C("bốn chương trình", 4, "chương trình", "chương trình bồi dưỡng chuyên đề"),
        C("hàng trăm giáo viên", 100, "giáo viên", "giáo viên cốt cán", "about"),
        PE("từ ngày 1/3/2024 đến ngày 30/9/2024", "2024-03-01/2024-09-30"),
        DU("từ 2 đến 3 ngày", 2, "ngày", "range", 3),
        C("1.846 giáo viên", 1846, "giáo viên", "giáo viên hoàn thành chương trình bồi dưỡng"),
        P("96,8%", 96.8, "giáo viên hoàn thành chương trình so với số được cử đi học"),
        C("61 giáo viên", 61, "giáo viên", "giáo viên chưa đạt yêu cầu"),
        PE("năm học 2024-2025", "2024/2025"),
        PE("từ 10-14/8/2023", "2023-08-10/2023-08-14"),
        E("Sở Giáo dục và Đào tạo", "ORG"),
        C("640 cán bộ", 640, "cán bộ", "cán bộ quản lý được tập huấn"),
        DU("5 ngày", 5, "ngày"),
        DU("2 ngày", 2, "ngày"),
        DU("3 ngày", 3, "ngày"),
        PE("năm học 2024-2025", "2024/2025"),
        C("32.150 thí sinh", 32150, "thí sinh", "thí sinh dự thi tuyển sinh vào lớp 10"),
        MS("7,25 điểm", 7.25, "điểm"),
        MS("6,8 điểm", 6.8, "điểm"),
        MS("6,41 điểm", 6.41, "điểm"),
        D("năm 2024", "2024"),
        P("99,72%", 99.72, "tỷ lệ đỗ tốt nghiệp trung học phổ thông"),
        F("12/63 tỉnh", 12, 63, "thứ hạng điểm trung bình thi tốt nghiệp trong các tỉnh, thành phố"),
        E("Trường THPT Chuyên Nguyễn Trãi", "ORG"),
        C("48 học sinh", 48, "học sinh", "học sinh đạt giải học sinh giỏi quốc gia"),
        C("5 giải", 5, "giải", "giải Nhất học sinh giỏi quốc gia"),
        DU("9 tháng", 9, "tháng"),
        D("năm 2024", "2024"),
        M("3.215 tỷ đồng", 3_215_000_000_000),
        M("642 tỷ đồng", 642_000_000_000),
        E("Hải Dương", "LOC"),
        E("Thanh Hà", "LOC"),
        E("Kinh Môn", "LOC"),
        C("khoảng 1.200 giáo viên", 1200, "giáo viên", "giáo viên còn thiếu so với định mức", "about"),
        D("Ngày 12/9", "2024-09-12"),
        E("Vũ Thị Thanh Hoa", "PER"),
        E("UBND tỉnh", "ORG"),
        C("45 tập thể", 45, "tập thể", "tập thể được khen thưởng"),
        C("112 cá nhân", 112, "cá nhân", "cá nhân được khen thưởng"),
        PE("năm học 2023-2024", "2023/2024"),
        E("Hoa", "PER"),
        C("tối thiểu 120 tiết", 120, "tiết", "tiết bồi dưỡng thường xuyên của mỗi giáo viên trong năm",
          "at_least"),
        E("Phạm Minh Ngọc", "PER"),
    ],
    "005_y-te-dai-tu-thai-nguyen": [
        E("Thái Nguyên", "LOC"),
        E("Lan Anh", "PER"), D("22/09/2025", "2025-09-22"),
        D("20/9", "2025-09-20"),
        E("Sở Y tế tỉnh Thái Nguyên", "ORG"),
        E("Bệnh viện Trung ương Thái Nguyên", "ORG"),
        E("Hội Chữ thập đỏ tỉnh", "ORG"),
        E("Đại Từ", "LOC"),
        D("ngày 1/7/2025", "2025-07-01"),
        E("Hùng Sơn", "LOC"),
        E("Đại Từ", "LOC"),
        E("Thái Nguyên", "LOC"),
        E("Trạm Y tế xã Đại Từ", "ORG"),
        C("1.325 người", 1325, "người", "người được khám, tư vấn"),
        C("1.180 người", 1180, "người", "người được cấp thuốc miễn phí"),
        C("460 trường hợp", 460, "trường hợp", "trường hợp được siêu âm, đo điện tim"),
        M("385 triệu đồng", 385_000_000),
        M("300.000 đồng", 300_000),
        E("Hoàng Văn Thắng", "PER"),
        E("Bệnh viện Trung ương Thái Nguyên", "ORG"),
        C("212 người", 212, "người", "người mắc bệnh tăng huyết áp"),
        C("87 người", 87, "người", "người nghi mắc đái tháo đường"),
        C("19 trường hợp", 19, "trường hợp", "trường hợp được chuyển tuyến"),
        E("Ma Thị Lan", "PER"),
        MS("68 tuổi", 68, "tuổi"),
        E("Khuôn Nanh", "LOC"),
        E("Đại Từ", "LOC"),
        MS("hơn 30 km", 30, "km", "over"),
        E("Sở Y tế", "ORG"),
        D("năm 2024", "2024"),
        E("Đại Từ", "LOC"),
        C("29 trạm", 29, "trạm", "trạm y tế xã, thị trấn"),
        C("186 cán bộ", 186, "cán bộ", "cán bộ y tế"),
        F("27/29 trạm", 27, 29, "trạm y tế có bác sĩ làm việc"),
        P("93,1%", 93.1, "trạm y tế có bác sĩ làm việc"),
        E("Thái Nguyên", "LOC"),
        E("Bắc Kạn", "LOC"),
        E("Thái Nguyên", "LOC"),
        C("92 xã", 92, "xã", "xã, phường của tỉnh Thái Nguyên sau sắp xếp"),
        C("1.840 bác sĩ", 1840, "bác sĩ", "bác sĩ toàn tỉnh"),
        P("95,2%", 95.2, "tỷ lệ bao phủ bảo hiểm y tế"),
        D("Năm 2025", "2025"),
        P("100%", 100, "trạm y tế xã, phường khám, chữa bệnh bảo hiểm y tế"),
        D("ngày 1/7/2025", "2025-07-01"),
        P("30%", 30, "mức hỗ trợ thêm mức đóng bảo hiểm y tế hộ cận nghèo"),
        P("100%", 100, "tổng mức hỗ trợ đóng bảo hiểm y tế hộ cận nghèo"),
        M("khoảng 48 tỷ đồng/năm", 48_000_000_000, "about", per="năm"),
        MS("từ 1 đến 5 tuổi", 1, "tuổi", "range", 5),
        PE("từ ngày 15/9 đến ngày 30/11/2025", "2025-09-15/2025-11-30"),
        E("Phan Đình Phùng", "LOC"),
        E("Bảo hiểm xã hội tỉnh Thái Nguyên", "ORG"),
        E("Tỉnh đoàn Thái Nguyên", "ORG"),
        C("150 thẻ", 150, "thẻ", "thẻ bảo hiểm y tế"),
        M("884.520 đồng", 884_520),
        E("Bệnh viện Trung ương Thái Nguyên", "ORG"),
        E("Bệnh viện Bạch Mai", "ORG"),
        E("Hà Nội", "LOC"),
        C("6 kỹ thuật", 6, "kỹ thuật", "kỹ thuật cao được chuyển giao"),
        PE("Giai đoạn 2021-2024", "2021/2024"),
        E("Hội Chữ thập đỏ tỉnh", "ORG"),
        M("hơn 12,5 tỷ đồng", 12_500_000_000, "over"),
        C("trên 8.600 lượt", 8600, "lượt", "người bệnh nghèo", "over"),
        E("Triệu Đức Quang", "PER"),
        E("Hội Chữ thập đỏ tỉnh", "ORG"),
        C("15 xã", 15, "xã", "xã vùng sâu, vùng xa"),
        E("Bằng Thành", "LOC"),
        E("Cốc Đán", "LOC"),
        E("Bắc Kạn", "LOC"),
        D("tháng 12/2025", "2025-12"),
        E("Lan Anh", "PER"),
    ],
    "006_lang-son-cua-khau-so": [
        E("Baolangson.vn", "ORG"),
        DU("5 tháng", 5, "tháng"),
        D("năm 2024", "2024"),
        E("Lạng Sơn", "LOC"),
        M("2,18 tỷ USD", 2_180_000_000, cur="USD"),
        P("23,6%", 23.6, "tăng kim ngạch xuất nhập khẩu so với cùng kỳ"),
        D("năm 2023", "2023"),
        E("Lạng Sơn", "LOC"),  # the title, after the related/most-read zones
        E("Hoàng Minh", "PER"), D("08/06/2024", "2024-06-08"),
        E("Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", "ORG"),
        M("1,02 tỷ USD", 1_020_000_000, cur="USD"),
        M("1,16 tỷ USD", 1_160_000_000, cur="USD"),
        C("khoảng 1.100 lượt", 1100, "lượt", "phương tiện chở hàng xuất nhập khẩu", "about"),
        E("Hữu Nghị", "LOC"),
        E("Tân Thanh", "LOC"),
        E("Chi Ma", "LOC"),
        E("Đồng Đăng", "LOC"),
        MS("gần 180.000 tấn", 180_000, "tấn", "nearly"),
        D("ngày 15/5/2024", "2024-05-15"),
        E("Hữu Nghị", "LOC"),
        DU("2 giờ", 2, "giờ"),
        DU("khoảng 30 phút", 30, "phút", "about"),
        E("Nông Văn Khiêm", "PER"),
        E("Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", "ORG"),
        DU("5 tháng", 5, "tháng"),
        M("3.126 tỷ đồng", 3_126_000_000_000),
        P("48,1%", 48.1, "thu ngân sách từ xuất nhập khẩu so với dự toán năm"),
        D("năm 2024", "2024"),
        M("5,5 tỷ USD", 5_500_000_000, cur="USD"),
        M("1,2 tỷ USD", 1_200_000_000, cur="USD"),
        E("Đồng Đăng", "LOC"),
        DU("5 tháng", 5, "tháng"),
        E("Cục Hải quan tỉnh Lạng Sơn", "ORG"),
        C("hơn 96.000 tờ khai", 96000, "tờ khai", "tờ khai hải quan", "over"),
        P("62,5%", 62.5, "tờ khai được phân luồng xanh"),
        C("47 vụ", 47, "vụ", "vụ vận chuyển hàng cấm, hàng nhập lậu"),
        M("khoảng 8,4 tỷ đồng", 8_400_000_000, "about"),
        E("Tân Thanh", "LOC"),
        D("ngày 1/6/2024", "2024-06-01"),
        C("2 bãi", 2, "bãi", "bãi đỗ xe chờ xuất khẩu"),
        MS("3,5 ha", 3.5, "ha"),
        C("khoảng 400 xe", 400, "xe", "xe", "about"),
        M("từ 2 triệu đồng đến 3 triệu đồng", 2_000_000, "range", vmax=3_000_000),
        E("Hoàng Minh", "PER"),
    ],
    "007_xay-dung-dang-hung-yen": [
        E("Hưng Yên", "LOC"),
        E("Minh Hằng", "PER"), D("18/10/2023", "2023-10-18"),
        D("Ngày 17/10", "2023-10-17"),
        E("Ban Thường vụ Tỉnh ủy Hưng Yên", "ORG"),
        DOC("Nghị quyết số 21-NQ/TU", issuer="Tỉnh ủy", issued="2021-04-12", **NQ21),
        D("ngày 12/4/2021", "2021-04-12"),
        E("Tỉnh ủy", "ORG"),
        PE("nhiệm kỳ 2020-2025", "2020/2025"),
        E("Nguyễn Hữu Thành", "PER"),
        E("Tỉnh ủy", "ORG"),
        E("Ban Tổ chức Tỉnh ủy", "ORG"),
        DU("hơn hai năm", 2, "năm", "over"),
        # Anaphoric mention: resolved to the full id, no issuer in its own sentence.
        DOC("Nghị quyết này", short=True, **NQ21),
        C("186 chương trình", 186, "chương trình",
          "chương trình, kế hoạch hành động của các cấp ủy trực thuộc"),
        DOC("Kết luận số 14-KL/TW", "14-KL/TW", "Kết luận", "14", None, "KL/TW",
            issuer="Bộ Chính trị", issued="2021-09-22"),
        D("ngày 22/9/2021", "2021-09-22"),
        E("Bộ Chính trị", "ORG"),
        DOC("Quy định số 105-QĐ/TW", issuer="Bộ Chính trị", **QD105),
        E("Bộ Chính trị", "ORG"),
        PE("Từ năm 2021 đến nay", "2021/..", True),
        C("1.248 đảng viên", 1248, "đảng viên", "đảng viên mới được kết nạp"),
        P("104%", 104, "kết nạp đảng viên so với chỉ tiêu giữa nhiệm kỳ"),
        P("71,6%", 71.6, "đảng viên mới là đoàn viên thanh niên"),
        P("38,2%", 38.2, "đảng viên mới là nữ"),
        C("17 đảng bộ", 17, "đảng bộ", "đảng bộ trực thuộc Tỉnh ủy"),
        E("Tỉnh ủy", "ORG"),
        C("hơn 300 tổ chức", 300, "tổ chức", "tổ chức cơ sở đảng", "over"),
        C("trên 72.000 đảng viên", 72000, "đảng viên", "đảng viên toàn tỉnh", "over"),
        D("năm 2022", "2022"),
        # Consistent breakdown: 14 + 9 + 3 = 26.
        C("26 chi bộ", 26, "chi bộ", "chi bộ thành lập mới năm 2022"),
        C("14 chi bộ", 14, "chi bộ", "chi bộ trong doanh nghiệp ngoài khu vực nhà nước"),
        C("9 chi bộ", 9, "chi bộ", "chi bộ trường học"),
        C("3 chi bộ", 3, "chi bộ", "chi bộ ở các thôn mới chia tách"),
        C("2.315 đồng chí", 2315, "đồng chí", "đảng viên được miễn sinh hoạt, công tác do tuổi cao"),
        P("3,2%", 3.2, "đảng viên được miễn sinh hoạt trong tổng số đảng viên toàn tỉnh"),
        E("Văn Lâm", "LOC"),
        F("45/45 chi bộ", 45, 45, "chi bộ thôn, khu phố duy trì sinh hoạt chuyên đề"),
        F("38/41 tổ chức", 38, 41,
          "tổ chức cơ sở đảng ở huyện Văn Lâm xếp loại hoàn thành tốt nhiệm vụ trở lên"),
        P("92,7%", 92.7,
          "tổ chức cơ sở đảng ở huyện Văn Lâm xếp loại hoàn thành tốt nhiệm vụ trở lên"),
        D("năm 2022", "2022"),
        P("88,4%", 88.4, "tổ chức cơ sở đảng toàn tỉnh hoàn thành tốt nhiệm vụ trở lên năm 2022"),
        P("3,1%", 3.1, "mức tăng tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ so với năm 2020"),
        D("năm 2020", "2020"),
        DOC("Nghị định số 33/2023/NĐ-CP", "33/2023/NĐ-CP", "Nghị định", "33", 2023, "NĐ-CP",
            issuer="Chính phủ", issued="2023-06-10"),
        D("ngày 10/6/2023", "2023-06-10"),
        E("Chính phủ", "ORG"),
        E("Ban Tổ chức Tỉnh ủy", "ORG"),
        DOC("Hướng dẫn số 08-HD/BTCTU", "08-HD/BTCTU", "Hướng dẫn", "08", None, "HD/BTCTU",
            issuer="Ban Tổ chức Tỉnh ủy"),
        C("812 thôn", 812, "thôn",
          "thôn, tổ dân phố có bí thư chi bộ đồng thời là trưởng thôn"),
        P("89,5%", 89.5, "thôn, tổ dân phố có bí thư chi bộ đồng thời là trưởng thôn"),
        E("Ủy ban Kiểm tra Tỉnh ủy", "ORG"),
        C("23 tổ chức", 23, "tổ chức", "tổ chức đảng được kiểm tra khi có dấu hiệu vi phạm"),
        C("57 đảng viên", 57, "đảng viên", "đảng viên được kiểm tra khi có dấu hiệu vi phạm"),
        C("214 đảng viên", 214, "đảng viên", "đảng viên bị thi hành kỷ luật"),
        C("9 trường hợp", 9, "trường hợp", "đảng viên bị khai trừ ra khỏi Đảng"),
        C("11 doanh nghiệp", 11, "doanh nghiệp",
          "doanh nghiệp trên 50 lao động chưa có tổ chức đảng"),
        C("trên 50 lao động", 50, "lao động", "lao động của mỗi doanh nghiệp", "over"),
        MS("trên 60 tuổi", 60, "tuổi", "over"),
        E("Nguyễn Hữu Thành", "PER"),
        DOC("Nghị quyết số 21", short=True, **NQ21),
        # A repeated full mention: short false, no issuer in its own sentence.
        DOC("Quy định số 105-QĐ/TW", **QD105),
        D("năm 2025", "2025"),
        C("ít nhất 2.500 đảng viên", 2500, "đảng viên", "đảng viên kết nạp đến năm 2025",
          "at_least"),
        P("100%", 100, "thôn, tổ dân phố có chi bộ độc lập"),
        P("trên 90%", 90, "tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "over"),
        E("Ban Thường vụ Tỉnh ủy", "ORG"),
        C("12 tập thể", 12, "tập thể", "tập thể được tặng Bằng khen"),
        C("30 cá nhân", 30, "cá nhân", "cá nhân được tặng Bằng khen"),
        PE("giai đoạn 2021-2023", "2021/2023"),
        E("Minh Hằng", "PER"),
    ],
    "008_ngan-sach-dau-tu-cong-duc-tho": [
        E("Đức Thọ", "LOC"),
        DU("6 tháng", 6, "tháng"), D("năm 2025", "2025"),
        P("12,5%", 12.5, "tăng thu ngân sách 6 tháng đầu năm 2025 so với cùng kỳ"),
        E("Thanh Hà", "PER"), D("24/06/2025", "2025-06-24"),
        D("Ngày 23/6", "2025-06-23"),
        E("HĐND huyện Đức Thọ", "ORG"),
        E("Hà Tĩnh", "LOC"),
        DU("6 tháng", 6, "tháng"), D("năm 2025", "2025"),
        E("HĐND huyện", "ORG"),
        D("ngày 1/7/2025", "2025-07-01"),
        E("UBND huyện", "ORG"),
        DU("6 tháng", 6, "tháng"),
        # "ước đạt": about. Deliberate mismatch: 112,6 + 61,3 + 9,7 = 183,6, not 186,4.
        M("186,4 tỷ đồng", 186_400_000_000, "about"),
        P("58,2%", 58.2, "thu ngân sách so với dự toán năm"),
        P("12,5%", 12.5, "tăng thu ngân sách so với cùng kỳ"),
        M("112,6 tỷ đồng", 112_600_000_000),
        M("61,3 tỷ đồng", 61_300_000_000),
        M("9,7 tỷ đồng", 9_700_000_000),
        D("quý I/2025", "2025-Q1"),
        M("79,2 tỷ đồng", 79_200_000_000),
        P("8,4%", 8.4, "tăng thu ngân sách quý I/2025 so với quý I/2024"),
        D("quý I/2024", "2024-Q1"),
        P("41,5%", 41.5, "thu từ khu vực doanh nghiệp ngoài quốc doanh so với dự toán"),
        P("6,2%", 6.2, "giảm thu tiền thuê đất so với cùng kỳ"),
        D("quý II/2025", "2025-Q2"),
        C("3 phiên", 3, "phiên", "phiên đấu giá quyền sử dụng đất"),
        C("64 lô", 64, "lô", "lô đất đấu giá"),
        M("57,8 tỷ đồng", 57_800_000_000),
        M("từ 8 đến 12 triệu đồng/m2", 8_000_000, "range", per="m2", vmax=12_000_000),
        P("khoảng 15%", 15, "giá trúng đấu giá cao hơn giá khởi điểm", "about"),
        DU("6 tháng", 6, "tháng"),
        # "ước thực hiện": about. Consistent: 98,5 + 143,3 = 241,8.
        M("241,8 tỷ đồng", 241_800_000_000, "about"),
        M("98,5 tỷ đồng", 98_500_000_000),
        M("143,3 tỷ đồng", 143_300_000_000),
        C("gần 4.100 đối tượng", 4100, "đối tượng", "đối tượng bảo trợ xã hội", "nearly"),
        M("từ 500.000 đồng đến 1,5 triệu đồng/người/tháng", 500_000, "range",
          per="người/tháng", vmax=1_500_000),
        D("năm 2025", "2025"),
        M("356 tỷ đồng", 356_000_000_000),
        D("ngày 15/6/2025", "2025-06-15"),
        M("131,7 tỷ đồng", 131_700_000_000),
        P("37%", 37, "giải ngân vốn đầu tư công so với kế hoạch năm 2025"),
        # Consistent: 17 + 25 = 42.
        C("42 công trình", 42, "công trình", "công trình, dự án đang triển khai"),
        C("17 dự án", 17, "dự án", "dự án chuyển tiếp"),
        C("25 dự án", 25, "dự án", "dự án khởi công mới"),
        E("Tùng Ảnh", "LOC"),
        E("Đức Đồng", "LOC"),
        MS("12,5 km", 12.5, "km"),
        MS("7,5 m", 7.5, "m"),
        M("148 tỷ đồng", 148_000_000_000),
        P("khoảng 60%", 60, "khối lượng tuyến đường liên xã đã hoàn thành", "about"),
        MS("3.200 m2", 3200, "m2"),
        C("500 chỗ", 500, "chỗ", "chỗ ngồi của nhà văn hóa trung tâm huyện"),
        D("quý III/2025", "2025-Q3"),
        M("từ 1,2 đến 1,5 tỷ đồng/công trình", 1_200_000_000, "range", per="công trình",
          vmax=1_500_000_000),
        M("1.650.000 đồng/tấn", 1_650_000, per="tấn"),
        PE("Từ ngày 15/3 đến ngày 30/4/2025", "2025-03-15/2025-04-30"),
        MS("hơn 4.500 m2", 4500, "m2", "over"),
        # "ngày công" (man-days) counts labour, it is not a duration.
        C("khoảng 6.800 ngày công", 6800, "ngày công", "ngày công người dân đóng góp", "about"),
        C("21 tuyến", 21, "tuyến", "tuyến đường thôn được mở rộng"),
        MS("gần 9 km", 9, "km", "nearly"),
        E("Đức Quang", "LOC"),
        MS("2,8 km", 2.8, "km"),
        M("65 tỷ đồng", 65_000_000_000),
        P("18%", 18, "giải ngân dự án kè chống sạt lở"),
        C("3 dự án", 3, "dự án", "dự án phải điều chỉnh, kéo dài thời gian thực hiện"),
        DU("6 tháng", 6, "tháng"),
        D("tháng 5/2025", "2025-05"),
        M("khoảng 23,6 tỷ đồng", 23_600_000_000, "about"),
        E("Lê Văn Hiếu", "PER"),
        E("UBND huyện Đức Thọ", "ORG"),
        D("ngày 30/6/2025", "2025-06-30"),
        P("tối thiểu 60%", 60, "giải ngân kế hoạch vốn trước khi bàn giao", "at_least"),
        C("9 nghị quyết", 9, "nghị quyết", "nghị quyết được kỳ họp thông qua"),
        PE("giai đoạn 2021-2025", "2021/2025"),
        E("Thanh Hà", "PER"),
    ],
    "009_y-te-vung-cao-tuyen-quang": [
        E("Tuyên Quang", "LOC"),
        E("Bảo Ngọc", "PER"), D("15/10/2025", "2025-10-15"),
        DU("hơn ba tháng", 3, "tháng", "over"),
        E("Tuyên Quang", "LOC"),  # "tỉnh Tuyên Quang (mới)": the merged province
        C("126 bác sĩ", 126, "bác sĩ", "bác sĩ được điều động về trạm y tế xã vùng cao"),
        E("Hà Giang", "LOC"),
        E("Sở Y tế", "ORG"),
        E("Hà Giang", "LOC"),
        E("Tuyên Quang", "LOC"),
        E("Tuyên Quang", "LOC"),
        C("124 xã", 124, "xã", "xã, phường của tỉnh Tuyên Quang sau hợp nhất"),
        C("124 trạm", 124, "trạm", "trạm y tế"),
        D("ngày 1/7/2025", "2025-07-01"),
        C("21 trung tâm", 21, "trung tâm", "trung tâm y tế khu vực"),
        E("Hoàng Thị Minh Nguyệt", "PER"),
        E("Sở Y tế", "ORG"),
        C("77 xã", 77, "xã", "xã thuộc địa bàn tỉnh Hà Giang cũ"),
        E("Hà Giang", "LOC"),
        F("52/77 trạm", 52, 77, "trạm y tế có bác sĩ làm việc thường xuyên"),
        P("67,5%", 67.5, "trạm y tế có bác sĩ làm việc thường xuyên"),
        C("khoảng 5 nhân viên", 5, "nhân viên", "nhân viên y tế mỗi trạm", "about"),
        MS("trên 100 km2", 100, "km2", "over"),
        MS("hơn 20 km", 20, "km", "over"),
        E("Mèo Vạc", "LOC"),
        E("Trung tâm Y tế khu vực Mèo Vạc", "ORG"),
        C("4 bác sĩ", 4, "bác sĩ", "bác sĩ luân phiên về trạm y tế xã"),
        E("Khâu Vai", "LOC"),
        E("Sơn Vĩ", "LOC"),
        E("Niêm Sơn", "LOC"),
        DU("3 tháng", 3, "tháng"),
        D("tháng 9/2025", "2025-09"),
        C("hơn 2.000 lượt", 2000, "lượt", "người được khám, tư vấn", "over"),
        C("146 trường hợp", 146, "trường hợp", "trường hợp tăng huyết áp"),
        C("38 trường hợp", 38, "trường hợp", "trường hợp nghi mắc lao phổi"),
        C("12 ca", 12, "ca", "ca cấp cứu được chuyển tuyến"),
        E("Vàng Mí Chứ", "PER"),
        E("UBND xã Lũng Cú", "ORG"),
        E("Trung tâm Y tế huyện Đồng Văn", "ORG"),  # pre-2025 name, followed by "cũ"
        MS("khoảng 25 km", 25, "km", "about"),
        C("từ 30 đến 40 lượt", 30, "lượt", "lượt khám mỗi ngày tại trạm", "range", 40),
        E("Sở Y tế", "ORG"),
        E("Bệnh viện Đa khoa tỉnh", "ORG"),
        C("35 trạm", 35, "trạm", "trạm y tế vùng cao kết nối khám chữa bệnh từ xa"),
        PE("từ tháng 8/2025 đến nay", "2025-08/..", True),
        C("412 ca", 412, "ca", "ca bệnh được hội chẩn trực tuyến"),
        C("18 máy", 18, "máy", "máy siêu âm"),
        C("24 máy", 24, "máy", "máy điện tim"),
        E("Đồng Văn", "LOC"),
        E("Lũng Cú", "LOC"),
        E("Sủng Máng", "LOC"),
        E("Hoàng Su Phì", "LOC"),
        M("hơn 9,6 tỷ đồng", 9_600_000_000, "over"),
        E("Lò Thị Sinh", "PER"),
        MS("29 tuổi", 29, "tuổi"),
        E("Yên Phú", "LOC"),
        E("Bắc Mê", "LOC"),
        E("Hà Giang", "LOC"),
        DU("gần 2 giờ", 2, "giờ", "nearly"),
        MS("khoảng 35 tuổi", 35, "tuổi", "about"),
        C("5 con", 5, "con", "con sinh tại nhà"),
        E("Sinh", "PER"),
        E("Trung tâm Kiểm soát bệnh tật tỉnh", "ORG"),
        MS("dưới 1 tuổi", 1, "tuổi", "under"),
        P("86,3%", 86.3, "trẻ dưới 1 tuổi được tiêm chủng đầy đủ ở khu vực phía Bắc của tỉnh"),
        P("97,1%", 97.1,
          "trẻ dưới 1 tuổi được tiêm chủng đầy đủ ở các xã, phường thuộc tỉnh Tuyên Quang trước hợp nhất"),
        E("Tuyên Quang", "LOC"),
        P("khoảng 78%", 78, "phụ nữ vùng cao sinh con tại cơ sở y tế", "about"),
        E("UBND tỉnh", "ORG"),
        M("5 triệu đồng/người/tháng", 5_000_000, per="người/tháng"),
        E("HĐND tỉnh", "ORG"),
        D("năm 2026", "2026"),
        M("khoảng 15 tỷ đồng", 15_000_000_000, "about"),
        D("ngày 10/10", "2025-10-10"),
        E("Ma Văn Khoa", "PER"),
        E("UBND tỉnh Tuyên Quang", "ORG"),
        E("Sở Y tế", "ORG"),
        E("Trường Đại học Y - Dược Thái Nguyên", "ORG"),
        C("200 bác sĩ", 200, "bác sĩ", "bác sĩ đào tạo theo địa chỉ cho các xã vùng cao"),
        PE("giai đoạn 2026-2030", "2026/2030"),
        E("Bảo Ngọc", "PER"),
    ],
}

# Zones: (first text, last text, why); the zone runs from the first text's start to the end
# of the last text, searched after the previous zone. ("#2", text) picks the 2nd occurrence.
LEAD_006 = ("Trong 5 tháng đầu năm 2024, tổng kim ngạch xuất nhập khẩu hàng hóa qua các cửa "
            "khẩu trên địa bàn tỉnh Lạng Sơn đạt 2,18 tỷ USD, tăng 23,6% so với cùng kỳ năm 2023.")
ZONES = {
    "006_lang-son-cua-khau-so": [
        ("Tin liên quan", "đạt 3.000 tỷ đồng", "boilerplate: related-news header and headlines"),
        ("Đọc nhiều", "tuần đầu tháng 6/2024", "boilerplate: most-read header and headlines"),
        ("#2", LEAD_006, "repeat"),
        ("Bình luận (2)", "cung cấp thông tin.", "comment widget"),
        ("Chia sẻ Facebook Zalo", "Chia sẻ Facebook Zalo", "share buttons"),
    ],
    "009_y-te-vung-cao-tuyen-quang": [
        ("Tin liên quan", "tập huấn sơ cứu", "boilerplate: related-news header and headlines"),
        ("Chia sẻ Facebook Zalo", "Chia sẻ Facebook Zalo", "share buttons"),
    ],
}

ORDER = ["doc", "type", "text", "start", "end"]


def locate(text: str, items: list[dict], doc: str, zones: list[dict]) -> list[dict]:
    """Place each span at its first occurrence after the previous one, outside ignore zones."""
    out, cursor = [], 0
    for it in items:
        i = text.find(it["text"], cursor)
        while i >= 0 and any(z["start"] <= i < z["end"] for z in zones):
            i = text.find(it["text"], i + 1)
        if i < 0:
            sys.exit(f"{doc}: span not found after {cursor}: {it['text']!r}")
        rec = {"doc": doc, "type": it["type"], "text": it["text"], "start": i,
               "end": i + len(it["text"])}
        rec.update({k: v for k, v in it.items() if k not in ("type", "text")})
        out.append(rec)
        cursor = i + len(it["text"])
    return out


def zones_for(text: str, doc: str) -> list[dict]:
    out, cursor = [], 0
    for first, last, why in ZONES.get(doc, []):
        if first == "#2":
            s = text.find(last, text.find(last) + 1)
            e = s + len(last)
        else:
            s = text.find(first, cursor)
            e = text.find(last, s) + len(last)
        assert s >= 0 and e > s, (doc, first)
        out.append({"doc": doc, "start": s, "end": e, "why": why})
        cursor = e
    return out


def uncovered_numbers(text, recs, zones):
    """Digits and number words that no record and no zone covers, for a manual review."""
    spans = [(r["start"], r["end"]) for r in recs] + [(z["start"], z["end"]) for z in zones]
    words = r"\d+|\b(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|vạn)\b"
    for m in re.finditer(words, text):
        if not any(s <= m.start() < e for s, e in spans):
            yield m.start(), text[max(0, m.start() - 25):m.end() + 15].replace("\n", " ")


def main() -> None:
    gold, zones = [], []
    for doc, items in GOLD.items():
        text = (ARTICLES / f"{doc}.txt").read_text(encoding="utf-8")
        assert text == unicodedata.normalize("NFC", text), doc
        zs = zones_for(text, doc)
        recs = locate(text, items, doc, zs)
        for r in recs:
            assert text[r["start"]:r["end"]] == r["text"]
            assert not any(z["start"] <= r["start"] < z["end"] for z in zs), r
        for a, b in zip(recs, recs[1:], strict=False):
            assert a["end"] <= b["start"], (a, b)
        gold += recs
        zones += zs
        if "-v" in sys.argv:
            for pos, ctx in uncovered_numbers(text, recs, zs):
                print(f"  {doc[:3]} {pos:5d} …{ctx}…")
    with open(HERE / "gold.jsonl", "w", encoding="utf-8") as f:
        for r in gold:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(HERE / "gold.zones.jsonl", "w", encoding="utf-8") as f:
        for z in zones:
            f.write(json.dumps(z, ensure_ascii=False) + "\n")
    per_doc = Counter(r["doc"] for r in gold)
    per_type = Counter(r["type"] for r in gold)
    print(f"{len(gold)} records, {len(zones)} zones")
    print("per doc:", dict(per_doc))
    print("per type:", dict(sorted(per_type.items())))


if __name__ == "__main__":
    main()
