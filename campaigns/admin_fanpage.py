"""Fanpage posts in the Wagtail admin: the list, the edit form with figures, a month calendar.

Scoped like the media log: a post belongs to an org unit, and officers see and
change the posts of their subtree only. The calendar is a server-rendered
month grid (Monday first) of the posts planned or published on each day,
each a link to its edit view, coloured by status and marked by channel; ideas
without a date are listed under it. Figures come from the edit form (one
snapshot per date) or from a platform's export (``campaigns.admin_imports``).
"""

import calendar
import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import NumberColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from campaigns.admin_imports import FiguresImportView
from campaigns.admin_media import MonthFilter, month_bounds
from campaigns.fanpage import FanpageChannel, FanpageFigures, FanpagePost, PostStatus
from campaigns.fanpage_imports import IMPORT_PERMISSION as FIGURES_PERMISSION
from places import scope
from places.viewsets import ScopedChooserMixin, chooser_viewset, scoped_views

URL_NAMESPACE = "wagtailsnippets_campaigns_fanpagepost"
UNDATED_IDEAS_SHOWN = 50


class CalendarMonthFilter(MonthFilter):
    """The posts planned or published in the month (as the calendar places them)."""

    def filter(self, queryset, value):
        bounds = month_bounds(value) if value else None
        return queryset.on_calendar_between(*bounds) if bounds else queryset


class FanpagePostFilterSet(WagtailFilterSet):
    month = CalendarMonthFilter(field_name="planned_at")

    class Meta:
        model = FanpagePost
        fields = ["channel", "status", "language", "campaign"]


class FanpagePostForm(WagtailAdminModelForm):
    """A post of the user's subtree; a planned post needs its time, a published one its link."""

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

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == PostStatus.PLANNED and not data.get("planned_at"):
            self.add_error("planned_at", _("Bài đã lên lịch cần thời gian dự kiến đăng."))
        if status == PostStatus.PUBLISHED:
            if not data.get("published_url"):
                self.add_error("published_url", _("Bài đã đăng cần đường dẫn tới bài."))
            if not data.get("published_at"):
                # The planned time is the best guess of when it went out; else now.
                data["published_at"] = data.get("planned_at") or timezone.now()
                self.instance.published_at = data["published_at"]
        return data


class FanpagePostCreateView(snippet_views.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class FanpagePostIndexView(snippet_views.IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        buttons.append(
            HeaderButton(
                _("Lịch tháng"), url=reverse(f"{URL_NAMESPACE}:calendar"), icon_name="date"
            )
        )
        if self.request.user.has_perm(FIGURES_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Nhập số liệu"),
                    url=reverse(f"{URL_NAMESPACE}:import_figures"),
                    icon_name="upload",
                )
            )
        return buttons


def _shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


class FanpageCalendarView(WagtailAdminTemplateMixin, TemplateView):
    """The month's posts in a grid of weeks; ?month=2026-11, this month by default."""

    template_name = "campaigns/admin/fanpage_calendar.html"
    header_icon = "date"
    page_title = _("Lịch đăng bài fanpage")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("campaigns.view_fanpagepost"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{URL_NAMESPACE}:list"), "label": _("Bài đăng fanpage")},
            {"url": "", "label": self.get_page_title()},
        ]

    def month(self) -> datetime.date:
        bounds = month_bounds(self.request.GET.get("month", ""))
        return bounds[0] if bounds else timezone.localdate().replace(day=1)

    def get_context_data(self, **kwargs):
        first = self.month()
        weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            first.year, first.month
        )
        visible = scope.scope_queryset(self.request.user, FanpagePost.objects.all())
        posts = (
            visible.on_calendar_between(weeks[0][0], weeks[-1][-1])
            .select_related("campaign")
            .order_by("calendar_at", "pk")
        )
        by_day = {}
        for post in posts:
            day = timezone.localtime(post.calendar_at).date()
            by_day.setdefault(day, []).append(
                {"post": post, "url": reverse(f"{URL_NAMESPACE}:edit", args=[post.pk])}
            )
        undated = visible.filter(
            status=PostStatus.IDEA, planned_at__isnull=True, published_at__isnull=True
        ).order_by("-pk")[:UNDATED_IDEAS_SHOWN]
        today = timezone.localdate()
        return super().get_context_data(
            month=first,
            previous_month=_shift_month(first, -1),
            next_month=_shift_month(first, 1),
            weekdays=[
                _("Thứ hai"),
                _("Thứ ba"),
                _("Thứ tư"),
                _("Thứ năm"),
                _("Thứ sáu"),
                _("Thứ bảy"),
                _("Chủ nhật"),
            ],
            weeks=[
                [
                    {
                        "date": day,
                        "in_month": day.month == first.month,
                        "today": day == today,
                        "posts": by_day.get(day, []),
                    }
                    for day in week
                ]
                for week in weeks
            ],
            undated=[
                {"post": post, "url": reverse(f"{URL_NAMESPACE}:edit", args=[post.pk])}
                for post in undated
            ],
            statuses=PostStatus.choices,
            channels=FanpageChannel.choices,
            add_url=reverse(f"{URL_NAMESPACE}:add")
            if self.request.user.has_perm("campaigns.add_fanpagepost")
            else "",
            **kwargs,
        )


_SCOPED = scoped_views(
    edit_view_class=snippet_views.EditView,
    delete_view_class=snippet_views.DeleteView,
    inspect_view_class=snippet_views.InspectView,
    history_view_class=snippet_views.HistoryView,
    usage_view_class=snippet_views.UsageView,
)


class FanpagePostViewSet(SnippetViewSet):
    model = FanpagePost
    icon = "comment"
    menu_label = _("Bài đăng fanpage")
    menu_order = 200
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "__str__",
        "status",
        "planned_at",
        "published_at",
        NumberColumn("latest_views", label=_("Lượt xem")),
        NumberColumn("latest_reach", label=_("Lượt tiếp cận")),
        "org_unit",
    ]
    filterset_class = FanpagePostFilterSet
    search_fields = ["text", "hashtags"]
    search_backend_name = None
    ordering = ["-planned_at", "-pk"]
    list_per_page = 50
    index_view_class = FanpagePostIndexView
    add_view_class = FanpagePostCreateView
    edit_view_class = _SCOPED["edit_view_class"]
    delete_view_class = _SCOPED["delete_view_class"]
    inspect_view_class = _SCOPED["inspect_view_class"]
    history_view_class = _SCOPED["history_view_class"]
    usage_view_class = _SCOPED["usage_view_class"]
    chooser_viewset_class = chooser_viewset(ScopedChooserMixin)
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("channel"), FieldPanel("language"), FieldPanel("status")]),
            FieldPanel("campaign"),
            FieldPanel("text"),
            FieldPanel("media_url"),
            FieldPanel("hashtags"),
            FieldRowPanel([FieldPanel("planned_at"), FieldPanel("published_at")]),
            FieldPanel("published_url"),
            FieldPanel("org_unit"),
            MultiFieldPanel(
                [
                    InlinePanel(
                        "figures",
                        panels=[
                            FieldPanel("as_of"),
                            FieldRowPanel(
                                [
                                    FieldPanel("reach"),
                                    FieldPanel("views"),
                                    FieldPanel("reactions"),
                                    FieldPanel("shares"),
                                    FieldPanel("comments"),
                                ]
                            ),
                        ],
                        label=_("số liệu"),
                    )
                ],
                heading=_("Số liệu theo ngày"),
            ),
        ],
        base_form_class=FanpagePostForm,
    )

    def get_queryset(self, request):
        latest = FanpageFigures.objects.filter(post=OuterRef("pk")).order_by("-as_of")
        posts = FanpagePost.objects.select_related("org_unit").annotate(
            latest_views=Subquery(latest.values("views")[:1]),
            latest_reach=Subquery(latest.values("reach")[:1]),
        )
        return scope.scope_queryset(request.user, posts)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("calendar/", FanpageCalendarView.as_view(), name="calendar"),
            path("import-figures/", FiguresImportView.as_view(), name="import_figures"),
        ]
