"""The registers in the Wagtail admin, each limited to the user's subtree (``places.scope``)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from places import scope
from places.models import Venue
from places.viewsets import scoped_views
from registers.models import (
    Commendation,
    CreativeContest,
    CreativeEntry,
    NetworkMember,
    PilotModel,
)

_SCOPED = scoped_views(
    **{
        name: view
        for name, view in (
            ("edit_view_class", SnippetViewSet.edit_view_class),
            ("delete_view_class", SnippetViewSet.delete_view_class),
            ("inspect_view_class", SnippetViewSet.inspect_view_class),
            ("history_view_class", SnippetViewSet.history_view_class),
            ("usage_view_class", SnippetViewSet.usage_view_class),
        )
    }
)


class ScopedForm(WagtailAdminModelForm):
    """Units, contests and venues offered only within the user's subtree."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        if "org_unit" in self.fields:
            self.fields["org_unit"].queryset = scope.units_visible_to(user)
            home = scope.home_unit(user)
            if not self.instance.pk and home is not None:
                self.initial.setdefault("org_unit", home.pk)
        if "contest" in self.fields:
            self.fields["contest"].queryset = scope.scope_queryset(
                user, CreativeContest.objects.all()
            )
        if "venue" in self.fields:
            self.fields["venue"].queryset = scope.scope_queryset(user, Venue.objects.all())

    def clean_org_unit(self):
        unit = self.cleaned_data["org_unit"]
        if not scope.is_in_scope(self.for_user, unit):
            raise forms.ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        return unit


def register_viewset(model, label, icon, columns, filters=(), search=()):
    """A snippet viewset for one register: scoped listing, forms and single-object views."""

    def get_queryset(self, request):
        return scope.scope_queryset(request.user, model.objects.all())

    return type(
        f"{model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": model,
            "icon": icon,
            "menu_label": label,
            "copy_view_enabled": False,
            "list_display": list(columns),
            "list_filter": list(filters),
            "search_fields": list(search),
            "search_backend_name": None,
            "list_per_page": 50,
            "get_queryset": get_queryset,
            "edit_handler": ObjectList(
                [
                    FieldPanel(field.name)
                    for field in model._meta.get_fields()
                    if field.concrete and field.editable and not field.auto_created
                ],
                base_form_class=ScopedForm,
            ),
            **_SCOPED,
        },
    )


PilotModelViewSet = register_viewset(
    PilotModel,
    _("Mô hình thí điểm"),
    "site",
    ("name", "org_unit", "kind", "status", "started_on"),
    ("status", "kind"),
    ("name",),
)
CommendationViewSet = register_viewset(
    Commendation,
    _("Khen thưởng"),
    "pick",
    ("recipient", "recipient_kind", "award", "org_unit", "decided_on"),
    ("recipient_kind",),
    ("recipient",),
)
CreativeContestViewSet = register_viewset(
    CreativeContest,
    _("Cuộc thi sáng tác"),
    "edit",
    ("title", "org_unit", "opens_on", "closes_on", "judged_on"),
    (),
    ("title",),
)
CreativeEntryViewSet = register_viewset(
    CreativeEntry,
    _("Tác phẩm dự thi, chấm giải"),
    "doc-full",
    ("title", "author", "contest", "kind", "score", "prize"),
    ("prize", "kind"),
    ("title", "author"),
)
NetworkMemberViewSet = register_viewset(
    NetworkMember,
    _("Mạng lưới đồng đẳng viên, cộng tác viên"),
    "group",
    ("full_name", "role", "network", "org_unit", "joined_on"),
    ("role",),
    ("full_name", "network"),
)


class RegistersGroup(SnippetViewSetGroup):
    menu_label = _("Sổ theo dõi")
    menu_icon = "folder-open-inverse"
    menu_order = 270
    items = (
        PilotModelViewSet,
        CommendationViewSet,
        CreativeContestViewSet,
        CreativeEntryViewSet,
        NetworkMemberViewSet,
    )
