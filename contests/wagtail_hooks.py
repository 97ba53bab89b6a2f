"""Contests in the Wagtail admin: question banks, questions and their choices, contests, rounds.

A question's wording is edited as one text box per enabled language (the
Vietnamese one required), not as raw JSON; correctness stays on the choice,
the same for every language.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from contests import ownership
from contests.attempts import forget_answer_key
from contests.models import Contest, Question, QuestionBank, QuestionKind
from places import scope
from places.viewsets import (
    ScopedChooserMixin,
    ScopedPermissionPolicy,
    chooser_viewset,
    scoped_views,
)

# Policies first: Wagtail refuses a custom policy once it has made a fallback one.
for _model in (Contest, QuestionBank, Question):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))

_SCOPED = scoped_views(
    edit_view_class=snippet_views.EditView,
    delete_view_class=snippet_views.DeleteView,
    history_view_class=snippet_views.HistoryView,
    usage_view_class=snippet_views.UsageView,
)


class _TextsMixin:
    """Fills and reads the ``text_<lang>`` (and ``explanation_<lang>``) boxes from ``texts``."""

    text_parts: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        texts = self.instance.texts or {}
        for code, _name in settings.LANGUAGES:
            for part in self.text_parts:
                value = texts.get(code, {})
                value = value.get(part, "") if isinstance(value, dict) else value
                self.fields[f"{part}_{code}"].initial = value or ""

    def collected_texts(self):
        texts = {}
        for code, _name in settings.LANGUAGES:
            values = {
                part: self.cleaned_data.get(f"{part}_{code}", "").strip()
                for part in self.text_parts
            }
            if any(values.values()):
                texts[code] = values
        return texts


def _text_fields(parts):
    fields = {}
    for code, name in settings.LANGUAGES:
        for part, label, rows in parts:
            fields[f"{part}_{code}"] = forms.CharField(
                label=f"{label} ({name})",
                required=code == settings.LANGUAGE_CODE and part in ("text", "choice"),
                widget=forms.Textarea(attrs={"rows": rows}),
            )
    return fields


def _change_reason_field():
    return forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Bắt buộc khi đã có tuần thi mở: thay đổi được ghi vào nhật ký cùng người sửa."
        ),
    )


class _OwnedFormMixin:
    """Owner unit within the editor's scope; after a round opened, a reason, then a record.

    Each form declares ``change_reason = _change_reason_field()``."""

    def started(self) -> bool:
        raise NotImplementedError

    def changed_fields(self) -> list[str]:
        """What changed, the reason aside; "choices" when only the inline rows did."""
        fields = [name for name in self.changed_data if name != "change_reason"]
        formsets = getattr(self, "formsets", {}) or {}
        for name, formset in formsets.items():
            if any(form.has_changed() for form in formset.forms):
                fields.append(name)
        return fields

    def clean_org_unit(self):
        unit = self.cleaned_data.get("org_unit")
        if unit is None:
            raise forms.ValidationError(_("Chọn đơn vị chủ quản."))
        if not scope.is_in_scope(self.for_user, unit):
            raise forms.ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        return unit

    def clean(self):
        cleaned = super().clean()
        if (
            self.started()
            and self.changed_fields()
            and not cleaned.get("change_reason", "").strip()
        ):
            self.add_error(
                "change_reason",
                _("Đã có tuần thi mở: nêu lý do thay đổi để ghi vào nhật ký."),
            )
        return cleaned

    def record(self, what, **target):
        if self.started() and self.changed_fields():
            ownership.record_change(
                self.for_user, what=what, reason=self.cleaned_data["change_reason"], **target
            )


class ContestForm(_OwnedFormMixin, WagtailAdminModelForm):
    change_reason = _change_reason_field()

    def started(self):
        return ownership.contest_started(self.instance)

    def clean_bank(self):
        bank = self.cleaned_data.get("bank")
        if bank is not None and not scope.can_see(self.for_user, bank):
            raise forms.ValidationError(_("Bộ câu hỏi này nằm ngoài phạm vi quản lý của bạn."))
        return bank

    def save(self, commit=True):
        contest = super().save(commit=commit)
        if commit:
            self.record(
                _("Sửa cuộc thi: %(fields)s") % {"fields": ", ".join(self.changed_fields())},
                contest=contest,
            )
        return contest


class QuestionBankForm(_OwnedFormMixin, WagtailAdminModelForm):
    change_reason = _change_reason_field()

    def started(self):
        return ownership.bank_started(self.instance.pk)

    def save(self, commit=True):
        bank = super().save(commit=commit)
        if commit:
            self.record(_("Sửa bộ câu hỏi “%(name)s”") % {"name": bank.name}, bank=bank)
        return bank


class _QuestionFormBase(_OwnedFormMixin, _TextsMixin, WagtailAdminModelForm):
    text_parts = ("text", "explanation")
    change_reason = _change_reason_field()

    def _bank_id(self):
        bank = self.cleaned_data.get("bank") if hasattr(self, "cleaned_data") else None
        return bank.pk if bank is not None else self.instance.bank_id

    def started(self):
        return ownership.bank_started(self._bank_id())

    def clean_bank(self):
        bank = self.cleaned_data.get("bank")
        if bank is not None and not scope.can_see(self.for_user, bank):
            raise forms.ValidationError(_("Bộ câu hỏi này nằm ngoài phạm vi quản lý của bạn."))
        return bank

    def clean(self):
        locked = [self.instance.bank_id, self._bank_id()] if self.instance.pk else []
        if any(ownership.bank_locked(bank_id) for bank_id in locked):
            raise forms.ValidationError(
                _(
                    "Câu hỏi này thuộc bộ câu hỏi của một tuần thi đang mở: không sửa được "
                    "cho đến khi tuần thi đóng."
                )
            )
        cleaned = super().clean()
        choices = self.formsets.get("choices") if hasattr(self, "formsets") else None
        if choices is not None and choices.is_valid():
            kept = [
                form.cleaned_data
                for form in choices.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            correct = sum(1 for data in kept if data.get("is_correct"))
            if len(kept) < 2:
                self.add_error(None, _("Câu hỏi cần ít nhất hai đáp án."))
            elif correct == 0:
                self.add_error(None, _("Đánh dấu ít nhất một đáp án đúng."))
            elif cleaned.get("kind") == QuestionKind.SINGLE and correct > 1:
                self.add_error(None, _("Câu hỏi chọn một đáp án chỉ có một đáp án đúng."))
        return cleaned

    def save(self, commit=True):
        self.instance.texts = self.collected_texts()
        question = super().save(commit=commit)
        if commit and question.pk:
            forget_answer_key([question.pk])
            self.record(
                _("Sửa câu hỏi %(code)s: %(fields)s")
                % {"code": question.code, "fields": ", ".join(self.changed_fields())},
                bank=question.bank,
            )
        return question


class _ChoiceFormBase(_TextsMixin, WagtailAdminModelForm):
    text_parts = ("choice",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        texts = self.instance.texts or {}
        for code, _name in settings.LANGUAGES:
            self.fields[f"choice_{code}"].initial = texts.get(code, "")

    def save(self, commit=True):
        self.instance.texts = {
            code: values["choice"] for code, values in self.collected_texts().items()
        }
        return super().save(commit=commit)


QuestionForm = type(_QuestionFormBase)(
    "QuestionForm",
    (_QuestionFormBase,),
    {
        "__module__": __name__,
        **_text_fields(
            [
                ("text", _("Câu hỏi"), 3),
                ("explanation", _("Giải thích (hiện sau khi tuần thi kết thúc)"), 3),
            ]
        ),
    },
)
ChoiceForm = type(_ChoiceFormBase)(
    "ChoiceForm",
    (_ChoiceFormBase,),
    {"__module__": __name__, **_text_fields([("choice", _("Đáp án"), 1)])},
)


class ChoicesPanel(InlinePanel):
    """The choices inline, each with one text box per language."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = ChoiceForm
        return options


def _language_panels(parts, heading=None):
    panels = []
    for code, name in settings.LANGUAGES:
        fields = [FieldPanel(f"{part}_{code}") for part in parts]
        if heading is None:
            panels.extend(fields)
        else:
            panels.append(MultiFieldPanel(fields, heading=name))
    return panels


class ScopedSnippetViewSet(SnippetViewSet):
    """Listing, chooser and single-object views limited to the user's subtree."""

    chooser_viewset_class = chooser_viewset(ScopedChooserMixin)
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]


class QuestionBankViewSet(ScopedSnippetViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Bộ câu hỏi")
    list_display = ["name", Column("question_count", label=_("số câu hỏi")), "created_at"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("org_unit"), FieldPanel("change_reason")],
        base_form_class=QuestionBankForm,
    )

    def get_queryset(self, request):
        banks = QuestionBank.objects.annotate(question_count=Count("questions"))
        return scope.scope_queryset(request.user, banks)


class QuestionViewSet(ScopedSnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Câu hỏi")
    list_display = ["code", "__str__", "kind", "difficulty", "bank", "active"]
    list_filter = ["bank", "kind", "active", "difficulty"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("bank"),
            FieldPanel("code"),
            FieldPanel("kind"),
            FieldPanel("difficulty"),
            *_language_panels(("text", "explanation"), heading=True),
            FieldPanel("tags"),
            FieldPanel("active"),
            ChoicesPanel(
                "choices",
                label=_("đáp án"),
                panels=[
                    FieldPanel("position"),
                    *_language_panels(("choice",)),
                    FieldPanel("is_correct"),
                ],
                min_num=2,
            ),
            FieldPanel("change_reason"),
        ],
        base_form_class=QuestionForm,
    )

    def get_queryset(self, request):
        return scope.scope_queryset(request.user, Question.objects.select_related("bank"))


class ContestViewSet(ScopedSnippetViewSet):
    model = Contest
    icon = "pick"
    menu_label = _("Cuộc thi")
    list_display = ["name", "org_unit", "bank", "questions_per_attempt", "time_limit_seconds"]
    edit_handler = ObjectList(
        [*Contest.panels, FieldPanel("change_reason")], base_form_class=ContestForm
    )

    def get_queryset(self, request):
        return scope.scope_queryset(request.user, Contest.objects.select_related("org_unit"))


@hooks.register("before_delete_snippet")
def keep_questions_of_open_rounds(request, instances):
    """A question of a bank an open round draws from is not deleted; nor is another unit's."""
    for instance in instances:
        if isinstance(instance, Question) and ownership.bank_locked(instance.bank_id):
            raise PermissionDenied
        if isinstance(instance, (Contest, QuestionBank, Question)) and not scope.can_see(
            request.user, instance
        ):
            raise PermissionDenied


# Contest pages follow their contest's unit through the page ownership rule every page
# shares (``places.page_ownership``, ``ContestPage.owning_unit``).


class ContestsGroup(SnippetViewSetGroup):
    items = (ContestViewSet, QuestionBankViewSet, QuestionViewSet)
    menu_icon = "pick"
    menu_label = _("Cuộc thi")
    menu_name = "contests"
    menu_order = 250


register_snippet(ContestsGroup)

# The contest office (import, results, personal data) registers its own admin views.
from contests import office_hooks  # noqa: E402, F401
