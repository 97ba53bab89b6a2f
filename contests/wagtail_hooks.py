"""Contests in the Wagtail admin: question banks, questions and their choices, contests, rounds.

A question's wording is edited as one text box per enabled language (the
Vietnamese one required), not as raw JSON; correctness stays on the choice,
the same for every language.
"""

from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from contests.attempts import forget_answer_key
from contests.models import Contest, Question, QuestionBank, QuestionKind


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


class _QuestionFormBase(_TextsMixin, WagtailAdminModelForm):
    text_parts = ("text", "explanation")

    def clean(self):
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


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Bộ câu hỏi")
    list_display = ["name", Column("question_count", label=_("số câu hỏi")), "created_at"]
    panels = [FieldPanel("name")]

    def get_queryset(self, request):
        return QuestionBank.objects.annotate(question_count=Count("questions"))


class QuestionViewSet(SnippetViewSet):
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
        ],
        base_form_class=QuestionForm,
    )

    def get_queryset(self, request):
        return Question.objects.select_related("bank")


class ContestViewSet(SnippetViewSet):
    model = Contest
    icon = "pick"
    menu_label = _("Cuộc thi")
    list_display = ["name", "bank", "questions_per_attempt", "time_limit_seconds"]


class ContestsGroup(SnippetViewSetGroup):
    items = (ContestViewSet, QuestionBankViewSet, QuestionViewSet)
    menu_icon = "pick"
    menu_label = _("Cuộc thi")
    menu_name = "contests"
    menu_order = 250


register_snippet(ContestsGroup)

# The contest office (import, results, personal data) registers its own admin views.
from contests import office_hooks  # noqa: E402, F401
