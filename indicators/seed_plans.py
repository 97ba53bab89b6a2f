"""The five plans in shared/seeds, with the targets of DOMAIN.md's table.

Units are found by code as they stood when the plan was issued, so a 2021
provincial plan belongs to the province as it was before the 2025 reform.
"""

from datetime import date

NATIONAL_DEADLINES = [["H1", 6, 20], ["Y", 12, 20]]

PLANS = [
    {
        "key": "national",
        "name": "Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021-2025",
        "document_number": "808/QĐ-LĐTBXH",
        "issued_on": date(2022, 7, 1),
        "unit_code": "VN",
        "first_year": 2021,
        "last_year": 2025,
        "parent": None,
        "report_deadlines": NATIONAL_DEADLINES,
        "targets": [
            (
                "communes",
                "",
                70,
                "≥ 70% xã, phường tổ chức ít nhất 1 hình thức, duy trì thường xuyên",
            ),
            ("communes_regular", "", 70, "≥ 70% xã, phường duy trì thường xuyên"),
            ("press", "", 100, "Mỗi tháng ít nhất 1 tin, bài trên báo chí trung ương, tỉnh"),
            ("establishment_workers", "", 70, "≥ 70%"),
            ("iz_workers", "", 60, "≥ 60%"),
            ("students", "", 70, "≥ 70%"),
            ("plans", "", 100, "100%"),
            ("integration", "", 50, "≥ 50%"),
            ("training", "province", 70, "≥ 70% cán bộ cấp tỉnh"),
            ("training", "district", 50, "≥ 50% cán bộ cấp huyện, xã"),
            ("training", "commune", 50, "≥ 50% cán bộ cấp huyện, xã"),
            ("inspection", "", 20, "≥ 20% cơ sở được kiểm tra mỗi năm"),
        ],
    },
    {
        "key": "hung_yen",
        "name": "Kế hoạch thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021-2025 "
        "trên địa bàn tỉnh Hưng Yên",
        "document_number": "164/KH-UBND",
        "issued_on": date(2021, 11, 2),
        "unit_code": "33",
        "first_year": 2021,
        "last_year": 2025,
        "parent": "national",
        "report_deadlines": NATIONAL_DEADLINES,
        "targets": [
            ("communes", "", 90, "≥ 90%"),
            ("communes_regular", "", 90, "≥ 90%, duy trì thường xuyên"),
            ("establishment_workers", "", 80, "≥ 80%"),
            ("iz_workers", "", 70, "≥ 70%"),
            ("students", "", 80, "≥ 80%"),
            ("plans", "", 100, "100%"),
            ("integration", "", 100, "100%"),
            ("inspection", "", 50, "≥ 50%"),
        ],
        # Press: the plan asks for an "increase" without a figure; the national target applies.
    },
    {
        "key": "dong_nai",
        "name": "Kế hoạch phòng, chống mại dâm giai đoạn 2021-2025 trên địa bàn tỉnh Đồng Nai",
        "document_number": "",
        "issued_on": date(2021, 12, 1),
        "unit_code": "75",
        "first_year": 2021,
        "last_year": 2025,
        "parent": "national",
        "report_deadlines": [["Q1", 3, 15], ["H1", 6, 15], ["M9", 9, 15], ["Y", 12, 15]],
        "targets": [
            ("communes", "", 100, "100%"),
            ("communes_regular", "", 100, "100%"),
            ("press", "", 100, "Mỗi tháng ít nhất 1 tin, bài trên báo chí tỉnh"),
            ("plans", "", 100, "100%"),
            ("integration", "", 100, "100%"),
        ],
    },
    {
        "key": "trieu_son",
        "name": "Kế hoạch phòng, chống mại dâm trên địa bàn huyện Triệu Sơn giai đoạn 2021-2025",
        "document_number": "",
        "issued_on": date(2021, 12, 1),
        "unit_code": "397",
        "first_year": 2021,
        "last_year": 2025,
        "parent": "national",
        "report_deadlines": NATIONAL_DEADLINES,
        "targets": [
            ("communes", "", 80, "≥ 80%"),
            ("communes_regular", "", 80, "≥ 80%"),
            ("establishment_workers", "", 70, "≥ 70%"),
            ("iz_workers", "", 60, "≥ 60%"),
            ("students", "", 70, "≥ 70% (THPT, giáo dục nghề nghiệp)"),
            ("plans", "", 100, "100%"),
            ("integration", "", 60, "≥ 60%"),
            ("training", "district", 70, "70% cán bộ cấp huyện"),
            ("training", "commune", 50, "50% cán bộ cấp xã"),
            ("inspection", "", 20, "≥ 20%"),
        ],
    },
    {
        "key": "tuyen_quang",
        "name": "Kế hoạch thực hiện Chương trình phòng, chống mại dâm trên địa bàn tỉnh "
        "Tuyên Quang giai đoạn 2016-2020",
        "document_number": "",
        "issued_on": date(2016, 6, 1),
        "unit_code": "08",
        "first_year": 2016,
        "last_year": 2020,
        "parent": None,
        "report_deadlines": NATIONAL_DEADLINES,
        "targets": [
            ("communes", "", 100, "100% xã, phường tuyên truyền thường xuyên"),
            ("communes_regular", "", 100, "100% xã, phường tuyên truyền thường xuyên"),
            ("training", "", 100, "100% cán bộ làm công tác phòng, chống tệ nạn xã hội"),
        ],
        # "> 80% communes healthy, free of prostitution" has no indicator in this platform.
    },
]
