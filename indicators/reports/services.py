"""Periodic reports: create, generate, edit, finalise and submit.

- ``open_report``: the unit's report for a period, created with a prefilled header.
- ``request_generation``: mark it generating and queue ``indicators.generate_report``.
- ``generate``: (the task's work) build the figures, refresh the prefilled sections
  an officer has not rewritten, write the XLSX and PDF, report progress on the row.
- ``edit_section`` / ``restore_section`` / ``edit_header``: the officer's text.
- ``finalise``: generate one last time from the figures as they stand, freeze them,
  lock the report and submit it to the parent unit in force; records who and when.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.queue import task_named
from indicators.models import Report, ReportSection, ReportStatus
from indicators.periods import parse_period
from indicators.report_sections import SECTIONS
from indicators.reports import access, bodies, data, narrative, pdf, xlsx
from indicators.reports.labels import place_name
from places.models import Level, OrgUnit

logger = logging.getLogger(__name__)

# Periods a report may cover (months are for the dashboard, not for reports).
REPORT_PERIOD_KINDS = ("quarter", "half", "nine_months", "year", "plan")
# A generation still "running" after this long lost its worker; it may be started again.
STUCK_AFTER = timedelta(minutes=35)
EDITABLE_HEADER_FIELDS = (
    "number",
    "issuer",
    "place",
    "issued_on",
    "signer_title",
    "signer_name",
    "recipients",
)


class ReportLocked(ValidationError):
    pass


def parent_in_force(unit: OrgUnit, day) -> OrgUnit | None:
    """The unit a report goes to: the nearest unit above in force on ``day``."""
    for ancestor in reversed(list(unit.ancestors())):
        if ancestor.is_valid_on(day):
            return ancestor
    return unit.parent


def _default_header(unit: OrgUnit, period):
    if unit.level == Level.COUNTRY:
        # The programme's standing agency of the period: the labour ministry, then health.
        issuer = bodies.standing_agency(unit, period.end)
        signer = _("THỦ TRƯỞNG ĐƠN VỊ")
    else:
        issuer = _("ỦY BAN NHÂN DÂN") + "\n" + unit.name.upper()
        signer = _("TM. ỦY BAN NHÂN DÂN") + "\n" + _("CHỦ TỊCH")
    receiver = parent_in_force(unit, period.end)
    recipients = []
    if receiver is not None:
        name = receiver.name
        if receiver.level == Level.COUNTRY:
            name = bodies.central_agency(period.end)
        recipients.append(_("- %(receiver)s (để báo cáo);") % {"receiver": name})
    recipients.append(_("- Lưu: VT."))
    return {
        "number": _("…/BC-UBND"),
        "issuer": issuer,
        "place": place_name(unit.name),
        "signer_title": signer,
        "recipients": "\n".join(recipients),
    }


def open_report(unit: OrgUnit, period_code: str, user) -> tuple[Report, bool]:
    """The unit's report for the period, created (with its header prefilled) if it is new."""
    period = parse_period(period_code)
    if period.kind not in REPORT_PERIOD_KINDS:
        raise ValidationError(
            _("Báo cáo được lập theo quý, 6 tháng, 9 tháng, năm hoặc giai đoạn kế hoạch.")
        )
    access.require_prepare(user, unit)
    report, created = Report.objects.get_or_create(
        org_unit=unit,
        period=period.code,
        defaults={"created_by": user, **_default_header(unit, period)},
    )
    if created:
        ReportSection.objects.bulk_create(
            ReportSection(report=report, code=section.code) for section in SECTIONS
        )
    return report, created


def _require_editable(report: Report):
    if report.is_locked:
        raise ReportLocked(_("Báo cáo đã hoàn thành và đã khoá, không sửa được nữa."))


def is_running(report: Report) -> bool:
    if report.status != ReportStatus.GENERATING:
        return False
    started = report.generation_started_at
    return started is not None and timezone.now() - started < STUCK_AFTER


def request_generation(report: Report, user, *, finalise=False) -> Report:
    """Mark the report as generating and queue the task (after the transaction commits).

    Finalising is the same generation, ending with the freeze and submission.
    """
    access.require_prepare(user, report.org_unit)
    if finalise:
        access.require_finalise(user, report.org_unit)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _require_editable(report)
        if is_running(report):
            raise ValidationError(_("Báo cáo đang được tạo tệp; chờ xong rồi thử lại."))
        if finalise and report.status != ReportStatus.READY:
            raise ValidationError(_("Tạo tệp và kiểm tra báo cáo trước khi hoàn thành."))
        report.status = ReportStatus.GENERATING
        report.progress = 0
        report.progress_label = _("Đang chờ xử lý…")
        report.generation_error = ""
        report.generation_started_at = timezone.now()
        report.save(
            update_fields=[
                "status",
                "progress",
                "progress_label",
                "generation_error",
                "generation_started_at",
            ]
        )
        language = translation.get_language()
        transaction.on_commit(lambda: _enqueue(report.pk, user.pk, finalise, language))
    return report


def _enqueue(report_id, user_id, finalise, language):
    try:
        task_named("indicators.generate_report").apply_async(
            args=[report_id, user_id, finalise, language], retry=False
        )
    except Exception as exc:  # the broker is down: say so on the report rather than hang
        logger.warning("Report %s could not be queued: %s", report_id, exc)
        Report.objects.filter(pk=report_id, status=ReportStatus.GENERATING).update(
            status=ReportStatus.FAILED,
            generation_error=_("Hàng đợi xử lý không hoạt động. Thử lại sau ít phút."),
        )


STAGES = {
    "indicators": gettext_lazy("Đang tính các chỉ tiêu…"),
    "children": gettext_lazy("Đang tổng hợp theo đơn vị cấp dưới…"),
    "records": gettext_lazy("Đang tổng hợp các hoạt động…"),
    "xlsx": gettext_lazy("Đang ghi tệp XLSX…"),
    "pdf": gettext_lazy("Đang ghi tệp PDF…"),
    "done": gettext_lazy("Xong."),
}


def _progress(report_id):
    def report_progress(percent, stage):
        # Written outside any transaction, so the admin's polling sees it at once.
        Report.objects.filter(pk=report_id).update(
            progress=percent, progress_label=str(STAGES.get(stage, stage))
        )

    return report_progress


def _refresh_sections(report, snapshot):
    texts = narrative.prefill(snapshot)
    sections = {section.code: section for section in report.sections.all()}
    for section in SECTIONS:
        row = sections.get(section.code) or ReportSection(report=report, code=section.code)
        row.prefilled = texts.get(section.code, "")
        if not row.is_edited:
            row.text = row.prefilled
        row.save()


def file_stem(report) -> str:
    return f"bao-cao-{report.org_unit.code}-{report.period}".lower()


def generate(report_id, user_id=None, finalise=False) -> str:
    """The task's work: figures, sections, XLSX and PDF; on ``finalise``, freeze and submit.

    Any failure marks the report FAILED with the reason and leaves it unlocked.
    """
    report = Report.objects.select_related("org_unit").get(pk=report_id)
    if report.is_locked:
        return "locked"
    progress = _progress(report.pk)
    try:
        progress(2, "indicators")
        snapshot = data.build(report.org_unit, report.period, progress)
        _refresh_sections(report, snapshot)
        now = timezone.now()
        if finalise:
            report.issued_on = report.issued_on or timezone.localdate(now)
        progress(55, "xlsx")
        xlsx_bytes = xlsx.write(report, snapshot, progress, final=finalise)
        progress(85, "pdf")
        pdf_bytes = pdf.write(report, snapshot, final=finalise)
        old_files = [report.xlsx_file.name, report.pdf_file.name]
        report.xlsx_file.save(f"{file_stem(report)}.xlsx", ContentFile(xlsx_bytes), save=False)
        report.pdf_file.save(f"{file_stem(report)}.pdf", ContentFile(pdf_bytes), save=False)
        report.snapshot = snapshot
        report.generated_at = now
        report.progress = 100
        report.progress_label = str(STAGES["done"])
        report.generation_error = ""
        report.status = ReportStatus.READY
        fields = [
            "xlsx_file",
            "pdf_file",
            "snapshot",
            "generated_at",
            "progress",
            "progress_label",
            "generation_error",
            "status",
        ]
        if finalise:
            _freeze_and_submit(report, user_id, now)
            fields += ["issued_on", "finalised_by", "finalised_at", "submitted_to", "submitted_at"]
        report.save(update_fields=fields)
        _delete_files(report, old_files)
    except Exception as exc:
        logger.exception("Report %s could not be generated", report_id)
        Report.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            progress=0,
            generation_error=_("Không tạo được tệp: %(error)s") % {"error": exc},
        )
        return "failed"
    return "finalised" if finalise else "ready"


def _freeze_and_submit(report, user_id, now):
    receiver = parent_in_force(report.org_unit, timezone.localdate(now))
    report.finalised_by_id = user_id
    report.finalised_at = now
    if receiver is not None:
        report.status = ReportStatus.SUBMITTED
        report.submitted_to = receiver
        report.submitted_at = now
    else:  # the country: nothing above it in the tree
        report.status = ReportStatus.FINALISED


def _delete_files(report, names):
    storage = report.pdf_file.storage
    for name in names:
        if name and name not in (report.xlsx_file.name, report.pdf_file.name):
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete the old report file %s", name)


def finalise(report: Report, user) -> Report:
    """Regenerate from the figures as they stand, freeze them, lock and submit the report."""
    return request_generation(report, user, finalise=True)


def edit_section(report: Report, code: str, text: str, user) -> ReportSection:
    access.require_prepare(user, report.org_unit)
    _require_editable(report)
    section = report.sections.get(code=code)
    section.text = text.strip()
    section.edited_by = user
    section.edited_at = timezone.now()
    section.save(update_fields=["text", "edited_by", "edited_at"])
    return section


def restore_section(report: Report, code: str, user) -> ReportSection:
    """Back to the generated text; later generations update it again."""
    access.require_prepare(user, report.org_unit)
    _require_editable(report)
    section = report.sections.get(code=code)
    section.text = section.prefilled
    section.edited_by = None
    section.edited_at = None
    section.save(update_fields=["text", "edited_by", "edited_at"])
    return section


def edit_header(report: Report, values: dict, user) -> Report:
    access.require_prepare(user, report.org_unit)
    _require_editable(report)
    unknown = set(values) - set(EDITABLE_HEADER_FIELDS)
    if unknown:
        raise PermissionDenied
    for name, value in values.items():
        setattr(report, name, value)
    report.save(update_fields=[*values, "updated_at"])
    return report
