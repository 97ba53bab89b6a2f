"""The admin's translation status page, and the download and upload of interface strings."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.spreadsheets import FileRefused
from locales import interface_strings
from locales.status import all_statuses

PERMISSION = "locales.translate_interface"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp PO, XLSX hoặc CSV đã dịch"),
        help_text=gettext_lazy(
            "Tệp tải về từ trang này, đã điền cột “bản dịch” (hoặc msgstr). Ghi “x” ở cột "
            "“đã duyệt” (hoặc cờ “reviewed”) khi người bản ngữ đã đọc lại."
        ),
    )


def _check(request, language=None):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if language is not None and language not in dict(settings.LANGUAGES):
        raise Http404


def status_view(request):
    _check(request)
    return TemplateResponse(
        request,
        "locales/status.html",
        {"statuses": all_statuses(), "form": UploadForm(), "page_title": _("Tình trạng dịch")},
    )


def download(request, language, extension):
    _check(request, language)
    if extension == "po":
        body, content_type = interface_strings.export_po(language), "text/x-gettext-translation"
    elif extension == "xlsx":
        body = interface_strings.export_xlsx(language)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="chuoi_giao_dien_{language}.{extension}"'
    )
    return response


def upload(request, language):
    _check(request, language)
    if request.method != "POST":
        return redirect("locales_status")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một tệp để tải lên."))
        return redirect("locales_status")
    uploaded = form.cleaned_data["file"]
    if uploaded.size > MAX_UPLOAD_BYTES:
        messages.error(request, _("Tệp quá lớn (tối đa 5 MB)."))
        return redirect("locales_status")
    try:
        result = interface_strings.upload(language, uploaded.read(), uploaded.name, request.user)
    except FileRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("locales_status")
    messages.success(
        request,
        _("Đã lưu %(saved)s bản dịch, %(reviewed)s chuỗi được đánh dấu đã duyệt.")
        % {"saved": result.saved, "reviewed": result.reviewed},
    )
    for number, error in result.errors[:20]:
        messages.warning(
            request, _("Dòng %(number)s: %(error)s") % {"number": number, "error": error}
        )
    return redirect("locales_status")
