"""The five plans in shared/seeds and the documents they implement, as their texts state them.

Every number, date, chain link and target below is taken from the seed text,
quoted in ``wording``; where a text gives none (Đồng Nai, Triệu Sơn and Tuyên
Quang print no number or date; Hưng Yên and Tuyên Quang give no report dates)
nothing is filled in. Only targets of an indicator the platform computes are
loaded (``indicators.definitions``); the others, and why, are listed in
``OUTSIDE`` and in docs/architecture.md.

Documents that are named but whose text is not among the seeds (1629/QĐ-TTg,
Thanh Hóa's 249/KH-UBND, 361/QĐ-TTg) are stubs: number, form, body and date.
Units are found by code as they stood in the plan's first year, so a 2021
provincial plan belongs to the province as it was before the 2025 reform.
"""

from datetime import date

END_2025 = date(2025, 12, 31)
END_2020 = date(2020, 12, 31)


def each(indicator, value, wording, every="year", level=""):
    return {
        "indicator": indicator,
        "level": level,
        "kind": "each_period",
        "every": every,
        "value": value,
        "wording": wording,
    }


def by_date(indicator, value, until, wording, level=""):
    return {
        "indicator": indicator,
        "level": level,
        "kind": "by_date",
        "value": value,
        "until": until,
        "wording": wording,
    }


def staged(indicator, value, year, wording, level=""):
    return {
        "indicator": indicator,
        "level": level,
        "kind": "staged",
        "value": value,
        "year": year,
        "wording": wording,
    }


def no_figure(indicator, kind, wording, every=""):
    """The plan names the aim without a figure: shown as "not set in the plan", never judged."""
    return {"indicator": indicator, "level": "", "kind": kind, "every": every, "wording": wording}


def yearly(report, month, day, direction, wording, from_level=""):
    return {
        "report": report,
        "direction": direction,
        "month": month,
        "day": day,
        "from_level": from_level,
        "wording": wording,
    }


STUBS = [
    {
        "key": "qd_1629",
        "name": "Phê duyệt Chương trình phòng, chống mại dâm giai đoạn 2021-2025",
        "form": "decision",
        "document_number": "1629/QĐ-TTg",
        "issuer": "Thủ tướng Chính phủ",
        "issued_on": date(2021, 9, 28),
        "unit_code": "VN",
        "first_year": 2021,
        "last_year": 2025,
        "parent": None,
    },
    {
        "key": "qd_361",
        "name": "Phê duyệt Chương trình phòng, chống mại dâm giai đoạn 2016-2020",
        "form": "decision",
        "document_number": "361/QĐ-TTg",
        "issuer": "Thủ tướng Chính phủ",
        "issued_on": date(2016, 3, 7),
        "unit_code": "VN",
        "first_year": 2016,
        "last_year": 2020,
        "parent": None,
    },
    {
        "key": "thanh_hoa_249",
        "name": "Kế hoạch phòng, chống mại dâm trên địa bàn tỉnh Thanh Hóa giai đoạn 2021-2025",
        "form": "plan",
        "document_number": "249/KH-UBND",
        "issuer": "Ủy ban nhân dân tỉnh Thanh Hóa",
        "issued_on": date(2021, 11, 17),
        "unit_code": "38",
        "first_year": 2021,
        "last_year": 2025,
        # Triệu Sơn's text does not say what 249/KH-UBND implements: no link is invented.
        "parent": None,
    },
]

PLANS = [
    {
        "key": "national",
        "name": "Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021-2025",
        "form": "decision",
        "document_number": "808/QĐ-LĐTBXH",
        "issuer": "Bộ Lao động - Thương binh và Xã hội",
        # "(Kèm theo Quyết định số: 808/QĐ-LĐTBXH ngày 05 tháng 9 năm 2022 …)"
        "issued_on": date(2022, 9, 5),
        "legal_bases": [
            "Nghị định số 14/2017/NĐ-CP ngày 17/02/2017 của Chính phủ",
            "Quyết định số 1629/QĐ-TTg ngày 28/9/2021 của Thủ tướng Chính phủ",
        ],
        "unit_code": "VN",
        "first_year": 2021,
        "last_year": 2025,
        "parent": "qd_1629",
        "deadlines": [
            # V.2 "Thời hạn báo cáo định kỳ"; the ministries and the provinces report to
            # the ministry (V.1).
            yearly("H1", 6, 20, "in", "Báo cáo 06 tháng: gửi trước ngày 20 tháng 6 hàng năm"),
            yearly("Y", 12, 20, "in", "Báo cáo năm: gửi trước ngày 20 tháng 12 hàng năm"),
        ],
        "targets": [
            each(
                "communes",
                70,
                "Ít nhất 70% số xã, phường, thị trấn tổ chức được ít nhất một hình thức "
                "tuyên truyền … và được duy trì thường xuyên",
            ),
            each(
                "communes_regular",
                70,
                "Ít nhất 70% số xã, phường, thị trấn … được duy trì thường xuyên",
            ),
            each(
                "press",
                100,
                "Thông tin … được đăng tải trên cơ quan báo chí cấp trung ương và cấp tỉnh "
                "ít nhất một tháng một lần",
                every="month",
            ),
            # III.1.3: "các cơ quan thông tấn, báo chí trong cả nước và hệ thống thông tin cơ
            # sở … ít nhất một tháng một lần": the grassroots part, beside the press target.
            each(
                "press_grassroots",
                100,
                "Chỉ đạo … hệ thống thông tin cơ sở tổ chức thực hiện định kỳ thông tin, truyền "
                "thông về tình hình tệ nạn mại dâm, công tác phòng, chống mại dâm … ít nhất "
                "một tháng một lần",
                every="month",
            ),
            by_date(
                "establishment_workers",
                70,
                END_2025,
                "Ít nhất 70% người lao động tại các cơ sở kinh doanh dịch vụ dễ phát sinh tệ "
                "nạn mại dâm",
            ),
            by_date(
                "iz_workers", 60, END_2025, "Ít nhất 60% người lao động trong các khu công nghiệp"
            ),
            by_date(
                "students",
                70,
                END_2025,
                "70% học sinh, sinh viên các trường trung học phổ thông, cơ sở giáo dục đại "
                "học và cơ sở giáo dục nghề nghiệp",
            ),
            each(
                "plans",
                100,
                "100% các tỉnh, thành phố trực thuộc trung ương xây dựng kế hoạch và tổ chức "
                "thực hiện",
            ),
            each(
                "integration",
                50,
                "Ít nhất 50% các tỉnh, thành phố trực thuộc trung ương lồng ghép nhiệm vụ "
                "phòng, chống tệ nạn mại dâm",
            ),
            # Trainees counted by their level, as written: provincial cadres, and district
            # and commune cadres together.
            by_date(
                "training_province",
                70,
                END_2025,
                "Ít nhất 70% đội ngũ cán bộ, công chức, viên chức, chiến sĩ cấp tỉnh",
            ),
            by_date("training_district_commune", 50, END_2025, "50% ở cấp huyện, cấp xã"),
            each(
                "inspection",
                20,
                "Hằng năm, tổ chức kiểm tra ít nhất 20% số cơ sở kinh doanh dịch vụ dễ phát "
                "sinh tệ nạn mại dâm trên địa bàn",
            ),
            by_date(
                "inspection",
                100,
                END_2025,
                "đến năm 2025, 100% các cơ sở được kiểm tra ít nhất 1 lần",
            ),
        ],
    },
    {
        "key": "hung_yen",
        "name": "Thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021 - 2025 trên địa "
        "bàn tỉnh Hưng Yên",
        "form": "plan",
        "document_number": "164/KH-UBND",
        "issuer": "Ủy ban nhân dân tỉnh Hưng Yên",
        "issued_on": date(2021, 11, 2),
        "legal_bases": ["Quyết định số 1629/QĐ-TTg ngày 28/9/2021 của Thủ tướng Chính phủ"],
        "unit_code": "33",
        "first_year": 2021,
        "last_year": 2025,
        "parent": "qd_1629",
        # The seed text stops before its reporting section: no deadline is known.
        "deadlines": [],
        "targets": [
            each(
                "communes",
                90,
                "Ít nhất 90% số xã, phường, thị trấn tổ chức được ít nhất một hình thức "
                "tuyên truyền … và được duy trì thường xuyên",
            ),
            each(
                "communes_regular",
                90,
                "Ít nhất 90% số xã, phường, thị trấn … được duy trì thường xuyên",
            ),
            # One aim, two outlets: the provincial mass media and the district radio.
            no_figure(
                "press_provincial",
                "change",
                "Tăng cường thông tin … trên các phương tiện truyền thông đại chúng cấp tỉnh",
            ),
            no_figure(
                "press_district_radio",
                "change",
                "Tăng cường thông tin … trên … Đài Truyền thanh cấp huyện",
            ),
            by_date(
                "establishment_workers",
                80,
                END_2025,
                "Ít nhất 80% người lao động tại các cơ sở kinh doanh dịch vụ dễ phát sinh tệ "
                "nạn mại dâm",
            ),
            by_date("iz_workers", 70, END_2025, "70% người lao động trong các khu công nghiệp"),
            by_date(
                "students",
                80,
                END_2025,
                "80% học sinh, sinh viên các trường trung học phổ thông, cơ sở giáo dục đại "
                "học và cơ sở giáo dục nghề nghiệp",
            ),
            each(
                "plans",
                100,
                "100% các huyện, thị xã, thành phố xây dựng kế hoạch và tổ chức thực hiện",
            ),
            each(
                "integration",
                100,
                "100% các huyện, thị xã, thành phố lồng ghép nhiệm vụ phòng, chống tệ nạn mại dâm",
            ),
            each(
                "inspection",
                50,
                "Hằng năm, … tổ chức kiểm tra ít nhất 50% số cơ sở kinh doanh dịch vụ dễ "
                "phát sinh tệ nạn mại dâm trên địa bàn tỉnh",
            ),
            by_date(
                "inspection",
                100,
                END_2025,
                "đến năm 2025, 100% các cơ sở được kiểm tra ít nhất một lần",
            ),
        ],
    },
    {
        "key": "dong_nai",
        "name": "Phòng, chống mại dâm giai đoạn 2021 - 2025 trên địa bàn tỉnh Đồng Nai",
        "form": "plan",
        # The seed text prints no number and no date.
        "document_number": "",
        "issuer": "Ủy ban nhân dân tỉnh Đồng Nai",
        "issued_on": None,
        "legal_bases": ["Quyết định số 1629/QĐ-TTg ngày 28/9/2021 của Thủ tướng Chính phủ"],
        "unit_code": "75",
        "first_year": 2021,
        "last_year": 2025,
        "parent": "qd_1629",
        "deadlines": [
            # "các sở, ban, ngành, đơn vị liên quan và UBND các huyện, thành phố … định kỳ báo
            # cáo kết quả hàng quý (trước ngày 15 của tháng cuối quý), 06 tháng (trước ngày
            # 15/6), 09 tháng (trước ngày 15/9), năm (trước ngày 15/12)": districts and
            # departments, not communes. The Sở reports on to the province and the ministry
            # each quarter, 6, 9 months and year, with no date given.
            *(
                yearly(
                    f"Q{q}",
                    3 * q,
                    15,
                    "in",
                    "hàng quý (trước ngày 15 của tháng cuối quý)",
                    from_level="district",
                )
                for q in range(1, 5)
            ),
            yearly("H1", 6, 15, "in", "06 tháng (trước ngày 15/6)", from_level="district"),
            yearly("M9", 9, 15, "in", "09 tháng (trước ngày 15/9)", from_level="district"),
            yearly("Y", 12, 15, "in", "năm (trước ngày 15/12)", from_level="district"),
        ],
        "targets": [
            each(
                "press_provincial",
                100,
                "Duy trì thông tin về phòng, chống mại dâm được đăng tải trên cơ quan báo chí "
                "tỉnh ít nhất một tháng một lần",
                every="month",
            ),
            each(
                "communes",
                100,
                "Duy trì thường xuyên 100% số xã, phường, thị trấn tổ chức được ít nhất một "
                "hình thức tuyên truyền",
            ),
            each(
                "communes_regular",
                100,
                "Duy trì thường xuyên 100% số xã, phường, thị trấn …",
            ),
            each(
                "integration",
                100,
                "Duy trì 100% các huyện, thành phố xây dựng kế hoạch lồng ghép và tổ chức, "
                "thực hiện nhiệm vụ phòng, chống mại dâm với các chương trình phát triển kinh "
                "tế - xã hội",
            ),
            no_figure(
                "inspection",
                "each_period",
                "Thường xuyên tổ chức kiểm tra việc chấp hành các quy định của pháp luật về "
                "phòng, chống tệ nạn mại dâm tại các cơ sở kinh doanh dịch vụ",
            ),
        ],
    },
    {
        "key": "trieu_son",
        "name": "Phòng, chống mại dâm trên địa bàn huyện Triệu Sơn giai đoạn 2021-2025",
        "form": "plan",
        # "Số: /KH-UBND … ngày tháng năm 2021": the seed is the unnumbered, undated draft.
        "document_number": "",
        "issuer": "Ủy ban nhân dân huyện Triệu Sơn",
        "issued_on": None,
        "legal_bases": [
            "Kế hoạch số 249/KH-UBND ngày 17/11/2021 của Ủy ban nhân dân tỉnh Thanh Hóa"
        ],
        "unit_code": "397",
        "first_year": 2021,
        "last_year": 2025,
        "parent": "thanh_hoa_249",
        "deadlines": [
            yearly(
                "H1",
                6,
                20,
                "in",
                "Báo cáo 06 tháng: Trước ngày 20/6 hằng năm đối với các phòng, ban, ngành và "
                "UBND các xã, thị trấn",
            ),
            yearly(
                "Y",
                12,
                20,
                "in",
                "Báo cáo năm: Trước ngày 20/12 hằng năm đối với các phòng, ban, ngành và UBND "
                "các xã, thị trấn",
            ),
            yearly(
                "H1",
                6,
                25,
                "out",
                "Phòng Lao động - Thương binh và Xã hội tổng hợp báo cáo UBND huyện, Sở Lao "
                "động - Thương binh và Xã hội trước ngày 25/6 hằng năm",
            ),
            yearly(
                "Y",
                12,
                25,
                "out",
                "Phòng Lao động - Thương binh và Xã hội tổng hợp báo cáo UBND huyện, Sở Lao "
                "động - Thương binh và Xã hội trước ngày 25/12 hằng năm",
            ),
            {
                "report": "P",
                "direction": "in",
                "due": date(2025, 11, 5),
                "wording": "Trước ngày 05/11/2025, các phòng, ban, ngành và UBND các xã, thị "
                "trấn gửi báo cáo kết quả thực hiện kế hoạch … về Phòng Lao động - Thương binh "
                "và Xã hội để tổng hợp, báo cáo UBND huyện và Sở Lao động - Thương binh và "
                "Xã hội",
            },
            {
                "report": "ad_hoc",
                "direction": "in",
                "wording": "Báo cáo đột xuất: Khi có yêu cầu của cấp trên và các cơ quan chức năng",
            },
        ],
        "targets": [
            each(
                "communes",
                80,
                "Ít nhất 80% số xã, thị trấn tổ chức được ít nhất một hình thức tuyên truyền … "
                "và được duy trì thường xuyên",
            ),
            each(
                "communes_regular",
                80,
                "Ít nhất 80% số xã, thị trấn … được duy trì thường xuyên",
            ),
            # One aim, two outlets: the district radio and the communes' radio.
            no_figure(
                "press_district_radio",
                "change",
                "Tăng cường thông tin về phòng, chống mại dâm trên cơ quan đài truyền thanh huyện",
            ),
            no_figure(
                "press_grassroots",
                "change",
                "Tăng cường thông tin về phòng, chống mại dâm trên … hệ thống đài truyền thanh "
                "các xã, thị trấn",
            ),
            by_date(
                "establishment_workers",
                70,
                END_2025,
                "Đảm bảo ít nhất 70% trở lên người lao động tại các cơ sở kinh doanh dịch vụ "
                "dễ phát sinh tệ nạn mại dâm",
            ),
            by_date("iz_workers", 60, END_2025, "60% người lao động trong các khu công nghiệp"),
            by_date(
                "students_secondary_vocational",
                70,
                END_2025,
                "70% học sinh, sinh viên các trường trung học phổ thông; cơ sở giáo dục nghề "
                "nghiệp",
            ),
            each(
                "plans",
                100,
                "100% các xã, thị trấn trong huyện xây dựng kế hoạch và tổ chức thực hiện",
            ),
            each(
                "integration",
                60,
                "Ít nhất 60% các xã, thị trấn lồng ghép nhiệm vụ phòng, chống tệ nạn mại dâm",
            ),
            by_date(
                "training_district",
                70,
                END_2025,
                "Đảm bảo ít nhất 70% đội ngũ cán bộ, công chức, viên chức, chiến sĩ cấp huyện",
            ),
            by_date("training_commune", 50, END_2025, "50% ở cấp xã"),
            each(
                "inspection",
                20,
                "Hằng năm, … tổ chức kiểm tra ít nhất 20% số cơ sở kinh doanh dịch vụ dễ phát "
                "sinh tệ nạn mại dâm trên địa bàn",
            ),
            by_date(
                "inspection",
                100,
                END_2025,
                "Phấn đấu đến năm 2025, có 100% các cơ sở được kiểm tra ít nhất 1 lần",
            ),
        ],
    },
    {
        "key": "tuyen_quang",
        "name": "Thực hiện Chương trình phòng, chống mại dâm trên địa bàn tỉnh Tuyên Quang "
        "giai đoạn 2016-2020",
        "form": "plan",
        # The seed text prints no number and no date.
        "document_number": "",
        "issuer": "Ủy ban nhân dân tỉnh Tuyên Quang",
        "issued_on": None,
        "legal_bases": ["Quyết định số 361/QĐ-TTg ngày 07/3/2016 của Thủ tướng Chính phủ"],
        "unit_code": "08",
        "first_year": 2016,
        "last_year": 2020,
        "parent": "qd_361",
        # "Định kỳ 6 tháng, hàng năm tổng hợp báo cáo …" with no date: none is invented.
        "deadlines": [],
        "targets": [
            each(
                "communes",
                100,
                "100% số xã, phường, thị trấn thường xuyên tổ chức, duy trì các hoạt động "
                "tuyên truyền",
            ),
            each(
                "communes_regular",
                100,
                "100% số xã, phường, thị trấn thường xuyên tổ chức, duy trì các hoạt động "
                "tuyên truyền",
            ),
            staged(
                "integration",
                50,
                2017,
                "Đến năm 2017: 50% … các huyện, thành phố xây dựng kế hoạch lồng ghép",
            ),
            staged(
                "integration",
                100,
                2020,
                "năm 2020: 100% các huyện, thành phố xây dựng kế hoạch lồng ghép",
            ),
            by_date(
                "training",
                100,
                END_2020,
                "100% cán bộ làm công tác phòng, chống tệ nạn xã hội từ cấp tỉnh đến cấp xã, "
                "phường, thị trấn được tập huấn",
            ),
        ],
    },
]

# Seed targets left outside the platform: no indicator computes them (enforcement,
# social support, local models), as the closing note of issue 10 lists them.
OUTSIDE = {
    "808/QĐ-LĐTBXH": [
        "100% tố giác, tin báo, khiếu nại được tiếp nhận, xử lý (thực thi pháp luật)",
        "Hằng năm tăng 3 - 5% số tội phạm được xử lý (change; thực thi pháp luật)",
        "Ít nhất 10% địa bàn cấp huyện có mô hình thí điểm (chưa có chỉ số)",
        "Ít nhất 60% người bán dâm có nhu cầu được tiếp cận dịch vụ hỗ trợ (hỗ trợ xã hội)",
    ],
    "164/KH-UBND": [
        "100% tố giác, tin báo, khiếu nại được xử lý (thực thi pháp luật)",
        "Hằng năm xử lý kịp thời tội phạm (không nêu mức; thực thi pháp luật)",
    ],
    "Đồng Nai": [
        "Mô hình hỗ trợ quyền người lao động; 11/11 huyện đến 2025 (chưa có chỉ số)",
        "Thành lập lực lượng kiểm tra liên ngành; 100% huyện (tổ chức bộ máy)",
        "Triệt phá 150 vụ (count; thực thi pháp luật)",
        "Giảm 50% tụ điểm (change; thực thi pháp luật)",
        "80% vụ việc được xử lý, 90% vụ án được xét xử (thực thi pháp luật)",
        "Hỗ trợ việc làm cho 100 - 150 người bán dâm (range; hỗ trợ xã hội)",
        "Tiếp nhận, hỗ trợ 100 - 150 người bị cưỡng bức (range; hỗ trợ xã hội)",
        "80% xã, phường đạt chuẩn làm tốt công tác phòng, chống ma túy, mại dâm (chưa có chỉ số)",
        "100% người bán dâm có nhu cầu được tiếp cận dịch vụ (hỗ trợ xã hội)",
    ],
    "Triệu Sơn": [
        "100% tin báo, tố giác được xử lý (thực thi pháp luật)",
        "Hằng năm tăng 5 - 8% số tội phạm được xử lý (change; thực thi pháp luật)",
        "Ít nhất 10% địa bàn cấp xã có mô hình thí điểm (chưa có chỉ số)",
        "Ít nhất 70% người bán dâm có nhu cầu được tiếp cận dịch vụ (hỗ trợ xã hội)",
    ],
    "Tuyên Quang": [
        "50% huyện, thành phố triển khai hoạt động can thiệp giảm tác hại (chưa có chỉ số)",
        "Xử lý 100% đối tượng vi phạm (thực thi pháp luật)",
        "Trên 80% xã, phường đạt tiêu chuẩn lành mạnh không có tệ nạn mại dâm (chưa có chỉ số)",
    ],
}
