"""Plans and their targets, unit-level facts the indicators need, and stored results."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from indicators.definitions import INDICATOR_CHOICES
from places.models import Level, OrgUnit


class PlanForm(models.TextChoices):
    """A document's legal form: a Quyết định issues a programme or a plan; a Kế hoạch is one."""

    DECISION = "decision", _("Quyết định")
    PLAN = "plan", _("Kế hoạch")
    PROGRAMME = "programme", _("Chương trình")


class Plan(ClusterableModel):
    """A plan (kế hoạch) or the decision issuing one, for a span of years, with its targets.

    ``parent`` is the document the plan implements (thực hiện), as its text names
    it. A document that is named but whose text is not loaded is a stub: its
    number, form, body and date only, no targets and no deadlines.
    """

    name = models.CharField(_("tên kế hoạch"), max_length=300)
    form = models.CharField(
        _("hình thức văn bản"), max_length=16, choices=PlanForm.choices, default=PlanForm.PLAN
    )
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issued_on = models.DateField(
        _("ngày ban hành"),
        null=True,
        blank=True,
        help_text=_("Ngày ghi trong văn bản; để trống nếu văn bản không ghi."),
    )
    legal_bases = models.TextField(
        _("căn cứ"), blank=True, help_text=_("Mỗi dòng một văn bản làm căn cứ.")
    )
    is_stub = models.BooleanField(
        _("chỉ ghi số, ngày"),
        default=False,
        help_text=_("Văn bản được nhắc đến nhưng chưa nhập nội dung: không có chỉ tiêu, hạn."),
    )
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện văn bản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-first_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "document_number", "first_year"],
                name="indicators_plan_unique_document",
            ),
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="indicators_plan_years_in_order",
            ),
        ]

    def __str__(self):
        return self.citation()

    @property
    def period_code(self):
        return f"{self.first_year}-{self.last_year}"

    def citation(self):
        """ "Quyết định số 808/QĐ-LĐTBXH ngày 05/09/2022": form, number and date as written."""
        form = self.get_form_display()
        if self.document_number and self.issued_on:
            return _("%(form)s số %(number)s ngày %(date)s") % {
                "form": form,
                "number": self.document_number,
                "date": self.issued_on.strftime("%d/%m/%Y"),
            }
        if self.document_number:
            return _("%(form)s số %(number)s") % {"form": form, "number": self.document_number}
        name = self.name
        if not name.lower().startswith(str(form).lower()):
            name = f"{form} {name[:1].lower()}{name[1:]}"
        return name


class TargetKind(models.TextChoices):
    EACH_PERIOD = "each_period", _("mỗi kỳ")
    BY_DATE = "by_date", _("đến hạn (cộng dồn)")
    STAGED = "staged", _("theo mốc năm")
    COUNT = "count", _("số lượng")
    RANGE = "range", _("khoảng")
    CHANGE = "change", _("mức tăng, giảm hằng năm")


class Every(models.TextChoices):
    ANY = "", _("mọi kỳ")
    MONTH = "month", _("tháng")
    QUARTER = "quarter", _("quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("năm")


class Target(models.Model):
    """What a plan sets for one indicator, and for which periods it holds (``kind``).

    ``each_period``: ``value`` on every period of length ``every`` (blank: any period);
    ``by_date``: ``value`` reached by ``until``, read on the cumulative period from the
    plan's first year; ``staged``: ``value`` from ``year`` on (until a later stage);
    ``count``: a number; ``range``: ``low``–``high``; ``change``: a yearly change of
    ``low``–``high`` percent. ``value`` empty: the plan names the aim without a figure.
    """

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ tiêu"), max_length=32, choices=INDICATOR_CHOICES)
    level = models.CharField(
        _("áp dụng cho cấp"),
        max_length=16,
        choices=Level.choices,
        blank=True,
        help_text=_("Để trống nếu áp dụng cho mọi cấp (ví dụ tập huấn: 70% cấp tỉnh, 50% cấp xã)."),
    )
    kind = models.CharField(
        _("loại chỉ tiêu"),
        max_length=16,
        choices=TargetKind.choices,
        default=TargetKind.EACH_PERIOD,
    )
    every = models.CharField(_("mỗi"), max_length=8, choices=Every.choices, blank=True)
    value = models.DecimalField(
        _("giá trị"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Tỉ lệ phần trăm (hoặc số lượng); để trống nếu kế hoạch không nêu mức."),
    )
    low = models.DecimalField(_("từ"), max_digits=9, decimal_places=1, null=True, blank=True)
    high = models.DecimalField(_("đến"), max_digits=9, decimal_places=1, null=True, blank=True)
    until = models.DateField(_("đến ngày"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("mốc năm"), null=True, blank=True)
    wording = models.CharField(
        _("cách ghi trong kế hoạch"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ “≥ 70%”, “100%”, “mỗi tháng ít nhất 1 tin, bài”."),
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["indicator", "level", "kind", "year"]

    def __str__(self):
        return f"{self.get_indicator_display()}: {self.describe()}"

    def describe(self):
        """The target in words: figure, and for which periods it holds."""
        from indicators.targets import describe

        return describe(self)


class ReportKey(models.TextChoices):
    Q1 = "Q1", _("Quý I")
    Q2 = "Q2", _("Quý II")
    Q3 = "Q3", _("Quý III")
    Q4 = "Q4", _("Quý IV")
    H1 = "H1", _("6 tháng")
    M9 = "M9", _("9 tháng")
    Y = "Y", _("Năm")
    P = "P", _("Cả giai đoạn")
    AD_HOC = "ad_hoc", _("Đột xuất")


class Direction(models.TextChoices):
    IN = "in", _("đơn vị cấp dưới gửi lên")
    OUT = "out", _("gửi cấp trên")


class Deadline(models.Model):
    """When reports are due under a plan: sent to it (``in``) or by its unit upward (``out``).

    A yearly date has ``month`` and ``day``; a one-off date (the end-of-plan report,
    an ad-hoc report requested by a higher unit) has ``due``. ``from_level`` limits
    an ``in`` deadline to the units of one level (blank: every unit reporting to it).
    """

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="deadlines")
    report = models.CharField(_("báo cáo"), max_length=8, choices=ReportKey.choices)
    direction = models.CharField(_("chiều"), max_length=4, choices=Direction.choices)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    due = models.DateField(_("hạn (ngày cụ thể)"), null=True, blank=True)
    from_level = models.CharField(
        _("đơn vị gửi (cấp)"), max_length=16, choices=Level.choices, blank=True
    )
    wording = models.CharField(_("cách ghi trong kế hoạch"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hạn báo cáo")
        verbose_name_plural = _("hạn báo cáo")
        ordering = ["direction", "report", "due"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due__isnull=False)
                | Q(month__isnull=False, day__isnull=False)
                | Q(report="ad_hoc"),
                name="indicators_deadline_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_report_display()} ({self.get_direction_display()}): {self.due_text()}"

    def due_text(self):
        if self.due:
            return self.due.strftime("%d/%m/%Y")
        if self.month and self.day:
            return f"{self.day:02d}/{self.month:02d}"
        return str(_("theo yêu cầu"))

    @property
    def due_code(self):
        """``MM-DD`` for a yearly date, the ISO date for a one-off one, None when unset."""
        if self.due:
            return self.due.isoformat()
        if self.month and self.day:
            return f"{self.month:02d}-{self.day:02d}"
        return None


class UnitYear(models.Model):
    """What a unit reports about itself for a year: its yearly plan, integration, cadres."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    has_yearly_plan = models.BooleanField(_("đã có kế hoạch năm"), default=False)
    plan_document = models.FileField(_("tệp kế hoạch năm"), upload_to="unit-plans/", blank=True)
    integrated = models.BooleanField(_("đã lồng ghép vào chương trình khác"), default=False)
    cadres = models.PositiveIntegerField(_("số cán bộ cần tập huấn"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông tin năm của đơn vị")
        verbose_name_plural = _("thông tin năm của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year"], name="indicators_unit_year"),
        ]

    def __str__(self):
        return f"{self.org_unit} {self.year}"


class IndicatorResult(models.Model):
    """A computed figure, stored so that dashboards read rather than compute.

    ``value`` is None when the denominator is zero: "no data", never 0%.
    """

    indicator = models.CharField(max_length=32, choices=INDICATOR_CHOICES)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="results")
    period = models.CharField(max_length=16)
    numerator = models.DecimalField(max_digits=14, decimal_places=1)
    denominator = models.DecimalField(max_digits=14, decimal_places=1)
    value = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    details = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField()
    stale = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "org_unit", "period"], name="indicators_result_unique"
            ),
        ]
        indexes = [models.Index(fields=["period", "indicator"])]

    def __str__(self):
        return f"{self.indicator} {self.org_unit_id} {self.period}: {self.value}"


from indicators.report_models import *  # noqa: E402,F403
