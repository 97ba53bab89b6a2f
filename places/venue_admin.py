"""The venue registry in the Wagtail admin: venues and their yearly population figures.

Both are limited to the user's subtree, exactly as org units and memberships
are (``places.viewsets``): the listings, choosers and every single-object view
go through ``places.scope``, and the permission policies add the scope to
Wagtail's per-object checks. A venue's baselines are shown read-only on its
edit and inspect pages and edited in their own listing, since an inline panel
would need the model to be clusterable. Imported by ``places.wagtail_hooks``.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from common.text import search_name_for
from places import scope
from places.models import EstablishmentType, Level, OrgUnit, PopulationBaseline, Venue, VenueKind
from places.services import venue_search_filter
from places.viewsets import (
    ScopedChooserMixin,
    ScopedPermissionPolicy,
    chooser_viewset,
    scoped_views,
)

# --- Forms ------------------------------------------------------------------------


class VenueForm(WagtailAdminModelForm):
    """A venue in a current commune of the user's subtree; its search name follows its name."""

    def clean_org_unit(self):
        unit = self.cleaned_data["org_unit"]
        if unit is None:
            return unit
        if not scope.is_in_scope(self.for_user, unit):
            raise forms.ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        if unit.level != Level.COMMUNE or unit.valid_until is not None:
            raise forms.ValidationError(_("Chọn một xã, phường đang hiệu lực."))
        return unit

    def clean(self):
        cleaned = super().clean()
        kind, establishment_type = cleaned.get("kind"), cleaned.get("establishment_type")
        if establishment_type and kind != VenueKind.ESTABLISHMENT:
            self.add_error(
                "establishment_type", _("Chỉ cơ sở kinh doanh dịch vụ mới có loại cơ sở.")
            )
        return cleaned

    def save(self, commit=True):
        self.instance.search_name = search_name_for(self.instance.name)
        return super().save(commit=commit)


class BaselineForm(WagtailAdminModelForm):
    """A venue's figure for one year: parts within the total, one figure per year."""

    def clean_venue(self):
        venue = self.cleaned_data["venue"]
        if venue is not None and not scope.can_see(self.for_user, venue):
            raise forms.ValidationError(_("Địa điểm này nằm ngoài phạm vi quản lý của bạn."))
        return venue

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("total")
        for name in ("female", "ethnic_minority"):
            value = cleaned.get(name)
            if value is not None and total is not None and value > total:
                self.add_error(name, _("Không được lớn hơn tổng số."))
        venue, year = cleaned.get("venue"), cleaned.get("year")
        if venue is not None and year is not None:
            others = PopulationBaseline.objects.filter(venue=venue, year=year)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "year", _("Địa điểm này đã có số người năm %(year)d.") % {"year": year}
                )
        return cleaned


class VenueSearchForm(BaseFilterForm):
    """The venue chooser's search box: name without diacritics, or code."""

    q = forms.CharField(
        label=_("Tìm theo tên hoặc mã"),
        widget=forms.TextInput(attrs={"placeholder": _("Tìm kiếm")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(venue_search_filter(query, code_prefix=True))
        return objects


# --- A venue's baselines, read-only -----------------------------------------------


def baselines_table(venue, user):
    """The venue's figures by year, newest first, each linked to its edit page if allowed."""
    baselines = list(venue.baselines.order_by("-year")) if venue.pk else []
    if not baselines:
        return format_html("<p>{}</p>", _("Chưa có số liệu."))
    can_edit = user.has_perm("places.change_populationbaseline")

    def year_cell(baseline):
        if not can_edit:
            return baseline.year
        url = reverse("wagtailsnippets_places_populationbaseline:edit", args=[baseline.pk])
        return format_html('<a href="{}">{}</a>', url, baseline.year)

    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                year_cell(b),
                b.total,
                "—" if b.female is None else b.female,
                "—" if b.ethnic_minority is None else b.ethnic_minority,
                b.source or "—",
            )
            for b in baselines
        ),
    )
    return format_html(
        '<table class="listing"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
        "<tbody>{}</tbody></table>",
        _("Năm"),
        _("Tổng số"),
        _("Nữ"),
        _("Dân tộc thiểu số"),
        _("Nguồn số liệu"),
        rows,
    )


class BaselinesPanel(Panel):
    """The venue's population figures by year, read-only, with a link to add one."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            add_link = ""
            if self.request.user.has_perm("places.add_populationbaseline"):
                add_link = format_html(
                    '<p><a class="button button-small button-secondary" href="{}">{}</a></p>',
                    reverse("wagtailsnippets_places_populationbaseline:add"),
                    _("Thêm số người của một năm"),
                )
            return format_html("{}{}", baselines_table(self.instance, self.request.user), add_link)


# --- Views ------------------------------------------------------------------------

_SCOPED = scoped_views(
    edit_view_class=snippet_views.EditView,
    delete_view_class=snippet_views.DeleteView,
    inspect_view_class=snippet_views.InspectView,
    history_view_class=snippet_views.HistoryView,
    usage_view_class=snippet_views.UsageView,
)


def _communes_in_scope(request):
    if request is None:
        return OrgUnit.objects.none()
    units = scope.units_visible_to(request.user).filter(level=Level.COMMUNE)
    return units.filter(venues__isnull=False).distinct().order_by("name")


class VenueFilterSet(WagtailFilterSet):
    kind = ChoiceFilter(label=_("Loại"), choices=VenueKind.choices)
    establishment_type = ChoiceFilter(label=_("Loại cơ sở"), choices=EstablishmentType.choices)
    org_unit = ModelChoiceFilter(label=_("Xã, phường"), queryset=_communes_in_scope)

    class Meta:
        model = Venue
        fields = ["kind", "establishment_type", "org_unit"]


class VenueIndexView(snippet_views.IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(venue_search_filter(self.search_query, code_prefix=True))


class VenueInspectView(_SCOPED["inspect_view_class"]):
    def get_field_label(self, field_name, field):
        if field_name == "baselines":
            return _("Số người theo năm")
        return super().get_field_label(field_name, field)

    def get_baselines_display_value(self):
        return baselines_table(self.object, self.request.user)


class VenueChooserMixin(ScopedChooserMixin):
    filter_form_class = VenueSearchForm

    def get_object_list(self):
        return super().get_object_list().select_related("org_unit").order_by("name")


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "home"
    menu_label = _("Địa điểm")
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "name",
        "kind",
        "establishment_type",
        "org_unit",
        "address",
        "latitude",
        "longitude",
        "baselines",
    ]
    list_display = ["name", "code", "kind", "org_unit"]
    filterset_class = VenueFilterSet
    search_fields = ["search_name"]  # turns the search box on; VenueIndexView does the search
    ordering = ["name"]
    list_per_page = 50
    index_view_class = VenueIndexView
    chooser_viewset_class = chooser_viewset(VenueChooserMixin)
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    inspect_view_class = VenueInspectView
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("establishment_type")]),
            FieldPanel("org_unit"),
            MultiFieldPanel(
                [
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Vị trí"),
            ),
            BaselinesPanel(heading=_("Số người theo năm")),
        ],
        base_form_class=VenueForm,
    )

    def get_queryset(self, request):
        return scope.scope_queryset(request.user, Venue.objects.select_related("org_unit"))


class BaselineIndexView(snippet_views.IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        venues = Venue.objects.filter(venue_search_filter(self.search_query, code_prefix=True))
        return queryset.filter(venue__in=venues)


class PopulationBaselineViewSet(SnippetViewSet):
    model = PopulationBaseline
    icon = "group"
    menu_label = _("Số người theo năm")
    menu_order = 200
    copy_view_enabled = False
    list_display = ["venue", "year", "total", "female", "ethnic_minority", "source"]
    list_filter = ["year"]
    search_fields = ["venue__search_name"]
    ordering = ["venue__name", "-year"]
    list_per_page = 50
    index_view_class = BaselineIndexView
    chooser_viewset_class = chooser_viewset(ScopedChooserMixin)
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    inspect_view_class = _SCOPED["inspect_view_class"]
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]
    edit_handler = ObjectList(
        [
            FieldPanel("venue"),
            FieldRowPanel([FieldPanel("year"), FieldPanel("as_of")]),
            FieldRowPanel(
                [FieldPanel("total"), FieldPanel("female"), FieldPanel("ethnic_minority")]
            ),
            FieldPanel("source"),
        ],
        base_form_class=BaselineForm,
    )

    def get_queryset(self, request):
        baselines = PopulationBaseline.objects.select_related("venue")
        return scope.scope_queryset(request.user, baselines)


class VenueRegistryGroup(SnippetViewSetGroup):
    items = (VenueViewSet, PopulationBaselineViewSet)
    menu_icon = "home"
    menu_label = _("Địa điểm")
    menu_name = "venues"
    menu_order = 805


# Policies first: Wagtail refuses a custom policy once it has made a fallback one.
register_permission_policy(Venue, ScopedPermissionPolicy(Venue))
register_permission_policy(PopulationBaseline, ScopedPermissionPolicy(PopulationBaseline))
register_snippet(VenueRegistryGroup)


@hooks.register("before_bulk_action")
def refuse_venue_bulk_actions_outside_scope(request, action_type, objects, action_class_instance):
    """Bulk actions take object ids from the request: check each against the user's scope."""
    scoped = [obj for obj in objects if isinstance(obj, (Venue, PopulationBaseline))]
    if any(not scope.can_see(request.user, obj) for obj in scoped):
        raise PermissionDenied
