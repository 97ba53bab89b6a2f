"""Upload pages in the admin for the media log and for fanpage figures.

Both files are small (a month of press items, one export of a page's posts),
so the import runs within the request and the page shows the result at once:
"Đã nhập N dòng", or the table of every bad row and nothing saved. The upload
is read as the sessions import reads it (``common.spreadsheets.open_table``: by
content, not name, at most 20 MB). Posting the same file again adds nothing
(items already logged are skipped; figures of the same date are replaced).
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.fanpage import FanpageChannel
from campaigns.fanpage_imports import IMPORT_PERMISSION as FIGURES_PERMISSION
from campaigns.fanpage_imports import import_fanpage_figures
from campaigns.media_imports import IMPORT_PERMISSION as MEDIA_PERMISSION
from campaigns.media_imports import (
    MEDIA_COLUMNS,
    REQUIRED_COLUMNS,
    import_media,
    media_template_codes,
)
from common.spreadsheets import (
    MAX_UPLOAD_BYTES,
    FileRefused,
    open_table,
    template_csv,
    template_xlsx,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 2000


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV hoặc XLSX"), help_text=_("Dòng 1 là tên cột. Tối đa 20 MB.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB: chia thành nhiều tệp nhỏ hơn."))
        try:
            self.table = open_table(upload.read(), upload.name)
        except FileRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


class FiguresUploadForm(UploadForm):
    channel = forms.ChoiceField(
        label=_("Kênh"),
        choices=[("", _("Tự nhận ra từ tên cột")), *FanpageChannel.choices],
        required=False,
    )
    as_of = forms.DateField(
        label=_("Số liệu tính đến ngày"),
        help_text=_("Ngày xuất tệp từ nền tảng."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày này chưa tới."))
        return day


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Upload, import, and show the result on the same page."""

    template_name = "campaigns/admin/import.html"
    header_icon = "upload"
    permission = ""
    columns = ()
    required = ()
    template_url_name = ""
    back_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def run_import(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.run_import(form)
        except FileRefused as refused:
            form.add_error("file", refused.message)
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(initial=form.cleaned_data),
                result=result,
                errors_shown=result.errors[:ERRORS_SHOWN],
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=self.columns,
            required=self.required,
            template_url_name=self.template_url_name,
            back_url_name=self.back_url_name,
            **kwargs,
        )


class MediaImportView(ImportView):
    page_title = _("Nhập nhật ký truyền thông")
    form_class = UploadForm
    permission = MEDIA_PERMISSION
    columns = MEDIA_COLUMNS
    required = REQUIRED_COLUMNS
    template_url_name = "wagtailsnippets_campaigns_mediaitem:import_template"
    back_url_name = "wagtailsnippets_campaigns_mediaitem:list"

    def run_import(self, form):
        return import_media(form.table, user=self.request.user)


class FiguresImportView(ImportView):
    page_title = _("Nhập số liệu bài đăng từ tệp xuất của nền tảng")
    form_class = FiguresUploadForm
    permission = FIGURES_PERMISSION
    back_url_name = "wagtailsnippets_campaigns_fanpagepost:list"

    def get_initial(self):
        return {"as_of": timezone.localdate()}

    def run_import(self, form):
        return import_fanpage_figures(
            self.request.user,
            form.table,
            channel=form.cleaned_data["channel"] or None,
            as_of=form.cleaned_data["as_of"],
        )


def media_template(request, extension):
    """The media log's template to fill in, as XLSX (with the valid codes) or CSV."""
    if not request.user.has_perm(MEDIA_PERMISSION):
        raise PermissionDenied
    if extension == "xlsx":
        body, content_type = template_xlsx(MEDIA_COLUMNS, media_template_codes()), XLSX_TYPE
    elif extension == "csv":
        body, content_type = template_csv(MEDIA_COLUMNS), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    stamp = datetime.date.today().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="mau_nhat_ky_truyen_thong_{stamp}.{extension}"'
    )
    return response
