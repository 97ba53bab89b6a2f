"""The media log in the Wagtail admin: press, radio, TV and other items, scoped to the subtree.

Officers log items for a unit of their subtree (``places.scope``); the list,
the chooser and every single-object view see only those. The item's author is
the user who logged it. The press indicator reads these items.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from campaigns.models import MediaItem
from places import scope
from places.viewsets import (
    ScopedChooserMixin,
    ScopedPermissionPolicy,
    chooser_viewset,
    scoped_views,
)

# Before anything asks Wagtail for MediaItem's policy, or it makes a fallback one.
register_permission_policy(MediaItem, ScopedPermissionPolicy(MediaItem))


class MediaItemForm(WagtailAdminModelForm):
    """An item logged for a unit of the user's subtree (their own unit unless they choose)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or "org_unit" not in self.fields:
            return
        self.fields["org_unit"].queryset = scope.units_visible_to(user)
        if not self.instance.pk and not self.initial.get("org_unit"):
            home = scope.home_unit(user)
            if home is not None:
                self.initial["org_unit"] = home.pk

    def clean_org_unit(self):
        unit = self.cleaned_data["org_unit"]
        if not scope.is_in_scope(self.for_user, unit):
            raise forms.ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        return unit


class MediaItemCreateView(snippet_views.CreateView):
    def save_instance(self):
        self.form.instance.logged_by = self.request.user
        return super().save_instance()


_SCOPED = scoped_views(
    edit_view_class=snippet_views.EditView,
    delete_view_class=snippet_views.DeleteView,
    inspect_view_class=snippet_views.InspectView,
    history_view_class=snippet_views.HistoryView,
    usage_view_class=snippet_views.UsageView,
)


class MediaItemViewSet(SnippetViewSet):
    model = MediaItem
    icon = "media"
    menu_label = _("Nhật ký truyền thông")
    menu_order = 270
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["title", "published_on", "outlet", "channel", "level", "org_unit"]
    list_filter = ["channel", "level", "published_on"]
    search_fields = ["title", "outlet"]
    search_backend_name = None
    ordering = ["-published_on", "-pk"]
    list_per_page = 50
    add_view_class = MediaItemCreateView
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    inspect_view_class = _SCOPED["inspect_view_class"]
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]
    chooser_viewset_class = chooser_viewset(ScopedChooserMixin)
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("published_on"), FieldPanel("outlet")]),
            FieldRowPanel([FieldPanel("channel"), FieldPanel("level")]),
            FieldPanel("url"),
            FieldPanel("org_unit"),
            FieldPanel("note"),
        ],
        base_form_class=MediaItemForm,
    )

    def get_queryset(self, request):
        items = MediaItem.objects.select_related("org_unit")
        return scope.scope_queryset(request.user, items)


register_snippet(MediaItemViewSet)


@hooks.register("before_bulk_action")
def refuse_bulk_actions_outside_scope(request, action_type, objects, action_class_instance):
    """Bulk actions take ids from the request: every media item must lie in the subtree."""
    items = [obj for obj in objects if isinstance(obj, MediaItem)]
    if any(not scope.can_see(request.user, obj) for obj in items):
        raise PermissionDenied
