"""Each indicator's rule, written once: shown on the dashboard, in reports and docs.

The engine (``indicators.engine``) implements exactly these rules; a test
checks that every indicator here has an implementation and the reverse.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.models import PRESS_CHANNELS, MediaChannel, MediaLevel


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    numerator: str
    denominator: str
    period: str
    deduplication: str
    sources: str


APPROVED_ONLY = _("Chỉ tính buổi đã được duyệt.")
REACH_DEDUP = _(
    "Mỗi nhóm tham dự (lớp, ca làm việc) của một địa điểm chỉ tính một lần, theo buổi đông "
    "nhất của nhóm đó; buổi không ghi nhóm là một nhóm riêng. Số người của một địa điểm "
    "không vượt quá quy mô của địa điểm."
)
REACH_DENOMINATOR = _(
    "Tổng quy mô (số người) của các địa điểm có số liệu quy mô của năm cuối kỳ (hoặc năm "
    "gần nhất trước đó). Địa điểm chưa có số liệu quy mô bị loại khỏi cả tử số và mẫu số, "
    "và được liệt kê là thiếu dữ liệu."
)
IN_PERIOD = _("Buổi có ngày tổ chức nằm trong kỳ.")
# Contest entrants (indicators.contest_reach): the rule as the dashboard states it.
CONTEST_REACH_DEDUP = _(
    "Người dự thi trực tuyến chỉ được tính khi trường, nơi làm việc xác nhận: dự thi bằng mã "
    "tham gia do địa điểm cấp cho lớp, ca làm việc, với số điện thoại đã xác minh bằng mã "
    "gửi qua tin nhắn; cuộc thi không xác minh số điện thoại không được tính. Mỗi người (theo "
    "số điện thoại) tính một lần cho mỗi địa điểm trong kỳ, dù thi nhiều tuần hay nhiều cuộc "
    "thi. Địa điểm có số người dự thi trong một ngày vượt quá một tỷ lệ quy mô của địa điểm "
    "được đưa ra xem xét và chưa được tính. Vì không biết người dự thi có dự buổi tuyên "
    "truyền nào của địa điểm không, số người của địa điểm là số lớn hơn giữa tổng các nhóm "
    "tham dự buổi và số người dự thi, không cộng hai nguồn."
)
REACH_IN_PERIOD = _(
    "Buổi có ngày tổ chức nằm trong kỳ; bài dự thi trực tuyến nộp trong kỳ (giờ Việt Nam)."
)


def _reach(code, name, kinds, audience):
    return Indicator(
        code=code,
        name=name,
        numerator=_(
            "Số %(audience)s được tuyên truyền tại các địa điểm loại %(kinds)s thuộc đơn vị: "
            "người dự buổi tuyên truyền, hoặc người dự thi trực tuyến đã nộp bài được địa "
            "điểm xác nhận."
        )
        % {"audience": audience, "kinds": kinds},
        denominator=REACH_DENOMINATOR,
        period=REACH_IN_PERIOD,
        deduplication=format_lazy("{} {}", REACH_DEDUP, CONTEST_REACH_DEDUP),
        sources=_(
            "Buổi tuyên truyền đã duyệt; bài dự thi trực tuyến đã nộp có mã tham gia và số điện "
            "thoại đã xác minh; danh mục địa điểm và số liệu quy mô."
        )
        + " "
        + APPROVED_ONLY,
    )


INDICATORS = [
    Indicator(
        code="communes",
        name=_("Xã, phường, thị trấn có tổ chức tuyên truyền"),
        numerator=_(
            "Số xã, phường, thị trấn có ít nhất một buổi tuyên truyền (mọi hình thức tuyên "
            "truyền; không tính tập huấn, kiểm tra) trong kỳ."
        ),
        denominator=_("Số xã, phường, thị trấn thuộc đơn vị có hiệu lực trong kỳ."),
        period=IN_PERIOD,
        deduplication=_("Mỗi xã, phường, thị trấn tính một lần dù có nhiều buổi."),
        sources=_("Buổi tuyên truyền đã duyệt; danh mục đơn vị hành chính.") + " " + APPROVED_ONLY,
    ),
    Indicator(
        code="communes_regular",
        name=_("Xã, phường, thị trấn tuyên truyền thường xuyên"),
        numerator=_(
            "Số xã, phường, thị trấn có buổi tuyên truyền trong mọi quý của kỳ mà đơn vị đó có "
            "hiệu lực."
        ),
        denominator=_("Số xã, phường, thị trấn thuộc đơn vị có hiệu lực trong kỳ."),
        period=_(
            "Mỗi quý giao với kỳ phải có ít nhất một buổi; xã, phường thành lập hoặc giải thể "
            "giữa kỳ chỉ cần có buổi trong các quý còn hiệu lực."
        ),
        deduplication=_("Mỗi xã, phường tính một lần."),
        sources=_("Buổi tuyên truyền đã duyệt.") + " " + APPROVED_ONLY,
    ),
    *(
        Indicator(
            code=code,
            name=name,
            numerator=format_lazy(
                "{} {}", _("Số tháng trong kỳ có ít nhất một tin, bài trên"), outlets
            ),
            denominator=_("Số tháng của kỳ."),
            period=_("Theo ngày đăng, phát của tin, bài."),
            deduplication=_(
                "Mỗi tháng tính một lần. Tính tin, bài do đơn vị, đơn vị cấp dưới hoặc cấp trên "
                "ghi nhận."
            ),
            sources=_("Nhật ký truyền thông."),
        )
        for code, name, outlets in (
            (
                "press_provincial",
                _("Tháng có tin, bài trên báo chí của tỉnh"),
                _(
                    "báo in, tạp chí, báo điện tử, phát thanh hoặc truyền hình cấp tỉnh (không "
                    "tính báo chí trung ương)."
                ),
            ),
            (
                "press_district_radio",
                _("Tháng có tin, bài trên đài truyền thanh cấp huyện"),
                _("đài phát thanh, truyền hình cấp huyện, thị xã, thành phố."),
            ),
            (
                "press_grassroots",
                _("Tháng có thông tin trên hệ thống thông tin cơ sở"),
                _(
                    "loa truyền thanh cơ sở hoặc đài truyền thanh xã, phường, thị trấn (hệ thống "
                    "thông tin cơ sở)."
                ),
            ),
        )
    ),
    Indicator(
        code="press",
        name=_("Tháng có tin, bài trên báo chí trung ương, tỉnh"),
        numerator=_(
            "Số tháng trong kỳ có ít nhất một tin, bài trên báo in, tạp chí, báo điện tử, "
            "phát thanh hoặc truyền hình cấp trung ương hoặc tỉnh."
        ),
        denominator=_("Số tháng của kỳ."),
        period=_("Theo ngày đăng, phát của tin, bài."),
        deduplication=_(
            "Mỗi tháng tính một lần. Tính tin, bài do đơn vị, đơn vị cấp dưới hoặc cấp trên "
            "ghi nhận."
        ),
        sources=_("Nhật ký truyền thông."),
    ),
    _reach(
        "students",
        _("Học sinh, sinh viên được tuyên truyền"),
        _("trường THPT, đại học, cao đẳng, giáo dục nghề nghiệp, dân tộc nội trú"),
        _("học sinh, sinh viên"),
    ),
    _reach(
        "students_secondary_vocational",
        _("Học sinh THPT, giáo dục nghề nghiệp được tuyên truyền"),
        _("trường THPT, dân tộc nội trú, giáo dục nghề nghiệp (không tính đại học, cao đẳng)"),
        _("học sinh, sinh viên"),
    ),
    _reach(
        "iz_workers",
        _("Người lao động khu công nghiệp được tuyên truyền"),
        _("khu công nghiệp"),
        _("người lao động"),
    ),
    _reach(
        "establishment_workers",
        _("Người lao động tại cơ sở kinh doanh dịch vụ được tuyên truyền"),
        _("cơ sở kinh doanh dịch vụ dễ phát sinh tệ nạn"),
        _("người lao động"),
    ),
    Indicator(
        code="training",
        name=_("Cán bộ được tập huấn"),
        numerator=_(
            "Số cán bộ dự các buổi hình thức tập huấn, đối tượng cán bộ, thuộc đơn vị "
            "(không vượt quá mẫu số)."
        ),
        denominator=_("Số cán bộ cần tập huấn do đơn vị khai cho năm cuối kỳ."),
        period=IN_PERIOD,
        deduplication=REACH_DEDUP,
        sources=_("Buổi tập huấn đã duyệt; thông tin năm của đơn vị.") + " " + APPROVED_ONLY,
    ),
    *(
        Indicator(
            code=code,
            name=name,
            numerator=format_lazy(
                "{} {}",
                _(
                    "Số học viên của các buổi tập huấn (mọi đối tượng) thuộc đơn vị được ghi là "
                    "cán bộ"
                ),
                levels,
            ),
            denominator=format_lazy(
                "{} {} {}",
                _("Số cán bộ cần tập huấn do các đơn vị"),
                levels,
                _(
                    "thuộc đơn vị khai cho năm cuối kỳ (mỗi đơn vị khai cán bộ của chính cấp "
                    "mình). Tử số không vượt quá mẫu số."
                ),
            ),
            period=IN_PERIOD,
            deduplication=_(
                "Mỗi nhóm tập huấn (lớp) chỉ tính một lần, theo buổi đông nhất của nhóm; buổi "
                "không ghi nhóm là một nhóm riêng."
            ),
            sources=_(
                "Buổi tập huấn đã duyệt, với số học viên theo đối tượng; thông tin năm của đơn vị."
            )
            + " "
            + APPROVED_ONLY,
        )
        for code, name, levels in (
            ("training_province", _("Cán bộ cấp tỉnh được tập huấn"), _("cấp tỉnh")),
            (
                "training_district",
                _("Cán bộ cấp huyện được tập huấn"),
                _("cấp huyện, thị xã, thành phố"),
            ),
            (
                "training_commune",
                _("Cán bộ cấp xã được tập huấn"),
                _("cấp xã, phường, thị trấn"),
            ),
            (
                "training_district_commune",
                _("Cán bộ cấp huyện, cấp xã được tập huấn"),
                _("cấp huyện và cấp xã"),
            ),
        )
    ),
    Indicator(
        code="inspection",
        name=_("Cơ sở kinh doanh dịch vụ được kiểm tra"),
        numerator=_("Số cơ sở có ít nhất một buổi hình thức kiểm tra trong kỳ."),
        denominator=_("Số cơ sở kinh doanh dịch vụ trong danh mục địa điểm của đơn vị."),
        period=IN_PERIOD,
        deduplication=_("Mỗi cơ sở tính một lần dù được kiểm tra nhiều lần."),
        sources=_("Buổi kiểm tra đã duyệt; danh mục địa điểm.") + " " + APPROVED_ONLY,
    ),
    Indicator(
        code="plans",
        name=_("Đơn vị cấp dưới có kế hoạch năm"),
        numerator=_("Số đơn vị cấp dưới trực tiếp đã có kế hoạch năm của năm cuối kỳ."),
        denominator=_("Số đơn vị cấp dưới trực tiếp có hiệu lực trong kỳ."),
        period=_("Năm cuối kỳ."),
        deduplication=_("Mỗi đơn vị tính một lần."),
        sources=_("Thông tin năm của đơn vị."),
    ),
    Indicator(
        code="integration",
        name=_("Đơn vị cấp dưới lồng ghép vào chương trình khác"),
        numerator=_("Số đơn vị cấp dưới trực tiếp đã đánh dấu lồng ghép trong năm cuối kỳ."),
        denominator=_("Số đơn vị cấp dưới trực tiếp có hiệu lực trong kỳ."),
        period=_("Năm cuối kỳ."),
        deduplication=_("Mỗi đơn vị tính một lần."),
        sources=_("Thông tin năm của đơn vị."),
    ),
]

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
INDICATOR_CHOICES = [(indicator.code, indicator.name) for indicator in INDICATORS]

# The unit levels each trainee indicator counts: the trainees recorded at those levels on a
# training session, against the cadre figures the units of those levels declare.
TRAINEE_LEVELS = {
    "training_province": ("province",),
    "training_district": ("district",),
    "training_commune": ("commune",),
    "training_district_commune": ("district", "commune"),
}

# Venue kinds and session audience of each reach indicator. Plans list their schools
# differently: the national plan (and Hưng Yên) upper secondary schools, universities and
# vocational schools; Triệu Sơn upper secondary and vocational schools only. A venue kind
# may belong to several segments, always with the same audience.
REACH_SEGMENTS = {
    "students": (("high_school", "university", "vocational", "boarding_school"), "students"),
    "students_secondary_vocational": (
        ("high_school", "vocational", "boarding_school"),
        "students",
    ),
    "iz_workers": (("industrial_zone",), "iz_workers"),
    "establishment_workers": (("establishment",), "establishment_workers"),
}

# What each press indicator counts, as the plans word it: (channels, levels) pairs, any of which
# makes a media item count. The national plan: central and provincial press; Đồng Nai:
# provincial press only; Hưng Yên and Triệu Sơn: district radio; the national plan's monthly
# grassroots information and Triệu Sơn's commune radio: commune loudspeakers.
ALL_MEDIA_LEVELS = tuple(MediaLevel.values)
PRESS_VARIANTS = {
    "press": ((PRESS_CHANNELS, (MediaLevel.CENTRAL, MediaLevel.PROVINCIAL)),),
    "press_provincial": ((PRESS_CHANNELS, (MediaLevel.PROVINCIAL,)),),
    "press_district_radio": (
        ((MediaChannel.RADIO, MediaChannel.TELEVISION), (MediaLevel.DISTRICT,)),
    ),
    "press_grassroots": (
        ((MediaChannel.LOUDSPEAKER,), ALL_MEDIA_LEVELS),
        ((MediaChannel.RADIO,), (MediaLevel.COMMUNE,)),
    ),
}


def press_counts(code, channel, level):
    """Whether a media item of this channel and level counts toward the press indicator."""
    return any(channel in channels and level in levels for channels, levels in PRESS_VARIANTS[code])


def press_filter(code):
    """The media items the press indicator counts, as a filter."""
    condition = Q(pk__in=[])
    for channels, levels in PRESS_VARIANTS[code]:
        condition |= Q(channel__in=channels, level__in=levels)
    return condition
