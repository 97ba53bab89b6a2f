"""The media log in the Wagtail admin: press, radio, TV and other items, scoped to the subtree.

Officers log items for a unit of their subtree (``places.scope``); the list,
the chooser and every single-object view see only those. The item's author is
the user who logged it. The list filters by month, level, kind and campaign;
a header button leads to the upload page (``campaigns.admin_imports``). The
press indicator reads these items.
"""

import datetime

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from campaigns.admin_imports import MediaImportView, media_template
from campaigns.media_imports import IMPORT_PERMISSION
from campaigns.models import MediaItem
from places import scope
from places.viewsets import ScopedChooserMixin, chooser_viewset, scoped_views


def month_bounds(value: str):
    """``(first day, last day)`` of "2025-03", or None if it is not a month."""
    try:
        first = datetime.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return None
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


class MonthFilter(django_filters.CharFilter):
    """A month picker ("2025-03") that keeps the rows whose date field falls in that month."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Tháng"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month"}))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        bounds = month_bounds(value) if value else None
        if bounds is None:
            return queryset
        return queryset.filter(**{f"{self.field_name}__range": bounds})


class MediaItemFilterSet(WagtailFilterSet):
    month = MonthFilter(field_name="published_on")

    class Meta:
        model = MediaItem
        fields = ["level", "channel", "language", "campaign"]


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


class MediaItemIndexView(snippet_views.IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(IMPORT_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Nhập từ tệp"),
                    url=reverse("wagtailsnippets_campaigns_mediaitem:import"),
                    icon_name="upload",
                )
            )
        return buttons


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
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["title", "published_on", "outlet", "channel", "level", "org_unit"]
    filterset_class = MediaItemFilterSet
    search_fields = ["title", "outlet"]
    search_backend_name = None
    ordering = ["-published_on", "-pk"]
    list_per_page = 50
    index_view_class = MediaItemIndexView
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
            FieldRowPanel([FieldPanel("language"), FieldPanel("campaign")]),
            FieldPanel("org_unit"),
            FieldPanel("note"),
        ],
        base_form_class=MediaItemForm,
    )

    def get_queryset(self, request):
        items = MediaItem.objects.select_related("org_unit")
        return scope.scope_queryset(request.user, items)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", MediaImportView.as_view(), name="import"),
            path("import/template.<str:extension>", media_template, name="import_template"),
        ]
