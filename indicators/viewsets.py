"""Wagtail admin for plans (with their targets inline) and for units' yearly facts.

Registered in ``indicators.wagtail_hooks``. Scope, from ``places.scope``:

- Plans: a user edits and deletes the plans of units in their subtree, and
  reads (inspects) the plans of the units above them, whose targets their
  figures are measured against. A plan can only be issued by a unit in the
  subtree, and only a plan the user can read can be chosen as its parent.
- Unit years (yearly plan uploaded, integration, cadre figure): the subtree only.

The role part is Django's model permissions (``indicators.change_plan`` and
so on), which ``places.services.setup_roles`` gives to the role groups.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, DownloadColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from indicators.models import Deadline, Plan, Target, UnitYear
from places import scope
from places.models import Level, OrgUnit
from places.viewsets import scoped_views

PLAN_DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".jpg", ".jpeg", ".png")
PLAN_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


# --- Scope of plans -----------------------------------------------------------------


def readable_plans(user):
    """Plans of units in the user's subtree or above their home unit."""
    plans = Plan.objects.all()
    if user.is_active and user.is_superuser:
        return plans
    home = scope.home_unit(user) if user.is_active else None
    if home is None:
        return plans.none()
    above = OrgUnit.objects.filter(pk__in=home.ancestors().values("pk"))
    return plans.filter(Q(org_unit__path__startswith=home.path) | Q(org_unit__in=above))


def can_read_plan(user, plan) -> bool:
    if scope.can_see(user, plan):
        return True
    home = scope.home_unit(user)
    return home is not None and home.is_within(plan.org_unit)


class PlanPermissionPolicy(ModelPermissionPolicy):
    """Model permissions; "view" reaches the plans above the user, the rest the subtree only."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "view":
            return can_read_plan(user, instance)
        return scope.can_see(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        if "view" in actions and self.user_has_permission(user, "view"):
            return readable_plans(user)
        editing = actions - {"view"}
        if editing and self.user_has_any_permission(user, editing):
            return scope.scope_queryset(user, Plan.objects.all())
        return Plan.objects.none()


# --- Forms --------------------------------------------------------------------------


class TargetForm(WagtailAdminModelForm):
    class Meta:
        model = Target
        fields = [
            "indicator",
            "level",
            "kind",
            "every",
            "value",
            "low",
            "high",
            "until",
            "year",
            "wording",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "level" in self.fields:
            self.fields["level"].choices = [("", _("Mọi cấp")), *Level.choices]

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        percent = kind in ("each_period", "by_date", "staged")
        if percent and value is not None and not 0 <= value <= 100:
            self.add_error("value", _("Nhập một tỉ lệ phần trăm từ 0 đến 100."))
        if kind == "staged" and not cleaned.get("year"):
            self.add_error("year", _("Chỉ tiêu theo mốc năm cần năm của mốc."))
        low, high = cleaned.get("low"), cleaned.get("high")
        if low is not None and high is not None and low > high:
            self.add_error("high", _("Mức trên phải từ mức dưới trở lên."))
        return cleaned


class TargetsPanel(InlinePanel):
    """The plan's targets, each checked by ``TargetForm``."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = TargetForm
        return options


class PlanForm(WagtailAdminModelForm):
    """A plan issued by a unit of the user's subtree; its level is the unit's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        if "org_unit" in self.fields:
            self.fields["org_unit"].queryset = scope.units_visible_to(user)
        if "parent" in self.fields:
            parents = readable_plans(user).select_related("org_unit")
            if self.instance.pk:
                parents = parents.exclude(pk=self.instance.pk)
            self.fields["parent"].queryset = parents

    def clean_org_unit(self):
        unit = self.cleaned_data["org_unit"]
        if not scope.is_in_scope(self.for_user, unit):
            raise forms.ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        return unit

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("org_unit")
        if unit is not None:
            self.instance.level = unit.level
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and first > last:
            self.add_error("last_year", _("Năm kết thúc phải từ năm bắt đầu trở đi."))
        return cleaned


class DeadlineForm(WagtailAdminModelForm):
    """A deadline is a yearly date (month and day), a one-off date, or an ad-hoc request."""

    class Meta:
        model = Deadline
        fields = ["report", "direction", "month", "day", "due", "from_level", "wording"]

    def clean(self):
        cleaned = super().clean()
        month, day, due = cleaned.get("month"), cleaned.get("day"), cleaned.get("due")
        if month is not None and not 1 <= month <= 12:
            self.add_error("month", _("Tháng từ 1 đến 12."))
        if day is not None and not 1 <= day <= 31:
            self.add_error("day", _("Ngày từ 1 đến 31."))
        if due is None and (month is None or day is None) and cleaned.get("report") != "ad_hoc":
            self.add_error(
                "due", _("Nhập ngày, tháng hằng năm, hoặc một ngày cụ thể (báo cáo cả giai đoạn).")
            )
        return cleaned


class DeadlinesPanel(InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = DeadlineForm
        return options


class UnitYearForm(WagtailAdminModelForm):
    """A unit's facts for a year, for a unit in the user's subtree; the plan file is checked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "org_unit" in self.fields:
            self.fields["org_unit"].queryset = scope.units_visible_to(self.for_user)
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
            home = scope.home_unit(self.for_user) if self.for_user is not None else None
            if home is not None:
                self.initial.setdefault("org_unit", home.pk)

    def clean_org_unit(self):
        unit = self.cleaned_data["org_unit"]
        if not scope.is_in_scope(self.for_user, unit):
            raise forms.ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        return unit

    def clean_plan_document(self):
        document = self.cleaned_data.get("plan_document")
        if document and hasattr(document, "size"):
            if not document.name.lower().endswith(PLAN_DOCUMENT_EXTENSIONS):
                raise forms.ValidationError(
                    _("Chỉ nhận tệp PDF, Word, ODT hoặc ảnh chụp (JPG, PNG).")
                )
            if document.size > PLAN_DOCUMENT_MAX_BYTES:
                raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        return document

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_yearly_plan") and not cleaned.get("plan_document"):
            self.add_error(
                "plan_document", _("Kèm tệp kế hoạch năm khi đánh dấu đã có kế hoạch năm.")
            )
        return cleaned


# --- Views --------------------------------------------------------------------------


class ReadableObjectMixin:
    """A single-object view that reads a plan the user may read (their subtree or above)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not can_read_plan(self.request.user, obj):
            raise PermissionDenied
        return obj


class EditableRowsIndexView(snippet_views.IndexView):
    """Edit and delete links only on rows the user may change: plans above are read-only."""

    def get_edit_url(self, instance):
        if not scope.can_see(self.request.user, instance):
            return None
        return super().get_edit_url(instance)

    def get_delete_url(self, instance):
        if not scope.can_see(self.request.user, instance):
            return None
        return super().get_delete_url(instance)


_SCOPED = scoped_views(
    edit_view_class=snippet_views.EditView,
    delete_view_class=snippet_views.DeleteView,
    inspect_view_class=snippet_views.InspectView,
    history_view_class=snippet_views.HistoryView,
    usage_view_class=snippet_views.UsageView,
)


class PlanInspectView(ReadableObjectMixin, snippet_views.InspectView):
    def get_edit_url(self):
        if not scope.can_see(self.request.user, self.object):
            return None
        return super().get_edit_url()

    def get_delete_url(self):
        if not scope.can_see(self.request.user, self.object):
            return None
        return super().get_delete_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"] = [*context["fields"], self._targets_field(), self._deadlines_field()]
        return context

    def _targets_field(self):
        targets = self.object.targets.all().order_by("indicator", "level", "kind", "year")
        lines = [
            f"{target.get_indicator_display()}"
            + (f" ({target.get_level_display()})" if target.level else "")
            + f": {target.describe()}"
            + (f" — {target.wording}" if target.wording else "")
            for target in targets
        ]
        return {"label": _("Chỉ tiêu"), "value": "; ".join(lines) or "—"}

    def _deadlines_field(self):
        lines = [
            f"{d.get_report_display()} ({d.get_direction_display()}): {d.due_text()}"
            for d in self.object.deadlines.all()
        ]
        return {"label": _("Hạn báo cáo"), "value": "; ".join(lines) or "—"}


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "doc-full"
    menu_label = _("Kế hoạch, chỉ tiêu")
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "form",
        "name",
        "document_number",
        "issuer",
        "issued_on",
        "legal_bases",
        "is_stub",
        "level",
        "org_unit",
        "first_year",
        "last_year",
        "parent",
    ]
    list_display = ["name", "form", "document_number", "org_unit", "first_year", "last_year"]
    list_filter = ["level", "first_year"]
    search_fields = ["name", "document_number"]
    search_backend_name = None
    ordering = ["-first_year", "name"]
    list_per_page = 50
    index_view_class = EditableRowsIndexView
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    inspect_view_class = PlanInspectView
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("form"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("document_number"), FieldPanel("issued_on")]),
            FieldPanel("issuer"),
            FieldPanel("org_unit"),
            FieldRowPanel([FieldPanel("first_year"), FieldPanel("last_year")]),
            FieldPanel("parent", widget=forms.Select),
            FieldPanel("legal_bases", widget=forms.Textarea(attrs={"rows": 3})),
            FieldPanel("is_stub"),
            TargetsPanel(
                "targets",
                heading=_("Chỉ tiêu"),
                label=_("Chỉ tiêu"),
                panels=[
                    FieldRowPanel(
                        [FieldPanel("indicator"), FieldPanel("level"), FieldPanel("kind")]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("every"),
                            FieldPanel("value"),
                            FieldPanel("low"),
                            FieldPanel("high"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("until"), FieldPanel("year")]),
                    FieldPanel("wording"),
                ],
            ),
            DeadlinesPanel(
                "deadlines",
                heading=_("Hạn báo cáo"),
                label=_("Hạn báo cáo"),
                panels=[
                    FieldRowPanel(
                        [FieldPanel("report"), FieldPanel("direction"), FieldPanel("from_level")]
                    ),
                    FieldRowPanel([FieldPanel("month"), FieldPanel("day"), FieldPanel("due")]),
                    FieldPanel("wording"),
                ],
            ),
        ],
        base_form_class=PlanForm,
    )

    def get_queryset(self, request):
        return readable_plans(request.user).select_related("org_unit")


class PlanDocumentColumn(DownloadColumn):
    """The yearly plan file, through the app's scoped download (never a /media/ URL)."""

    cell_template_name = "indicators/dashboard/_plan_document_cell.html"

    def get_value(self, instance):
        return _("Tải tệp") if instance.plan_document else ""

    def get_cell_context_data(self, instance, parent_context):
        context = Column.get_cell_context_data(self, instance, parent_context)
        context["download_url"] = (
            reverse("indicators_dashboard:unit_plan", args=[instance.pk])
            if instance.plan_document
            else ""
        )
        return context


class UnitYearViewSet(SnippetViewSet):
    model = UnitYear
    icon = "date"
    menu_label = _("Thông tin năm của đơn vị")
    copy_view_enabled = False
    list_display = [
        "org_unit",
        "year",
        "has_yearly_plan",
        PlanDocumentColumn("plan_document", label=_("Tệp kế hoạch năm")),
        "integrated",
        "cadres",
    ]
    list_filter = ["year", "has_yearly_plan", "integrated"]
    search_fields = ["org_unit__name", "org_unit__code"]
    search_backend_name = None
    ordering = ["-year", "org_unit__name"]
    list_per_page = 50
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    inspect_view_class = _SCOPED["inspect_view_class"]
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]
    edit_handler = ObjectList(
        [
            FieldPanel("org_unit"),
            FieldPanel("year"),
            FieldPanel("has_yearly_plan"),
            FieldPanel(
                "plan_document",
                help_text=_("PDF, Word, ODT hoặc ảnh chụp (JPG, PNG), tối đa 20 MB."),
            ),
            FieldPanel("integrated"),
            FieldPanel("cadres"),
        ],
        base_form_class=UnitYearForm,
    )

    def get_queryset(self, request):
        facts = UnitYear.objects.select_related("org_unit")
        return scope.scope_queryset(request.user, facts)


class PlanningGroup(SnippetViewSetGroup):
    menu_label = _("Kế hoạch")
    menu_icon = "doc-full"
    menu_order = 260
    items = (PlanViewSet, UnitYearViewSet)
