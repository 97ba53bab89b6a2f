"""Importing venues and sessions from CSV and XLSX in the Wagtail admin.

Menu "Nhập dữ liệu": one page per kind of file (venues need
``places.add_venue``, sessions ``events.import_session``), each with its
template to download. An upload is checked by content and size, then becomes
an import job (``events.import_tasks``): a small file is imported within the
request, a big one by a Celery task while the job page shows a progress bar
that polls a JSON status. Either way the job page shows "Đã nhập N dòng" or
the table of every bad row, with the whole list as CSV.
"""

import csv
import io
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from common.spreadsheets import (
    MAX_UPLOAD_BYTES,
    FileRefused,
    open_table,
    safe_row,
    template_csv,
    template_xlsx,
)
from events import import_tasks
from events.imports import (
    REQUIRED_COLUMNS,
    SESSION_TEMPLATE_COLUMNS,
    session_template_codes,
)
from events.services import REVIEW_PERMISSION
from places.imports import VENUE_COLUMNS, VENUE_TEMPLATE_COLUMNS, venue_template_codes
from places.user_imports import (
    IMPORT_USERS_PERMISSION,
    REQUIRED_USER_COLUMNS,
    USER_COLUMNS,
    user_template_codes,
)

# A page of more errors than this lists the first ones; the CSV has them all.
ERRORS_SHOWN = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ImportKind:
    code: str
    title: str
    permission: str
    columns: tuple
    required: tuple
    template_codes: object
    template_name: str


KINDS = {
    import_tasks.VENUES: ImportKind(
        code=import_tasks.VENUES,
        title=_("Nhập địa điểm và số người"),
        permission="places.add_venue",
        columns=VENUE_TEMPLATE_COLUMNS,
        required=VENUE_COLUMNS,
        template_codes=venue_template_codes,
        template_name="mau_nhap_dia_diem",
    ),
    import_tasks.SESSIONS: ImportKind(
        code=import_tasks.SESSIONS,
        title=_("Nhập buổi tuyên truyền"),
        permission="events.import_session",
        columns=SESSION_TEMPLATE_COLUMNS,
        required=(*REQUIRED_COLUMNS, "venue_code / commune_code"),
        template_codes=session_template_codes,
        template_name="mau_nhap_buoi_tuyen_truyen",
    ),
    import_tasks.USERS: ImportKind(
        code=import_tasks.USERS,
        title=_("Nhập tài khoản người dùng"),
        permission=IMPORT_USERS_PERMISSION,
        columns=USER_COLUMNS,
        required=REQUIRED_USER_COLUMNS,
        template_codes=user_template_codes,
        template_name="mau_nhap_tai_khoan",
    ),
}


def kind_for(request, code) -> ImportKind:
    kind = KINDS.get(code)
    if kind is None:
        raise Http404
    if not request.user.has_perm(kind.permission):
        raise PermissionDenied
    return kind


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV hoặc XLSX"),
        help_text=_("Dòng 1 là tên cột như trong tệp mẫu. Tối đa 20 MB."),
    )
    approve = forms.BooleanField(
        label=_("Duyệt luôn các buổi được nhập"),
        help_text=_("Chỉ chọn khi bạn đã kiểm tra số liệu trong tệp."),
        required=False,
    )

    def __init__(self, *args, can_approve=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_approve:
            del self.fields["approve"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn 20 MB. Chia thành nhiều tệp nhỏ hơn rồi nhập lần lượt.")
            )
        data = upload.read()
        try:
            self.table = open_table(data, upload.name)
        except FileRefused as refused:
            raise forms.ValidationError(refused.message) from None
        self.file_bytes = data
        return upload


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "events/admin/import.html"
    form_class = ImportForm
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.kind = kind_for(request, kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.kind.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.kind.title}]

    def can_approve(self):
        return self.kind.code == import_tasks.SESSIONS and self.request.user.has_perm(
            REVIEW_PERMISSION
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_approve": self.can_approve()}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        job_id = import_tasks.start(
            self.request.user,
            self.kind.code,
            upload.name,
            form.file_bytes,
            form.table,
            approve=bool(form.cleaned_data.get("approve")),
        )
        return redirect("events_import_job", job_id=job_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind=self.kind,
            threshold=import_tasks.TASK_THRESHOLD,
            **kwargs,
        )


def template_download(request, kind, extension):
    kind = kind_for(request, kind)
    if extension not in {"xlsx", "csv"}:
        raise Http404
    if extension == "xlsx":
        body = template_xlsx(kind.columns, kind.template_codes())
        content_type = XLSX_TYPE
    else:
        body, content_type = template_csv(kind.columns), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kind.template_name}.{extension}"'
    return response


def _job(request, job_id):
    """The job, if the requesting user started it (jobs live a day, then are gone)."""
    job = import_tasks.get(job_id)
    if job is None:
        raise Http404
    if job["user_id"] != request.user.pk:
        raise PermissionDenied
    kind_for(request, job["kind"])
    return job


class JobView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/import_job.html"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.job = _job(request, kwargs["job_id"])
        self.kind = KINDS[self.job["kind"]]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.kind.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_import", args=[self.kind.code]), "label": self.kind.title},
            {"url": "", "label": self.job["filename"]},
        ]

    def get_context_data(self, **kwargs):
        result = import_tasks.result_of(self.job)
        return super().get_context_data(
            job=self.job,
            kind=self.kind,
            status=import_tasks.status(self.job),
            result=result,
            errors_shown=result.errors[:ERRORS_SHOWN] if result else [],
            status_url=reverse("events_import_job_status", args=[self.job["id"]]),
            errors_url=reverse("events_import_job_errors", args=[self.job["id"]]),
            **kwargs,
        )


def job_status(request, job_id):
    return JsonResponse(import_tasks.status(_job(request, job_id)))


def job_errors(request, job_id):
    """Every bad row of a job, as CSV to open beside the file being fixed."""
    result = import_tasks.result_of(_job(request, job_id))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "column", "reason"])
    for error in result.errors if result else ():
        writer.writerow(safe_row([error.row, error.column, error.message]))
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="loi_nhap_du_lieu.csv"'
    return response


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("imports/<slug:kind>/", ImportView.as_view(), name="events_import"),
        path(
            "imports/<slug:kind>/template.<str:extension>",
            template_download,
            name="events_import_template",
        ),
        path("imports/jobs/<slug:job_id>/", JobView.as_view(), name="events_import_job"),
        path("imports/jobs/<slug:job_id>/status/", job_status, name="events_import_job_status"),
        path("imports/jobs/<slug:job_id>/errors.csv", job_errors, name="events_import_job_errors"),
    ]


class ImportMenuItem(MenuItem):
    def __init__(self, kind, order):
        self.kind = kind
        super().__init__(
            kind.title,
            reverse("events_import", args=[kind.code]),
            name=f"import-{kind.code}",
            icon_name="upload",
            order=order,
        )

    def is_shown(self, request):
        return request.user.has_perm(self.kind.permission)


@hooks.register("register_admin_menu_item")
def register_imports_menu():
    menu = Menu(
        items=[
            ImportMenuItem(KINDS[import_tasks.VENUES], order=100),
            ImportMenuItem(KINDS[import_tasks.SESSIONS], order=200),
            ImportMenuItem(KINDS[import_tasks.USERS], order=300),
        ]
    )
    return SubmenuMenuItem(_("Nhập dữ liệu"), menu, name="imports", icon_name="upload", order=850)
