"""The narrative sections of a periodic report, in the order the document prints them.

Each section is prefilled from the data when the report is generated; an
officer may rewrite it, and from then on regeneration leaves their text alone.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The parts of the document (Roman numerals in print).
RESULTS, ASSESSMENT, NEXT_STEPS, PROPOSALS = "results", "assessment", "next_steps", "proposals"


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    part: str
    help_text: str = ""


SECTIONS = [
    Section(
        "intro",
        _("Mở đầu"),
        "",
        _("Căn cứ, phạm vi báo cáo. In ngay dưới tiêu đề, không có đề mục."),
    ),
    Section(
        "activities",
        _("Hoạt động truyền thông trực tiếp"),
        RESULTS,
        _("Số buổi và số lượt người theo từng hình thức; được điền sẵn từ các buổi đã duyệt."),
    ),
    Section(
        "materials",
        _("Tài liệu truyền thông đã cấp phát"),
        RESULTS,
        _("Tờ rơi, sách mỏng, áp phích… đã phát tại các buổi, kèm số lượng."),
    ),
    Section(
        "media",
        _("Thông tin trên báo chí, phát thanh, truyền hình và mạng xã hội"),
        RESULTS,
        _("Số tin, bài theo loại hình, từ nhật ký truyền thông."),
    ),
    Section(
        "contests",
        _("Cuộc thi tìm hiểu, sáng tác"),
        RESULTS,
        _("Các cuộc thi và số bài dự thi."),
    ),
    Section(
        "training",
        _("Tập huấn, bồi dưỡng cán bộ"),
        RESULTS,
        _(
            "Số lớp tập huấn và số người được tập huấn; không tính vào hoạt động tuyên "
            "truyền trực tiếp."
        ),
    ),
    Section(
        "inspection",
        _("Kiểm tra cơ sở kinh doanh dịch vụ"),
        RESULTS,
        _("Số lượt kiểm tra và số cơ sở được kiểm tra; không tính vào hoạt động tuyên truyền."),
    ),
    Section(
        "indicators",
        _("Kết quả thực hiện các chỉ tiêu"),
        RESULTS,
        _("Nhận xét về các chỉ tiêu; bảng và biểu đồ được in ngay sau phần này."),
    ),
    Section(
        "assessment",
        _("Đánh giá chung"),
        ASSESSMENT,
        _("Ưu điểm, tồn tại, hạn chế và nguyên nhân."),
    ),
    Section(
        "next_steps",
        _("Phương hướng, nhiệm vụ kỳ tới"),
        NEXT_STEPS,
    ),
    Section(
        "proposals",
        _("Kiến nghị, đề xuất"),
        PROPOSALS,
    ),
]

BY_CODE = {section.code: section for section in SECTIONS}
SECTION_CHOICES = [(section.code, section.title) for section in SECTIONS]

PART_TITLES = {
    RESULTS: _("KẾT QUẢ THỰC HIỆN"),
    ASSESSMENT: _("ĐÁNH GIÁ CHUNG"),
    NEXT_STEPS: _("PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"),
    PROPOSALS: _("KIẾN NGHỊ, ĐỀ XUẤT"),
}
PART_ORDER = [RESULTS, ASSESSMENT, NEXT_STEPS, PROPOSALS]
