"""The contest office in the Wagtail admin: question import, results export, personal data.

Menu "Cuộc thi: nghiệp vụ", each item shown to those holding its permission:

- **Nhập câu hỏi** (``contests.add_question``): upload an XLSX into a bank,
  all or nothing, with the table of every bad row; the sample to download.
- **Kết quả cuộc thi** (``contests.view_contest``): the ranked rounds, each
  with its XLSX; names and phones in it only as ``contests.exports`` allows.
- **Dữ liệu cá nhân người dự thi** (``contests.view_participant`` or
  ``contests.delete_participant``): find a participant by phone within the
  officer's subtree, download a copy of their data, or erase it on request.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from common.spreadsheets import MAX_UPLOAD_BYTES
from contests import exports, ownership, privacy
from contests.imports import IMPORT_PERMISSION, import_file, languages
from contests.models import QuestionBank, Round
from contests.samples import build_sample
from places import scope
from places.models import OrgUnit

XLSX_TYPE = exports.XLSX_TYPE
ERRORS_SHOWN = 2000


def _require(request, *permissions):
    if not any(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied


# --- Question import ----------------------------------------------------------------


class QuestionImportForm(forms.Form):
    bank = forms.ModelChoiceField(
        label=gettext_lazy("Bộ câu hỏi"),
        queryset=QuestionBank.objects.order_by("name"),
        required=False,
    )
    new_bank = forms.CharField(
        label=gettext_lazy("hoặc tạo bộ câu hỏi mới"), max_length=200, required=False
    )
    file = forms.FileField(
        label=gettext_lazy("Tệp XLSX"),
        help_text=gettext_lazy("Dòng 1 là tên cột như trong tệp mẫu. Tối đa 20 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        return upload

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["bank"].queryset = scope.scope_queryset(user, QuestionBank.objects).order_by(
            "name"
        )

    def clean(self):
        data = super().clean()
        if not data.get("bank") and not (data.get("new_bank") or "").strip():
            raise forms.ValidationError(_("Chọn bộ câu hỏi, hoặc nhập tên bộ câu hỏi mới."))
        if data.get("bank") and ownership.bank_locked(data["bank"].pk):
            raise forms.ValidationError(
                _("Bộ câu hỏi này đang dùng trong một tuần thi đang mở: chờ tuần thi đóng.")
            )
        new_name = (data.get("new_bank") or "").strip()
        if not data.get("bank") and QuestionBank.objects.filter(name=new_name).exists():
            raise forms.ValidationError(_("Đã có bộ câu hỏi tên này: chọn nó trong danh sách."))
        return data


class QuestionImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "contests/office/import_questions.html"
    form_class = QuestionImportForm
    header_icon = "upload"
    page_title = gettext_lazy("Nhập câu hỏi")

    def dispatch(self, request, *args, **kwargs):
        _require(request, IMPORT_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        bank = form.cleaned_data["bank"]
        created = False
        if bank is None:
            owner = (
                scope.home_unit(self.request.user)
                or OrgUnit.objects.filter(code="VN", valid_until__isnull=True).first()
            )
            bank, created = QuestionBank.objects.get_or_create(
                name=form.cleaned_data["new_bank"].strip(), defaults={"org_unit": owner}
            )
        upload = form.cleaned_data["file"]
        started = not created and ownership.bank_started(bank.pk)
        result = import_file(bank, upload.read(), upload.name, user=self.request.user)
        if created and not result.ok:
            bank.delete()
        if started and result.ok:
            ownership.record_change(
                self.request.user,
                what=_("Nhập câu hỏi vào bộ “%(name)s”") % {"name": bank.name},
                reason=_("Nhập từ tệp %(file)s") % {"file": upload.name},
                bank=bank,
            )
        return self.render_to_response(
            self.get_context_data(
                form=form, result=result, bank=bank, errors_shown=result.errors[:ERRORS_SHOWN]
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(languages=languages(), **kwargs)


def question_sample(request):
    _require(request, IMPORT_PERMISSION)
    response = HttpResponse(build_sample(languages()), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau_nhap_cau_hoi.xlsx"'
    return response


# --- Results --------------------------------------------------------------------------


class ResultsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contests/office/results.html"
    header_icon = "list-ol"
    page_title = gettext_lazy("Kết quả cuộc thi")

    def dispatch(self, request, *args, **kwargs):
        _require(request, exports.EXPORT_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rounds = (
            Round.objects.filter(ranked_at__isnull=False)
            .select_related("contest")
            .annotate(entrants=Count("ranking"))
            .order_by("-closes_at")[:200]
        )
        return super().get_context_data(
            rounds=rounds,
            with_personal=exports.personal_data_filter(self.request.user) is not False,
            **kwargs,
        )


def results_download(request, round_id):
    _require(request, exports.EXPORT_PERMISSION)
    round_ = get_object_or_404(
        Round.objects.select_related("contest"), pk=round_id, ranked_at__isnull=False
    )
    response = HttpResponse(exports.results_workbook(round_, request.user), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(round_)}"'
    return response


# --- One participant's data --------------------------------------------------------------


class PhoneForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("Số điện thoại người yêu cầu"), max_length=30)


class PersonalDataView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contests/office/personal_data.html"
    header_icon = "user"
    page_title = gettext_lazy("Dữ liệu cá nhân người dự thi")

    def dispatch(self, request, *args, **kwargs):
        _require(request, privacy.VIEW_PERMISSION, privacy.ERASE_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = PhoneForm(self.request.GET or None)
        found, searched, valid = [], False, True
        if form.is_valid():
            searched = True
            participants, valid = privacy.find_by_phone(
                self.request.user, form.cleaned_data["phone"]
            )
            found = list(participants)
        user = self.request.user
        return super().get_context_data(
            form=form,
            found=found,
            searched=searched,
            valid_phone=valid,
            can_view=user.has_perm(privacy.VIEW_PERMISSION),
            can_erase=user.has_perm(privacy.ERASE_PERMISSION),
            **kwargs,
        )


def personal_data_download(request, participant_id, extension):
    participant = privacy.participant_for(request.user, participant_id, privacy.VIEW_PERMISSION)
    data = privacy.participant_data(participant)
    if extension == "json":
        body, content_type = privacy.as_json(data), "application/json; charset=utf-8"
    else:
        body, content_type = privacy.as_xlsx(data), XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="du_lieu_nguoi_du_thi_{participant.pk}.{extension}"'
    )
    return response


class EraseView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contests/office/erase_participant.html"
    header_icon = "bin"
    page_title = gettext_lazy("Xoá dữ liệu cá nhân theo yêu cầu")

    def dispatch(self, request, *args, **kwargs):
        self.participant = privacy.participant_for(
            request.user, kwargs["participant_id"], privacy.ERASE_PERMISSION
        )
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        privacy.erase_participant(request.user, self.participant.pk)
        messages.success(
            request,
            _("Đã xoá dữ liệu cá nhân của người dự thi; số liệu tổng hợp được giữ nguyên."),
        )
        return redirect("contests_office_personal_data")

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)


@hooks.register("register_admin_urls")
def register_office_urls():
    return [
        path(
            "contests/questions/import/",
            QuestionImportView.as_view(),
            name="contests_office_import_questions",
        ),
        path(
            "contests/questions/sample.xlsx",
            question_sample,
            name="contests_office_question_sample",
        ),
        path("contests/results/", ResultsView.as_view(), name="contests_office_results"),
        path(
            "contests/results/<int:round_id>.xlsx",
            results_download,
            name="contests_office_results_download",
        ),
        path(
            "contests/personal-data/",
            PersonalDataView.as_view(),
            name="contests_office_personal_data",
        ),
        path(
            "contests/personal-data/<int:participant_id>.<str:extension>",
            personal_data_download,
            name="contests_office_personal_data_download",
        ),
        path(
            "contests/personal-data/<int:participant_id>/erase/",
            EraseView.as_view(),
            name="contests_office_erase",
        ),
    ]


class PermittedMenuItem(MenuItem):
    def __init__(self, label, url_name, permissions, icon, order):
        self.permissions = permissions
        super().__init__(label, reverse(url_name), icon_name=icon, order=order)

    def is_shown(self, request):
        return any(request.user.has_perm(p) for p in self.permissions)


@hooks.register("register_admin_menu_item")
def register_office_menu():
    menu = Menu(
        items=[
            PermittedMenuItem(
                gettext_lazy("Nhập câu hỏi"),
                "contests_office_import_questions",
                [IMPORT_PERMISSION],
                "upload",
                100,
            ),
            PermittedMenuItem(
                gettext_lazy("Kết quả cuộc thi"),
                "contests_office_results",
                [exports.EXPORT_PERMISSION],
                "list-ol",
                200,
            ),
            PermittedMenuItem(
                gettext_lazy("Dữ liệu cá nhân người dự thi"),
                "contests_office_personal_data",
                [privacy.VIEW_PERMISSION, privacy.ERASE_PERMISSION],
                "user",
                300,
            ),
        ]
    )
    return SubmenuMenuItem(
        gettext_lazy("Cuộc thi: nghiệp vụ"),
        menu,
        name="contest-office",
        icon_name="tasks",
        order=760,
    )
