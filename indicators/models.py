"""Plans and their targets, unit-level facts the indicators need, and stored results."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from indicators.definitions import INDICATOR_CHOICES
from places.models import Level, OrgUnit


class Plan(ClusterableModel):
    """A plan (kế hoạch) issued by a unit for a span of years, with its targets."""

    name = models.CharField(_("tên kế hoạch"), max_length=300)
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    report_deadlines = models.JSONField(
        _("hạn báo cáo"),
        default=list,
        blank=True,
        help_text=_('Danh sách [kỳ, tháng, ngày], ví dụ ["H1", 6, 20] và ["Y", 12, 20].'),
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
        number = f"{self.document_number} · " if self.document_number else ""
        return f"{number}{self.name} ({self.first_year}–{self.last_year})"


class Target(models.Model):
    """The value a plan sets for one indicator (a percentage, or months for the press)."""

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ tiêu"), max_length=32, choices=INDICATOR_CHOICES)
    level = models.CharField(
        _("áp dụng cho cấp"),
        max_length=16,
        choices=Level.choices,
        blank=True,
        help_text=_("Để trống nếu áp dụng cho mọi cấp (ví dụ tập huấn: 70% cấp tỉnh, 50% cấp xã)."),
    )
    value = models.DecimalField(_("giá trị (%)"), max_digits=5, decimal_places=1)
    wording = models.CharField(
        _("cách ghi trong kế hoạch"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ “≥ 70%”, “100%”, “mỗi tháng ít nhất 1 tin, bài”."),
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "level"], name="indicators_target_one_per_plan"
            ),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()}: {self.value}%"


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
