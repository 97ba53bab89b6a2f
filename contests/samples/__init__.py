"""The sample question file officers fill in: ``questions.xlsx`` beside this module.

``manage.py write_question_sample`` regenerates it (the committed copy has the
Vietnamese and H'Mông columns); the admin's download builds one with the
languages this deployment enabled.
"""

import io
from pathlib import Path

SAMPLE_PATH = Path(__file__).resolve().parent / "questions.xlsx"

# Two example rows: what a single- and a multiple-choice question look like.
EXAMPLES = [
    {
        "code": "PL001",
        "kind": "single",
        "tags": "luat",
        "difficulty": 1,
        "question_vi": "Luật Phòng, chống mua bán người hiện hành là luật năm nào?",
        "explanation_vi": (
            "Luật Phòng, chống mua bán người số 53/2024/QH15 được thông qua năm 2024."
        ),
        "choice_1_vi": "Năm 2011",
        "choice_2_vi": "Năm 2024",
        "choice_3_vi": "Năm 2003",
        "question_hmn": "Txoj cai tiv thaiv kev muag neeg tam sim no yog xyoo twg?",
        "explanation_hmn": "Txoj cai naj npawb 53/2024/QH15 tau pom zoo xyoo 2024.",
        "choice_1_hmn": "Xyoo 2011",
        "choice_2_hmn": "Xyoo 2024",
        "choice_3_hmn": "Xyoo 2003",
        "correct": "2",
    },
    {
        "code": "PL002",
        "kind": "multiple",
        "tags": "tro-giup, duong-day-nong",
        "difficulty": 2,
        "question_vi": "Khi nghi ngờ có người bị mua bán, bạn có thể gọi số nào?",
        "explanation_vi": "111 là tổng đài bảo vệ trẻ em; 113 là công an.",
        "choice_1_vi": "111",
        "choice_2_vi": "113",
        "choice_3_vi": "1080",
        "correct": "1,2",
    },
]


def build_sample(languages=("vi", "hmn")) -> bytes:
    """The sample workbook: the header row, two example rows, a sheet explaining the columns."""
    import openpyxl
    from openpyxl.styles import Font

    from contests.imports import MAX_CHOICES, template_columns

    columns = template_columns(list(languages))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "cau_hoi"
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in EXAMPLES:
        sheet.append([example.get(name, "") for name in columns])
    sheet.freeze_panes = "B2"
    notes = workbook.create_sheet("huong_dan")
    notes.append(["Cột", "Ý nghĩa"])
    for row in (
        ("code", "Mã câu hỏi, không trùng trong bộ câu hỏi. Nhập lại cùng mã thì câu được sửa."),
        ("kind", "single: chọn một đáp án; multiple: chọn nhiều đáp án."),
        ("tags", "Thẻ, cách nhau bằng dấu phẩy (không bắt buộc)."),
        ("difficulty", "Độ khó từ 1 đến 5 (để trống là 1)."),
        ("question_<ngôn ngữ>", "Nội dung câu hỏi; question_vi bắt buộc."),
        ("explanation_<ngôn ngữ>", "Giải thích, hiện khi công bố đáp án."),
        (
            f"choice_1 … choice_{MAX_CHOICES}_<ngôn ngữ>",
            "Các phương án, liền nhau, ít nhất 2. Có câu hỏi ở ngôn ngữ nào thì phải dịch "
            "đủ mọi phương án ở ngôn ngữ đó.",
        ),
        ("correct", "Số thứ tự phương án đúng: 2, hoặc 1,3 cho câu nhiều đáp án."),
        ("", "Ngôn ngữ: vi (tiếng Việt), hmn (tiếng H'Mông), km (tiếng Khmer)…"),
        ("", "Một dòng lỗi thì không dòng nào được lưu; sửa theo danh sách lỗi rồi nhập lại."),
    ):
        notes.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
