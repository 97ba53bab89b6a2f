"""The registers the plans ask communication work to keep, beside the sessions and the media log.

- pilot models (mô hình thí điểm) with their unit and status;
- commendations (khen thưởng) of collectives and individuals;
- creative contests (cuộc thi sáng tác: writing, drawing, clips, plays…), their entries and
  judging, beside the online quiz (``contests``);
- the networks of peer educators, collaborators, rapporteurs and volunteers.

Every row belongs to an org unit and is seen only within its subtree (``places.scope``).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from places.models import OrgUnit, Venue


def _unit(verbose=None):
    return models.ForeignKey(
        OrgUnit,
        verbose_name=verbose or _("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )


class PilotKind(models.TextChoices):
    CLUB = "club", _("Câu lạc bộ, tổ, nhóm")
    COUNSELLING_POINT = "counselling_point", _("Điểm tư vấn, hỗ trợ")
    PEER_GROUP = "peer_group", _("Nhóm giáo dục đồng đẳng")
    COMMUNITY_MODEL = "community_model", _("Mô hình dựa vào cộng đồng")
    HARM_REDUCTION = "harm_reduction", _("Can thiệp giảm hại")
    OTHER = "other", _("Khác")


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    PILOTING = "piloting", _("Đang thí điểm")
    MAINTAINED = "maintained", _("Duy trì sau thí điểm")
    REPLICATED = "replicated", _("Đã nhân rộng")
    STOPPED = "stopped", _("Đã dừng")


class PilotModel(models.Model):
    """A pilot model (mô hình thí điểm) run by a unit, with its status."""

    name = models.CharField(_("tên mô hình"), max_length=255)
    org_unit = _unit(_("đơn vị thực hiện"))
    kind = models.CharField(_("loại mô hình"), max_length=32, choices=PilotKind.choices)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=PilotStatus.choices, default=PilotStatus.PLANNED
    )
    lead_agency = models.CharField(_("cơ quan chủ trì"), max_length=255, blank=True)
    started_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    ended_on = models.DateField(_("kết thúc"), null=True, blank=True)
    result = models.TextField(_("kết quả, đánh giá"), blank=True)

    class Meta:
        verbose_name = _("mô hình thí điểm")
        verbose_name_plural = _("mô hình thí điểm")
        ordering = ["org_unit__path", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="registers_pilot_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Commendation(models.Model):
    """A collective or an individual commended for prostitution-prevention work."""

    org_unit = _unit(_("đơn vị đề nghị"))
    recipient = models.CharField(
        _("tập thể, cá nhân được khen"),
        max_length=255,
        help_text=_("Họ và tên theo thứ tự họ, đệm, tên; hoặc tên tập thể."),
    )
    recipient_kind = models.CharField(
        _("loại"), max_length=16, choices=RecipientKind.choices, default=RecipientKind.COLLECTIVE
    )
    award = models.CharField(
        _("hình thức khen thưởng"), max_length=255, help_text=_("Ví dụ “Bằng khen”, “Giấy khen”.")
    )
    decision = models.CharField(
        _("quyết định"), max_length=255, blank=True, help_text=_("Số, ngày và cơ quan ban hành.")
    )
    decided_on = models.DateField(_("ngày quyết định"))
    reason = models.TextField(_("thành tích"), blank=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decided_on", "recipient"]

    def __str__(self):
        return f"{self.recipient} · {self.award}"


class CreativeContest(models.Model):
    """A creative contest (cuộc thi sáng tác): entries are works, judged by a panel."""

    title = models.CharField(_("tên cuộc thi"), max_length=255)
    org_unit = _unit(_("đơn vị tổ chức"))
    opens_on = models.DateField(_("nhận bài từ"))
    closes_on = models.DateField(_("nhận bài đến"))
    judged_on = models.DateField(_("ngày chấm"), null=True, blank=True)
    rules = models.TextField(_("thể lệ"), blank=True)

    class Meta:
        verbose_name = _("cuộc thi sáng tác")
        verbose_name_plural = _("cuộc thi sáng tác")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="registers_contest_closes_after"
            )
        ]

    def __str__(self):
        return self.title


class WorkKind(models.TextChoices):
    WRITING = "writing", _("Bài viết, tiểu phẩm")
    DRAWING = "drawing", _("Tranh vẽ, tranh cổ động")
    PHOTO = "photo", _("Ảnh")
    VIDEO = "video", _("Video, phim ngắn")
    SONG = "song", _("Bài hát, sân khấu hóa")
    OTHER = "other", _("Khác")


class Prize(models.TextChoices):
    NONE = "", _("Không đạt giải")
    FIRST = "first", _("Giải Nhất")
    SECOND = "second", _("Giải Nhì")
    THIRD = "third", _("Giải Ba")
    CONSOLATION = "consolation", _("Giải Khuyến khích")


class CreativeEntry(models.Model):
    """A work entered in a creative contest, and how the panel judged it."""

    contest = models.ForeignKey(
        CreativeContest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    title = models.CharField(_("tên tác phẩm"), max_length=255)
    kind = models.CharField(_("thể loại"), max_length=16, choices=WorkKind.choices)
    author = models.CharField(
        _("tác giả, nhóm tác giả"),
        max_length=255,
        help_text=_("Họ và tên theo thứ tự họ, đệm, tên."),
    )
    school_or_workplace = models.CharField(_("trường, nơi làm việc"), max_length=255, blank=True)
    received_on = models.DateField(_("ngày nhận"))
    score = models.DecimalField(
        _("điểm chấm"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    prize = models.CharField(_("giải"), max_length=16, choices=Prize.choices, blank=True)
    judges_note = models.TextField(_("nhận xét của ban giám khảo"), blank=True)

    scope_unit_field = "contest__org_unit"

    class Meta:
        verbose_name = _("tác phẩm dự thi")
        verbose_name_plural = _("tác phẩm dự thi")
        ordering = ["contest", "-score", "title"]

    def __str__(self):
        return f"{self.title} · {self.author}"


class NetworkRole(models.TextChoices):
    PEER_EDUCATOR = "peer_educator", _("Đồng đẳng viên")
    COLLABORATOR = "collaborator", _("Cộng tác viên")
    RAPPORTEUR = "rapporteur", _("Báo cáo viên")
    PROPAGANDIST = "propagandist", _("Tuyên truyền viên")
    VOLUNTEER = "volunteer", _("Tình nguyện viên")


class NetworkMember(models.Model):
    """A member of a unit's network of peer educators, collaborators, rapporteurs, volunteers."""

    org_unit = _unit()
    full_name = models.CharField(
        _("họ và tên"), max_length=255, help_text=_("Theo thứ tự họ, đệm, tên.")
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=NetworkRole.choices)
    network = models.CharField(
        _("mạng lưới, nhóm"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ “Nhóm đồng đẳng khu công nghiệp Long Bình”."),
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("địa điểm hoạt động"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    joined_on = models.DateField(_("tham gia từ"), null=True, blank=True)
    left_on = models.DateField(_("thôi tham gia"), null=True, blank=True)
    trained_on = models.DateField(_("được tập huấn ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên mạng lưới")
        verbose_name_plural = _("mạng lưới đồng đẳng viên, cộng tác viên")
        ordering = ["org_unit__path", "role", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"
