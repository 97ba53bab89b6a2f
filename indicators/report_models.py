"""Periodic reports (báo cáo định kỳ): one per unit and period, and the reminders sent for them.

Imported at the end of ``indicators.models`` so that Django registers these
models with the app. The rules (generation, editing, finalising, deadlines)
live in ``indicators.reports``.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.storage import AtomicFileSystemStorage
from indicators.report_sections import SECTION_CHOICES
from places.models import OrgUnit

__all__ = ["Report", "ReportReminder", "ReportSection", "ReportStatus", "report_storage"]


def report_storage():
    """Report files live under MEDIA_ROOT/reports and are served only by the scoped view;
    each is written whole or not at all (a worker killed mid-write leaves none)."""
    return AtomicFileSystemStorage(location=Path(settings.MEDIA_ROOT) / "reports", base_url=None)


def report_file_path(report, filename):
    # A fresh random folder per generation: an old link never serves a newer file.
    return f"{report.period}/{uuid.uuid4().hex}/{filename}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    GENERATING = "generating", _("Đang tạo tệp")
    READY = "ready", _("Đã tạo tệp, đang soạn")
    FAILED = "failed", _("Tạo tệp không thành công")
    FINALISED = "finalised", _("Đã hoàn thành")
    SUBMITTED = "submitted", _("Đã gửi cấp trên")


class Report(models.Model):
    """A unit's report for a period: header, narrative, generated files, and once finalised,
    the frozen figures and to whom and when it was submitted."""

    LOCKED = (ReportStatus.FINALISED, ReportStatus.SUBMITTED)

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=16)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )

    # The document's header and signature block, as the officer edits them.
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issuer = models.TextField(
        _("cơ quan ban hành"),
        blank=True,
        help_text=_("Một hoặc hai dòng, in hoa, góc trên bên trái."),
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(
        _("ngày báo cáo"),
        null=True,
        blank=True,
        help_text=_("Để trống: điền ngày hoàn thành báo cáo."),
    )
    signer_title = models.TextField(_("chức vụ người ký"), blank=True)
    signer_name = models.CharField(_("họ và tên người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)

    snapshot = models.JSONField(
        _("số liệu"),
        null=True,
        blank=True,
        help_text=_("Số liệu của lần tạo tệp gần nhất; được chốt khi hoàn thành báo cáo."),
    )
    xlsx_file = models.FileField(
        _("tệp XLSX"), storage=report_storage, upload_to=report_file_path, blank=True
    )
    pdf_file = models.FileField(
        _("tệp PDF"), storage=report_storage, upload_to=report_file_path, blank=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    progress_label = models.CharField(max_length=200, blank=True)
    generation_error = models.TextField(blank=True)
    generation_started_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(_("tạo tệp lúc"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hoàn thành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    submitted_to = models.ForeignKey(
        OrgUnit,
        verbose_name=_("gửi đến"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_reports",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period", "org_unit__path"]
        permissions = [("finalise_report", _("Hoàn thành và gửi báo cáo định kỳ"))]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "period"], name="indicators_report_unique"),
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self):
        return f"{self.org_unit} · {self.period}"

    @property
    def is_locked(self):
        return self.status in self.LOCKED


class ReportSection(models.Model):
    """One narrative section: the text generated from the data, and the text that prints."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("phần"), max_length=32, choices=SECTION_CHOICES)
    text = models.TextField(_("nội dung"), blank=True)
    prefilled = models.TextField(_("nội dung điền sẵn"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("sửa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phần của báo cáo")
        verbose_name_plural = _("phần của báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="indicators_section_unique"),
        ]

    def __str__(self):
        return f"{self.report} · {self.code}"

    @property
    def is_edited(self):
        return self.edited_at is not None


class ReportReminder(models.Model):
    """A reminder e-mailed to a unit's officers before a deadline; sent once per threshold.

    ``period`` is the report's period, or ``ad_hoc-<id>`` for an ad-hoc request (a
    ``Deadline`` with its own date).
    """

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)
    days_before = models.PositiveSmallIntegerField()
    deadline = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lời nhắc hạn báo cáo")
        verbose_name_plural = _("lời nhắc hạn báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period", "days_before"], name="indicators_reminder_once"
            ),
        ]

    def __str__(self):
        return f"{self.org_unit_id} {self.period} −{self.days_before}"
