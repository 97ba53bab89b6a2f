"""Periodic reports in the Wagtail admin ("Báo cáo định kỳ").

Thin views: read the report (404 unless ``reports.access`` lets the user see
it), check the permission for the action, call ``reports.services``, render.
Generation runs in the task ``indicators.generate_report``; the report page
polls a JSON status while it runs (``static/js/job_progress.js``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from indicators.models import Plan, Report, ReportStatus
from indicators.periods import InvalidPeriod, parse_period
from indicators.report_sections import BY_CODE as SECTIONS_BY_CODE
from indicators.report_sections import SECTIONS
from indicators.reports import access, bodies, deadlines, services
from indicators.reports.labels import MET, NOT_MET, number, percent, period_label, verdict_text
from indicators.services import UnknownUnit, find_unit
from places.scope import home_unit, is_in_scope

RECENT_SUBMISSIONS = 50


def report_periods(today=None):
    """Period codes offered when creating a report: this year and the last two, newest first."""
    today = today or timezone.localdate()
    codes = []
    for year in (today.year, today.year - 1, today.year - 2):
        codes += [str(year), f"{year}-M9", f"{year}-H2", f"{year}-H1"]
        codes += [f"{year}-Q{quarter}" for quarter in (4, 3, 2, 1)]
    spans = Plan.objects.values_list("first_year", "last_year").distinct().order_by("-last_year")
    codes += [f"{first}-{last}" for first, last in spans if first != last]
    return list(dict.fromkeys(codes))


def default_status_period(today=None):
    """The reporting period most likely being chased: this half's six-month or annual report."""
    today = today or timezone.localdate()
    return f"{today.year}-H1" if today.month <= 6 else str(today.year)


def _report_for(request, pk) -> Report:
    report = get_object_or_404(
        Report.objects.select_related("org_unit", "submitted_to", "finalised_by", "created_by"),
        pk=pk,
    )
    if not access.can_view(request.user, report):
        raise Http404
    return report


class ReportAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not access.may_read_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def list_crumb(self):
        return {"url": reverse("indicators_reports"), "label": _("Báo cáo định kỳ")}


# --- list and reporting status ------------------------------------------------------------


class StatusPeriodForm(forms.Form):
    period = forms.CharField(label=gettext_lazy("Kỳ"), max_length=16, required=False)

    def clean_period(self):
        code = self.cleaned_data["period"].strip().upper()
        if not code:
            return ""
        try:
            return parse_period(code).code
        except InvalidPeriod as error:
            raise forms.ValidationError(str(error)) from None


class ReportListView(ReportAdminMixin, TemplateView):
    template_name = "indicators/reports/list.html"
    page_title = gettext_lazy("Báo cáo định kỳ")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Báo cáo định kỳ")}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        home = home_unit(user)
        form = StatusPeriodForm(self.request.GET or None)
        period = default_status_period()
        if form.is_valid() and form.cleaned_data["period"]:
            period = form.cleaned_data["period"]
        own = []
        if home is not None:
            own = list(
                Report.objects.filter(org_unit=home)
                .select_related("org_unit", "submitted_to")
                .order_by("-period")
            )
            due = deadlines.deadlines_for(home, [report.period for report in own])
            for report in own:
                report.deadline = due[report.period]
        received = (
            access.visible_reports(user)
            .filter(status__in=Report.LOCKED)
            .exclude(org_unit=home)
            .select_related("org_unit", "submitted_to")
            .order_by("-submitted_at", "-finalised_at")
        )
        status = deadlines.reporting_status(home, period) if home is not None else None
        return super().get_context_data(
            home=home,
            ad_hoc=deadlines.ad_hoc_requests(home) if home is not None else [],
            own=own,
            received=received[:RECENT_SUBMISSIONS],
            status=status,
            status_period=period,
            status_period_label=period_label(period),
            form=form,
            can_create=(home is not None and access.can_prepare(user, home)) or user.is_superuser,
            period_suggestions=report_periods(),
            **kwargs,
        )


# --- creating a report -----------------------------------------------------------------------


class NewReportForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"))
    unit_code = forms.CharField(
        label=gettext_lazy("Mã đơn vị"),
        max_length=16,
        required=False,
        help_text=gettext_lazy("Để trống: đơn vị của bạn."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["period"].choices = [
            (code, f"{period_label(code)[:1].upper()}{period_label(code)[1:]} ({code})")
            for code in report_periods()
        ]
        if not user.is_superuser:
            del self.fields["unit_code"]

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("unit_code")
        if code:
            try:
                cleaned["unit"] = find_unit(code)
            except UnknownUnit as error:
                self.add_error("unit_code", str(error))
        else:
            cleaned["unit"] = home_unit(self.user)
            if cleaned["unit"] is None:
                raise forms.ValidationError(_("Tài khoản của bạn chưa gắn với đơn vị nào."))
        return cleaned


class NewReportView(ReportAdminMixin, TemplateView):
    template_name = "indicators/reports/new.html"
    page_title = gettext_lazy("Lập báo cáo")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, self.list_crumb(), {"url": "", "label": _("Lập báo cáo")}]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", NewReportForm(user=self.request.user))
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = NewReportForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        unit = form.cleaned_data["unit"]
        if not access.can_prepare(request.user, unit):
            raise PermissionDenied
        try:
            report, created = services.open_report(unit, form.cleaned_data["period"], request.user)
            if created or report.status == ReportStatus.DRAFT:
                services.request_generation(report, request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        if not created:
            messages.info(request, _("Báo cáo của kỳ này đã có; đây là báo cáo đó."))
        return redirect("indicators_report", pk=report.pk)


# --- one report ----------------------------------------------------------------------------


class HeaderForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        if report.pk and "issuer" in self.fields:
            # The current bodies beside the historical ones (the 2025 reorganisation).
            options = bodies.issuer_options(report.org_unit, report.period)
            if options:
                self.fields["issuer"].help_text = _("Có thể ghi: %(options)s.") % {
                    "options": "; ".join(
                        f"{label}: “{' – '.join(text.splitlines())}”" for label, text in options
                    )
                }

    class Meta:
        model = Report
        fields = services.EDITABLE_HEADER_FIELDS
        widgets = {
            "issuer": forms.Textarea(attrs={"rows": 2}),
            "signer_title": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class SectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50_000,
    )


def status_json(report):
    return {
        "status": report.status,
        "status_label": report.get_status_display(),
        "percent": report.progress,
        "label": report.progress_label,
        "finished": not services.is_running(report),
        "error": report.generation_error,
    }


class ReportView(ReportAdminMixin, TemplateView):
    template_name = "indicators/reports/detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.report = _report_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Báo cáo %(period)s") % {"period": period_label(self.report.period)}

    def get_page_subtitle(self):
        return self.report.org_unit.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.list_crumb(),
            {"url": "", "label": f"{self.report.org_unit.name} · {self.report.period}"},
        ]

    def get_context_data(self, **kwargs):
        report, user = self.report, self.request.user
        editable = not report.is_locked and access.can_prepare(user, report.org_unit)
        sections = {
            section.code: section for section in report.sections.select_related("edited_by")
        }
        section_rows = []
        for definition in SECTIONS:
            row = sections.get(definition.code)
            text = row.text if row else ""
            section_rows.append(
                {
                    "definition": definition,
                    "section": row,
                    "text": text,
                    "rows": min(max(len(text.splitlines()) + 2, 4), 24),
                }
            )
        snapshot = report.snapshot or {}
        readings = []
        for reading in snapshot.get("readings", []):
            readings.append(
                {
                    **reading,
                    "counted_text": f"{number(reading['numerator'])}/"
                    f"{number(reading['denominator'])} {reading['counted']}",
                    "value_text": percent(reading["value"]),
                    "target_text": percent(reading["target"]),
                    "verdict_text": verdict_text(reading["verdict"]),
                    "judged": reading["verdict"] in (MET, NOT_MET),
                }
            )
        last_edit = max(
            [s.edited_at for s in sections.values() if s.edited_at] + [report.updated_at],
        )
        stale_files = bool(
            report.generated_at and not report.is_locked and last_edit > report.generated_at
        )
        deadline = deadlines.deadline_for(report.org_unit, report.period)
        return super().get_context_data(
            report=report,
            period_text=period_label(report.period),
            editable=editable,
            can_finalise=editable
            and report.status == ReportStatus.READY
            and access.can_finalise(user, report.org_unit),
            running=services.is_running(report),
            header_form=HeaderForm(instance=report),
            sections=section_rows,
            readings=readings,
            stale_files=stale_files,
            deadline=deadline,
            days_left=(deadline - timezone.localdate()).days if deadline else None,
            status=status_json(report),
            **kwargs,
        )


def report_status(request, pk):
    return JsonResponse(status_json(_report_for(request, pk)))


def download(request, pk, kind):
    report = _report_for(request, pk)
    field = {"pdf": report.pdf_file, "xlsx": report.xlsx_file}.get(kind)
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{services.file_stem(report)}.{kind}",
    )


def _editable_report(request, pk):
    report = _report_for(request, pk)
    if not access.can_prepare(request.user, report.org_unit):
        raise PermissionDenied
    return report


def _done(request, report, error=None, anchor=""):
    if error is not None:
        for message in error.messages:
            messages.error(request, message)
    return redirect(reverse("indicators_report", args=[report.pk]) + anchor)


@require_POST
def generate(request, pk):
    report = _editable_report(request, pk)
    try:
        services.request_generation(report, request.user)
    except ValidationError as error:
        return _done(request, report, error)
    return _done(request, report)


@require_POST
def edit_header(request, pk):
    report = _editable_report(request, pk)
    form = HeaderForm(request.POST, instance=Report.objects.get(pk=report.pk))
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}: {error}"
                )
        return _done(request, report, anchor="#header")
    try:
        services.edit_header(report, form.cleaned_data, request.user)
    except ValidationError as error:
        return _done(request, report, error)
    messages.success(request, _("Đã lưu thông tin văn bản. Tạo lại tệp để cập nhật bản PDF."))
    return _done(request, report, anchor="#header")


@require_POST
def edit_section(request, pk, code):
    report = _editable_report(request, pk)
    if code not in SECTIONS_BY_CODE:
        raise Http404
    try:
        if request.POST.get("action") == "restore":
            services.restore_section(report, code, request.user)
            messages.success(request, _("Đã khôi phục nội dung điền sẵn."))
        else:
            form = SectionForm(request.POST, prefix=code)
            if not form.is_valid():
                for error in form.errors.get("text", []):
                    messages.error(request, error)
                return _done(request, report, anchor=f"#section-{code}")
            services.edit_section(report, code, form.cleaned_data["text"], request.user)
            messages.success(
                request,
                _("Đã lưu phần “%(title)s”. Tạo lại tệp để cập nhật bản PDF.")
                % {"title": SECTIONS_BY_CODE[code].title},
            )
    except ValidationError as error:
        return _done(request, report, error)
    return _done(request, report, anchor=f"#section-{code}")


class FinaliseView(ReportAdminMixin, TemplateView):
    template_name = "indicators/reports/finalise.html"

    def dispatch(self, request, *args, **kwargs):
        self.report = _report_for(request, kwargs["pk"])
        if not access.can_finalise(request.user, self.report.org_unit):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Hoàn thành và gửi báo cáo")

    def get_breadcrumbs_items(self):
        report = self.report
        return [
            *self.breadcrumbs_items,
            self.list_crumb(),
            {
                "url": reverse("indicators_report", args=[report.pk]),
                "label": f"{report.org_unit.name} · {report.period}",
            },
            {"url": "", "label": _("Hoàn thành")},
        ]

    def get_context_data(self, **kwargs):
        report = self.report
        empty = [
            SECTIONS_BY_CODE[s.code].title
            for s in report.sections.all()
            if not s.text.strip() and s.code in SECTIONS_BY_CODE
        ]
        return super().get_context_data(
            report=report,
            period_text=period_label(report.period),
            receiver=services.parent_in_force(report.org_unit, timezone.localdate()),
            empty_sections=empty,
            deadline=deadlines.deadline_for(report.org_unit, report.period),
            **kwargs,
        )

    def post(self, request, pk):
        try:
            services.finalise(self.report, request.user)
        except ValidationError as error:
            return _done(request, self.report, error)
        messages.success(request, _("Đang chốt số liệu và gửi báo cáo lên cấp trên."))
        return _done(request, self.report)


class StatusView(ReportAdminMixin, TemplateView):
    """Which child units of a unit in the user's scope have reported for a period."""

    template_name = "indicators/reports/status.html"
    page_title = gettext_lazy("Tình hình gửi báo cáo")

    def get(self, request, *args, **kwargs):
        from places.models import OrgUnit

        raw = request.GET.get("unit", "")
        if raw.isdigit():
            self.unit = get_object_or_404(OrgUnit, pk=int(raw))
        else:
            self.unit = home_unit(request.user)
        if self.unit is None or not is_in_scope(request.user, self.unit):
            raise Http404
        self.form = StatusPeriodForm(request.GET or None)
        self.period = default_status_period()
        if self.form.is_valid() and self.form.cleaned_data["period"]:
            self.period = self.form.cleaned_data["period"]
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, self.list_crumb(), {"url": "", "label": self.page_title}]

    def get_page_subtitle(self):
        return f"{self.unit.name} · {self.period}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.unit,
            status=deadlines.reporting_status(self.unit, self.period),
            status_period=self.period,
            status_period_label=period_label(self.period),
            form=self.form,
            period_suggestions=report_periods(),
            **kwargs,
        )
