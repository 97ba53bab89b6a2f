"""Wagtail admin for org units (read-only) and memberships, both limited to the user's subtree.

Registered in ``places.wagtail_hooks``. The listing, the chooser and every
single-object view (edit, delete, inspect, history, usage) go through
``places.scope``; the permission policies add the scope to Wagtail's own
per-object checks and keep org units read-only, since they come from the
official list (``manage.py load_admin_units``).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from places import scope, services
from places.forms import MembershipForm, OrgUnitSearchForm
from places.models import Membership, OrgUnit

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, for objects in the user's subtree only.

    With ``read_only``, nobody (superusers included) may add, change or delete.
    """

    def __init__(self, model, read_only=False):
        super().__init__(model)
        self.read_only = read_only

    def _allowed(self, actions):
        return [a for a in actions if not (self.read_only and a in WRITE_ACTIONS)]

    def user_has_permission(self, user, action):
        return bool(self._allowed([action])) and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = self._allowed(actions)
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and scope.can_see(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, self._allowed(actions))
        return scope.scope_queryset(user, instances)


class ScopedObjectMixin:
    """A single-object view that refuses objects outside the user's subtree."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not scope.can_see(self.request.user, obj):
            raise PermissionDenied
        return obj


def scoped_views(**view_classes):
    """Subclasses of the given snippet views with ``ScopedObjectMixin`` mixed in."""
    return {
        name: type(f"Scoped{view.__name__}", (ScopedObjectMixin, view), {})
        for name, view in view_classes.items()
    }


_SCOPED = scoped_views(
    edit_view_class=snippet_views.EditView,
    delete_view_class=snippet_views.DeleteView,
    inspect_view_class=snippet_views.InspectView,
    history_view_class=snippet_views.HistoryView,
    usage_view_class=snippet_views.UsageView,
)


# --- Org units ----------------------------------------------------------------


class OrgUnitInspectView(_SCOPED["inspect_view_class"]):
    def get_field_display_value(self, field_name, field):
        if getattr(self.object, field_name, "") is None:
            return "—"  # an open validity date
        return super().get_field_display_value(field_name, field)


class OrgUnitIndexView(snippet_views.IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        condition = services.unit_search_filter(self.search_query, words_inside=True)
        return queryset.filter(condition) if condition else queryset.none()


class ScopedChooserMixin:
    """A chooser listing only objects in the user's subtree."""

    def get_object_list(self):
        return scope.scope_queryset(self.request.user, super().get_object_list())


class OrgUnitChooserMixin(ScopedChooserMixin):
    """The org unit chooser lists the units in force today, searchable without diacritics."""

    filter_form_class = OrgUnitSearchForm

    def get_object_list(self):
        units = super().get_object_list()
        return units.current().select_related("parent").order_by("path")


class ScopedChosenMixin:
    """The chooser's "chosen" answers (an object's name by id) only for objects in scope."""

    def get_object(self, pk):
        obj = super().get_object(pk)
        if not scope.can_see(self.request.user, obj):
            raise ObjectDoesNotExist
        return obj

    def get_objects(self, pks):
        return scope.scope_queryset(self.request.user, super().get_objects(pks))


def chooser_viewset(mixin):
    """A snippet chooser viewset whose list views carry ``mixin`` and whose "chosen" views
    answer only for objects in the user's subtree."""
    return type(
        f"{mixin.__name__}ViewSet",
        (SnippetChooserViewSet,),
        {
            "choose_view_class": type("ChooseView", (mixin, chooser_views.ChooseView), {}),
            "choose_results_view_class": type(
                "ChooseResultsView", (mixin, chooser_views.ChooseResultsView), {}
            ),
            "chosen_view_class": type(
                "ChosenView", (ScopedChosenMixin, chooser_views.SnippetChosenView), {}
            ),
            "chosen_multiple_view_class": type(
                "ChosenMultipleView",
                (ScopedChosenMixin, chooser_views.SnippetChosenMultipleView),
                {},
            ),
        },
    )


class OrgUnitViewSet(SnippetViewSet):
    model = OrgUnit
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    menu_order = 800
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "level",
        "code",
        "name",
        "parent",
        "valid_from",
        "valid_until",
        "successors",
        "path",
    ]
    list_display = ["name", "code", "level", "parent", "valid_until"]
    list_filter = ["level"]
    search_fields = ["search_name"]  # turns the search box on; OrgUnitIndexView does the search
    ordering = ["path"]
    list_per_page = 50
    index_view_class = OrgUnitIndexView
    chooser_viewset_class = chooser_viewset(OrgUnitChooserMixin)
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    inspect_view_class = OrgUnitInspectView
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]

    def get_queryset(self, request):
        return scope.units_visible_to(request.user).select_related("parent")


# --- Memberships --------------------------------------------------------------


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Đơn vị của người dùng")
    menu_order = 810
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["user", "home_unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "home_unit__name"]
    search_backend_name = None
    chooser_viewset_class = chooser_viewset(ScopedChooserMixin)
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("home_unit")], base_form_class=MembershipForm
    )
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    inspect_view_class = _SCOPED["inspect_view_class"]
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]

    def get_queryset(self, request):
        memberships = Membership.objects.select_related("user", "home_unit")
        return scope.scope_queryset(request.user, memberships).order_by("user__username")
