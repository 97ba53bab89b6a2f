"""Outreach sessions as volunteers log them, their photos, and every change to them.

A session is counted in indicators only once a reviewer of a parent unit has
approved it. Rules (checks, review, locking) live in ``events.services``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from places.models import OrgUnit, Venue


class Form(models.TextChoices):
    TALK = "talk", _("Nói chuyện chuyên đề")
    GROUP_DISCUSSION = "group_discussion", _("Thảo luận nhóm")
    COUNSELLING = "counselling", _("Tư vấn")
    INTERACTIVE_EVENT = "interactive_event", _("Sự kiện tương tác")
    CONTEST = "contest", _("Cuộc thi")
    EXHIBITION = "exhibition", _("Triển lãm")
    LOUDSPEAKER = "loudspeaker", _("Phát thanh loa")
    POSTER_BANNER = "poster_banner", _("Áp phích, băng rôn")
    LEAFLET_DISTRIBUTION = "leaflet_distribution", _("Phát tờ rơi")
    FILM_SCREENING = "film_screening", _("Chiếu phim")
    MOBILE_COURT = "mobile_court", _("Phiên tòa xét xử lưu động")
    CLUB_MEETING = "club_meeting", _("Sinh hoạt câu lạc bộ, tổ, nhóm")
    CONFERENCE = "conference", _("Hội nghị, hội thảo")
    OTHER = "other", _("Hình thức khác")
    TRAINING = "training", _("Tập huấn")
    INSPECTION = "inspection", _("Kiểm tra cơ sở")


# Forms that reach a whole commune rather than the people at one venue.
COMMUNE_WIDE_FORMS = {Form.LOUDSPEAKER, Form.POSTER_BANNER, Form.LEAFLET_DISTRIBUTION}

# Training courses and inspections are logged like sessions but are not outreach: they never
# count toward communes with outreach, people reached or the number of outreach sessions; the
# training and inspection indicators and report sections count them.
NOT_OUTREACH_FORMS = (Form.TRAINING.value, Form.INSPECTION.value)
OUTREACH_FORMS = tuple(form for form in Form.values if form not in NOT_OUTREACH_FORMS)


class Audience(models.TextChoices):
    STUDENTS = "students", _("Học sinh, sinh viên")
    IZ_WORKERS = "iz_workers", _("Người lao động khu công nghiệp")
    ESTABLISHMENT_WORKERS = "establishment_workers", _("Người lao động tại cơ sở dịch vụ")
    COMMUNITY = "community", _("Cộng đồng dân cư")
    FAMILIES = "families", _("Gia đình, cha mẹ học sinh")
    MIGRANT_WORKERS = "migrant_workers", _("Người lao động di cư")
    ESTABLISHMENT_OWNERS = "establishment_owners", _("Chủ cơ sở kinh doanh dịch vụ")
    PRESS_STAFF = "press_staff", _("Phóng viên, biên tập viên")
    RAPPORTEURS = "rapporteurs", _("Báo cáo viên, tuyên truyền viên")
    CADRES = "cadres", _("Cán bộ")


class Organizer(models.TextChoices):
    """Who ran the session. Since the 2025 reorganisation the health sector is the standing
    agency for prostitution prevention in the provinces; the labour sector is kept for the
    records of 2021–2025."""

    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên")
    WOMENS_UNION = "womens_union", _("Hội Liên hiệp Phụ nữ")
    TRADE_UNION = "trade_union", _("Công đoàn (Liên đoàn Lao động)")
    FATHERLAND_FRONT = "fatherland_front", _("Ủy ban Mặt trận Tổ quốc")
    FARMERS_UNION = "farmers_union", _("Hội Nông dân")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    SCHOOL = "school", _("Nhà trường")
    EDUCATION = "education", _("Ngành Giáo dục và Đào tạo")
    HEALTH = "health", _("Ngành Y tế (cơ quan thường trực phòng, chống mại dâm từ 2025)")
    LABOUR_OFFICE = "labour_office", _("Ngành Lao động – Thương binh và Xã hội (đến 2025)")
    CULTURE = "culture", _("Ngành Văn hóa, Thể thao và Du lịch")
    JUSTICE = "justice", _("Ngành Tư pháp")
    POLICE = "police", _("Công an")
    OTHER = "other", _("Khác")


# Trainees of a training course by who they are: the cadre levels the plans set targets for
# ("70% of provincial, 50% of district and commune cadres trained") and the networks they name.
CADRE_TRAINEE_FIELDS = ("trainees_province", "trainees_district", "trainees_commune")
TRAINEE_FIELDS = (
    *CADRE_TRAINEE_FIELDS,
    "trainees_rapporteurs",
    "trainees_peer_educators",
    "trainees_press",
    "trainees_volunteers",
)


def default_client_id():
    return str(uuid.uuid4())


class Status(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")


class SessionQuerySet(models.QuerySet):
    def approved(self):
        """The only sessions indicators may count."""
        return self.filter(status=Status.APPROVED)

    def outreach(self):
        """Sessions that are outreach: every form but training courses and inspections."""
        return self.exclude(form__in=NOT_OUTREACH_FORMS)


class Session(models.Model):
    client_id = models.CharField(
        _("mã do thiết bị tạo"),
        max_length=64,
        default=default_client_id,
        help_text=_(
            "Thiết bị tạo mã này, hoặc mã dòng của bảng tính khi nhập từ tệp; gửi lại cùng mã "
            "không tạo bản ghi mới."
        ),
    )
    import_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị nhập tệp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Đơn vị của người nhập tệp: mã dòng của bảng tính chỉ cần không trùng trong đơn vị "
            "này. Để trống với bản ghi từ thiết bị hoặc API (mã không trùng trên toàn hệ thống)."
        ),
    )
    date = models.DateField(_("ngày"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("địa điểm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="sessions",
        help_text=_("Xã, phường nơi tổ chức; lấy theo địa điểm nếu có."),
    )
    form = models.CharField(_("hình thức"), max_length=32, choices=Form.choices)
    audience = models.CharField(_("đối tượng"), max_length=32, choices=Audience.choices)
    cohort = models.CharField(
        _("nhóm tham dự"),
        max_length=120,
        blank=True,
        help_text=_("Tên nhóm đã dự, ví dụ “10A1” hoặc “ca sáng xưởng may”."),
    )
    participants = models.PositiveIntegerField(_("số người tham dự"))
    female = models.PositiveIntegerField(_("trong đó nữ"), default=0)
    ethnic_minority = models.PositiveIntegerField(_("trong đó dân tộc thiểu số"), default=0)
    under_18 = models.PositiveIntegerField(_("trong đó dưới 18 tuổi"), default=0)
    trainees_province = models.PositiveIntegerField(_("học viên là cán bộ cấp tỉnh"), default=0)
    trainees_district = models.PositiveIntegerField(
        _("học viên là cán bộ cấp huyện, thị xã, thành phố"), default=0
    )
    trainees_commune = models.PositiveIntegerField(
        _("học viên là cán bộ cấp xã, phường, thị trấn"), default=0
    )
    trainees_rapporteurs = models.PositiveIntegerField(
        _("học viên là báo cáo viên, tuyên truyền viên"), default=0
    )
    trainees_peer_educators = models.PositiveIntegerField(
        _("học viên là đồng đẳng viên"), default=0
    )
    trainees_press = models.PositiveIntegerField(
        _("học viên là phóng viên, biên tập viên"), default=0
    )
    trainees_volunteers = models.PositiveIntegerField(
        _("học viên là tình nguyện viên, cộng tác viên"), default=0
    )
    languages = models.JSONField(_("ngôn ngữ sử dụng"), default=list, blank=True)
    organizer = models.CharField(_("đơn vị tổ chức"), max_length=32, choices=Organizer.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    above_baseline_confirmed = models.BooleanField(
        _("đã xác nhận số người vượt quy mô địa điểm"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="logged_sessions",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_sessions",
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi tuyên truyền")
        verbose_name_plural = _("buổi tuyên truyền")
        ordering = ["-date", "-created_at"]
        permissions = [
            ("review_session", _("Duyệt buổi tuyên truyền")),
            ("import_session", _("Nhập buổi tuyên truyền từ tệp")),
        ]
        indexes = [
            models.Index(fields=["status", "date"]),
            models.Index(fields=["venue", "audience", "cohort"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_unit", "client_id"], name="events_session_client_id_per_unit"
            ),
            models.UniqueConstraint(
                fields=["client_id"],
                condition=Q(import_unit__isnull=True),
                name="events_session_client_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(female__lte=F("participants")),
                name="events_session_female_within_participants",
            ),
            models.CheckConstraint(
                condition=Q(ethnic_minority__lte=F("participants")),
                name="events_session_minority_within_participants",
            ),
            models.CheckConstraint(
                condition=Q(under_18__lte=F("participants")),
                name="events_session_under_18_within_participants",
            ),
        ]

    def __str__(self):
        where = self.venue or self.org_unit
        return f"{self.date:%d/%m/%Y} · {self.get_form_display()} · {where}"

    @property
    def is_locked(self):
        return self.status == Status.APPROVED

    @property
    def is_editable_by_author(self):
        return self.status in {Status.DRAFT, Status.RETURNED}


class MaterialHandedOut(models.Model):
    """Materials given out at a session; free text until the library exists."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="materials_handed_out"
    )
    description = models.CharField(_("tài liệu"), max_length=255)
    quantity = models.PositiveIntegerField(_("số lượng"))

    class Meta:
        verbose_name = _("tài liệu đã phát")
        verbose_name_plural = _("tài liệu đã phát")

    def __str__(self):
        return f"{self.description} × {self.quantity}"


def photo_path(photo, filename):
    # By the session's number: a client id may be any text a spreadsheet held.
    return f"sessions/{photo.session.pk}/{uuid.uuid4().hex}.jpg"


def thumbnail_path(photo, filename):
    return f"sessions/{photo.session.pk}/thumbs/{uuid.uuid4().hex}.jpg"


class SessionPhoto(models.Model):
    """A photo, re-encoded as JPEG without metadata when it was received."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to=photo_path)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    thumbnail = models.ImageField(_("ảnh thu nhỏ"), upload_to=thumbnail_path, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "session__org_unit"

    class Meta:
        verbose_name = _("ảnh hoạt động")
        verbose_name_plural = _("ảnh hoạt động")

    def __str__(self):
        return self.image.name


class Action(models.TextChoices):
    CREATED = "created", _("Tạo")
    EDITED = "edited", _("Sửa")
    SUBMITTED = "submitted", _("Gửi duyệt")
    APPROVED = "approved", _("Duyệt")
    RETURNED = "returned", _("Trả lại")
    UNLOCKED = "unlocked", _("Mở khoá")
    IMPORTED = "imported", _("Nhập từ tệp")


class SessionChange(models.Model):
    """The audit trail: who did what to a session, when, and which fields changed."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    scope_unit_field = "session__org_unit"

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử thay đổi")
        verbose_name_plural = _("lịch sử thay đổi")

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class FollowUp(models.Model):
    """Work to do after a change is committed (thumbnails, notifications, refreshes).

    Written in the same transaction as the change, so it survives a broker
    outage; a dispatcher hands pending rows to Celery and each task marks its
    row done, so a resend never does the work twice.
    """

    kind = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    # After MAX_TRIES sends without success the dispatcher stops and an administrator
    # sees the row (with its last error) in the admin's list of given-up work.
    given_up_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["done_at", "dispatched_at"])]

    def __str__(self):
        return self.key
