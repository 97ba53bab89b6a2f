"""The checks a session must pass before it is saved, with messages a volunteer understands.

Errors refuse the record; warnings must be confirmed by the person logging it.
Every message is a translatable Vietnamese string, keyed by the field it is about.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from common.spreadsheets import parse_count
from events.models import COMMUNE_WIDE_FORMS, TRAINEE_FIELDS, Audience, Form, Organizer
from locales.languages import MINORITY_LANG_INFO
from places import scope
from places.models import Level, OrgUnit, Venue

# The checks name places as the form does; files and the API name them by their codes.
CODE_FIELD_NAMES = {"venue": "venue_code", "org_unit": "commune_code"}
COHORT_MAX_LENGTH = 120  # Session.cohort's max_length
NOTE_MAX_LENGTH = 5000
# No session reaches this many people, confirmed or not; past it a figure is a typo.
PARTICIPANTS_MAX = 50_000
MATERIAL_QUANTITY_MAX = 1_000_000
MATERIALS_MAX = 50
COUNT_FIELDS = ("participants", "female", "ethnic_minority", "under_18")
PART_FIELDS = ("female", "ethnic_minority", "under_18")
ABOVE_BASELINE = "above_baseline"
# Spoken at a session: Vietnamese or any minority language we know, enabled on the site or not.
SESSION_LANGUAGES = ("vi", *MINORITY_LANG_INFO)
FORMS, AUDIENCES, ORGANIZERS = (frozenset(c.values) for c in (Form, Audience, Organizer))


@dataclass
class SessionInput:
    """What a volunteer, an import row or an API call says about one session."""

    date: datetime.date | None = None
    venue: Venue | None = None
    org_unit: OrgUnit | None = None
    form: str = ""
    audience: str = ""
    cohort: str = ""
    participants: int | None = None
    female: int | None = 0
    ethnic_minority: int | None = 0
    under_18: int | None = 0
    # Trainees by who they are (training courses only): see events.models.TRAINEE_FIELDS.
    trainees_province: int | None = 0
    trainees_district: int | None = 0
    trainees_commune: int | None = 0
    trainees_rapporteurs: int | None = 0
    trainees_peer_educators: int | None = 0
    trainees_press: int | None = 0
    trainees_volunteers: int | None = 0
    languages: list[str] = field(default_factory=list)
    organizer: str = ""
    note: str = ""
    materials: list[tuple[str, int]] = field(default_factory=list)

    def unit(self):
        """The commune the session belongs to: the venue's, else the one given."""
        return self.venue.org_unit if self.venue is not None else self.org_unit


@dataclass
class CheckResult:
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)

    def add_error(self, field_name, message):
        self.errors.setdefault(field_name, []).append(message)

    @property
    def ok(self):
        return not self.errors


def check_session(user, data: SessionInput, *, today: datetime.date) -> CheckResult:
    """Refuse what cannot be true or is outside the user's scope; warn on the unlikely."""
    result = CheckResult()
    _check_place(user, data, result)
    _check_choices(data, result)
    _check_date(data, today, result)
    _check_counts(data, result)
    if result.ok:
        _warn_above_baseline(data, result)
    return result


def _check_place(user, data, result):
    if data.venue is None and data.org_unit is None:
        result.add_error("venue", _("Chọn địa điểm, hoặc xã, phường nơi tổ chức."))
        return
    if data.venue is None and data.form and data.form not in COMMUNE_WIDE_FORMS:
        result.add_error("venue", _("Hình thức này cần chọn địa điểm cụ thể."))
    unit = data.unit()
    if data.venue is None and unit.level != Level.COMMUNE:
        result.add_error("org_unit", _("Chọn một xã, phường (không phải tỉnh)."))
    if not scope.is_in_scope(user, unit):
        field_name = "venue" if data.venue is not None else "org_unit"
        result.add_error(field_name, _("Địa điểm này ngoài địa bàn bạn phụ trách."))


def _check_choices(data, result):
    if data.form not in FORMS:
        result.add_error("form", _("Hình thức không hợp lệ."))
    if data.audience not in AUDIENCES:
        result.add_error("audience", _("Đối tượng không hợp lệ."))
    if len(data.cohort.strip()) > COHORT_MAX_LENGTH:
        result.add_error(
            "cohort", _("Tên nhóm dài tối đa %(count)d ký tự.") % {"count": COHORT_MAX_LENGTH}
        )
    if len(data.note) > NOTE_MAX_LENGTH:
        result.add_error(
            "note", _("Ghi chú dài tối đa %(count)d ký tự.") % {"count": NOTE_MAX_LENGTH}
        )
    if data.organizer not in ORGANIZERS:
        result.add_error("organizer", _("Đơn vị tổ chức không hợp lệ."))
    unknown = [code for code in data.languages if code not in SESSION_LANGUAGES]
    if unknown:
        result.add_error(
            "languages", _("Ngôn ngữ không rõ: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    for description, quantity in data.materials:
        count = parse_count(quantity)
        if not description.strip() or count is None or count > MATERIAL_QUANTITY_MAX:
            result.add_error("materials", _("Mỗi tài liệu cần tên và số lượng (số nguyên)."))
            break


def _check_date(data, today, result):
    if data.date is None:
        result.add_error("date", _("Nhập ngày tổ chức."))
    elif data.date > today:
        result.add_error("date", _("Ngày tổ chức không được sau hôm nay."))


def _check_counts(data, result):
    for name in COUNT_FIELDS:
        value = getattr(data, name)
        if value is None or isinstance(value, bool) or not isinstance(value, int) or value < 0:
            result.add_error(name, _("Nhập một số nguyên không âm."))
        elif value > PARTICIPANTS_MAX:
            result.add_error(
                name, _("Không được quá %(count)s người.") % {"count": f"{PARTICIPANTS_MAX:,}"}
            )
    if "participants" in result.errors:
        return
    if data.participants == 0:
        result.add_error("participants", _("Số người tham dự phải lớn hơn 0."))
    for name in PART_FIELDS:
        value = getattr(data, name)
        if name not in result.errors and value > data.participants:
            result.add_error(name, _("Không được lớn hơn số người tham dự."))
    _check_trainees(data, result)


def _check_trainees(data, result):
    """Trainees by who they are: whole numbers, on training courses only, within participants."""
    values = {}
    for name in TRAINEE_FIELDS:
        value = getattr(data, name)
        if value is None or isinstance(value, bool) or not isinstance(value, int) or value < 0:
            result.add_error(name, _("Nhập một số nguyên không âm."))
        else:
            values[name] = value
    given = [name for name, value in values.items() if value]
    if not given:
        return
    if data.form != Form.TRAINING:
        result.add_error(given[0], _("Chỉ ghi học viên theo đối tượng cho buổi tập huấn."))
    elif sum(values.values()) > data.participants:
        result.add_error(
            given[0], _("Tổng số học viên theo đối tượng không được lớn hơn số người tham dự.")
        )


def _warn_above_baseline(data, result):
    if data.venue is None:
        return
    baseline = data.venue.baseline_for(data.date.year)
    if baseline is not None and data.participants > baseline.total:
        result.warnings[ABOVE_BASELINE] = _(
            "Số người tham dự (%(participants)d) nhiều hơn quy mô của %(venue)s "
            "(%(total)d người, năm %(year)d). Kiểm tra lại hoặc xác nhận để lưu."
        ) % {
            "participants": data.participants,
            "venue": data.venue.name,
            "total": baseline.total,
            "year": baseline.year,
        }
