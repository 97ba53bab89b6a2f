"""The review queue in the Wagtail admin: listing, one session, and the review actions.

Every queryset starts from ``reviewable_sessions(user)``, which goes through
``places.scope``: a session outside the reviewer's subtree is answered like one
that does not exist (404). The rules themselves (scope, nobody approves their
own record, approved is locked) are enforced by ``events.services``; these
views only parse, look up and report.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from common.text import search_name_for
from events import photos, services
from events.models import Audience, Form, Organizer, Session, Status
from locales.languages import VIETNAMESE_NAMES
from places import scope
from places.models import Level, OrgUnit, PopulationBaseline, Venue, VenueKind

REVIEW = "review"
URL_NAMESPACE = "events_review"
ALL = gettext_lazy("Tất cả")


def url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def reviewable_sessions(user):
    """Sessions in the reviewer's subtree, with what the queue and the detail page show."""
    baseline = PopulationBaseline.objects.filter(
        venue=OuterRef("venue"), year__lte=ExtractYear(OuterRef("date"))
    ).order_by("-year")
    sessions = Session.objects.select_related("venue", "org_unit", "created_by").annotate(
        baseline_total=Subquery(baseline.values("total")[:1]),
        baseline_year=Subquery(baseline.values("year")[:1]),
    )
    return scope.scope_queryset(user, sessions)


def is_above_baseline(session):
    total = getattr(session, "baseline_total", None)
    return total is not None and session.participants > total


def place_of(session):
    if session.venue_id:
        return session.venue.name
    return session.org_unit.name


def language_names(codes):
    return ", ".join(VIETNAMESE_NAMES.get(code, code) for code in codes or []) or "—"


def author_of(session):
    user = session.created_by
    return user.get_full_name().strip() or user.get_username()


# --- Filters ------------------------------------------------------------------


def _communes_in_scope(request):
    if request is None:
        return OrgUnit.objects.none()
    communes = scope.units_visible_to(request.user).filter(level=Level.COMMUNE)
    return communes.order_by("valid_until", "name")


class ReviewFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Trạng thái"),
        choices=Status.choices,
        empty_label=ALL,
        initial=Status.SUBMITTED,
    )
    org_unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Xã, phường"), queryset=_communes_in_scope, empty_label=ALL
    )
    form = django_filters.ChoiceFilter(
        label=gettext_lazy("Hình thức"), choices=Form.choices, empty_label=ALL
    )
    audience = django_filters.ChoiceFilter(
        label=gettext_lazy("Đối tượng"), choices=Audience.choices, empty_label=ALL
    )
    date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Ngày tổ chức"), widget=DateRangePickerWidget
    )
    venue_kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Loại địa điểm"),
        field_name="venue__kind",
        choices=VenueKind.choices,
        empty_label=ALL,
    )

    class Meta:
        model = Session
        fields = []


def filter_data(query):
    """The listing's query, with the queue's default: records waiting for review."""
    if "status" in query:
        return query
    data = query.copy()
    data["status"] = Status.SUBMITTED
    return data


def search_sessions(sessions, text):
    """Match the venue's or the commune's name, typed with or without diacritics."""
    words = search_name_for(text or "")
    if not words:
        return sessions
    return sessions.filter(
        Q(venue__search_name__contains=words) | Q(org_unit__search_name__contains=words)
    )


def listed_sessions(request):
    """The sessions the queue lists for this request's filters and search (bulk "select all")."""
    filters = ReviewFilterSet(
        filter_data(request.GET), queryset=reviewable_sessions(request.user), request=request
    )
    sessions = filters.qs if filters.is_valid() else filters.queryset.none()
    return search_sessions(sessions, request.GET.get("q"))


# --- Queue --------------------------------------------------------------------


class PlaceColumn(Column):
    cell_template_name = "events/admin/review_cell_place.html"


class ParticipantsColumn(Column):
    cell_template_name = "events/admin/review_cell_participants.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["above_baseline"] = is_above_baseline(instance)
        return context


class ReviewIndexView(IndexView):
    any_permission_required = [REVIEW]
    template_name = "events/admin/review_index.html"
    page_title = gettext_lazy("Duyệt hoạt động")
    filterset_class = ReviewFilterSet
    default_ordering = "-date"
    paginate_by = 50
    search_fields = ["venue__search_name"]  # turns the search box on; search_queryset searches

    def get_base_queryset(self):
        return reviewable_sessions(self.request.user)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["data"] = filter_data(self.request.GET)
        return kwargs

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            return queryset.none()  # a bad filter shows nothing rather than everything
        return super().filter_queryset(queryset)

    def search_queryset(self, queryset):
        return search_sessions(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")  # stable pages

    def get_valid_orderings(self):
        return ["date", "-date", "participants", "-participants", "status", "-status"]

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="session"),
            TitleColumn(
                "date",
                label=gettext_lazy("Ngày"),
                accessor=lambda s: date_format(s.date, "d/m/Y"),
                get_url=lambda s: url("detail", s.pk),
                get_title_id=lambda s: f"session_{s.pk}_title",
                sort_key="date",
                classname="review-date",
            ),
            PlaceColumn("place", label=gettext_lazy("Địa điểm / xã, phường"), accessor=place_of),
            Column("form", label=gettext_lazy("Hình thức"), accessor="get_form_display"),
            Column("audience", label=gettext_lazy("Đối tượng"), accessor="get_audience_display"),
            Column("cohort", label=gettext_lazy("Nhóm tham dự")),
            ParticipantsColumn(
                "participants", label=gettext_lazy("Số người"), sort_key="participants"
            ),
            Column("author", label=gettext_lazy("Người ghi"), accessor=author_of),
            StatusTagColumn(
                "status",
                label=gettext_lazy("Trạng thái"),
                accessor="get_status_display",
                primary=lambda s: s.status == Status.SUBMITTED,
                sort_key="status",
            ),
        ]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


# --- One session --------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("Người ghi sẽ đọc lý do này trong thư báo."),
    )


class ReviewerMixin(PermissionCheckedMixin):
    """Reviewers only; the session must lie in their subtree, else 404."""

    model = Session
    any_permission_required = [REVIEW]

    def get_session(self, queryset=None):
        queryset = queryset if queryset is not None else reviewable_sessions(self.request.user)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])


def _display(name, value, names):
    if value is None or value == "" or value == []:
        return "—"
    if name == "venue_id":
        return names["venues"].get(value, value)
    if name == "org_unit_id":
        return names["units"].get(value, value)
    choices = {"form": Form, "audience": Audience, "organizer": Organizer, "status": Status}
    if name in choices:
        return dict(choices[name].choices).get(value, value)
    if name == "languages":
        return language_names(value)
    if name == "date":
        try:
            return date_format(datetime.date.fromisoformat(value), "d/m/Y")
        except (TypeError, ValueError):
            return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def _label(name):
    field_name = name.removesuffix("_id")
    try:
        return Session._meta.get_field(field_name).verbose_name
    except Exception:  # a field since removed from the model: show its stored name
        return name


def audit_trail(session):
    """The session's changes, each with readable field diffs; two queries whatever the size."""
    changes = list(session.changes.select_related("user").order_by("at", "pk"))
    venue_ids, unit_ids = set(), set()
    for change in changes:
        for name, value in _diff_items(change):
            ids = venue_ids if name == "venue_id" else unit_ids if name == "org_unit_id" else None
            if ids is not None:
                ids.update(v for v in value if v is not None)
    names = {
        "venues": dict(Venue.objects.filter(pk__in=venue_ids).values_list("pk", "name"))
        if venue_ids
        else {},
        "units": dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
        if unit_ids
        else {},
    }
    rows = []
    for change in changes:
        diffs = [
            {
                "label": _label(name),
                "before": _display(name, before, names) if before is not None else None,
                "after": _display(name, after, names),
            }
            for name, (before, after) in _diff_items(change)
        ]
        rows.append({"change": change, "diffs": diffs})
    return rows


def _diff_items(change):
    """(field, (before, after)) pairs; a creation or import has no "before"."""
    data = change.changes or {}
    if "fields" in data:
        return [(name, (None, value)) for name, value in data["fields"].items()]
    return [
        (name, tuple(value))
        for name, value in data.items()
        if isinstance(value, list) and len(value) == 2
    ]


class SessionPhotoView(ReviewerMixin, View):
    """A photo of a session in the reviewer's subtree, served privately."""

    def get(self, request, pk, photo_pk, thumbnail=False):
        session = self.get_session()
        return photos.photo_response(get_object_or_404(session.photos, pk=photo_pk), thumbnail)


class SessionDetailView(ReviewerMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/session_detail.html"
    header_icon = "tasks"

    def get(self, request, *args, **kwargs):
        sessions = reviewable_sessions(request.user).prefetch_related(
            "materials_handed_out", "photos"
        )
        self.object = self.get_session(sessions)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Buổi tuyên truyền")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": url("index"), "label": _("Duyệt hoạt động")},
            {"url": "", "label": str(self.object)},
        ]

    def get_context_data(self, **kwargs):
        session = self.object
        user = self.request.user
        own = session.created_by_id == user.pk
        may_review = not own and services.can_review(user, session)
        return super().get_context_data(
            session=session,
            above_baseline=is_above_baseline(session),
            languages=language_names(session.languages),
            materials=session.materials_handed_out.all(),
            photos=session.photos.all(),
            trail=audit_trail(session),
            own_record=own,
            can_decide=may_review and session.status == Status.SUBMITTED,
            can_unlock=may_review and session.status == Status.APPROVED,
            return_form=ReasonForm(prefix="return"),
            unlock_form=ReasonForm(prefix="unlock"),
            index_url=url("index"),
            approve_url=url("approve", session.pk),
            return_url=url("return", session.pk),
            unlock_url=url("unlock", session.pk),
            **kwargs,
        )


# --- Actions ------------------------------------------------------------------


class ReviewActionView(ReviewerMixin, View):
    """POST only: look the session up in scope, call the service, report, go back."""

    http_method_names = ["post"]
    form_prefix = ""

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        try:
            message = self.perform(session)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal) or _("Bạn không có quyền làm việc này."))
        except ValidationError as invalid:
            for text in invalid.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect(self.next_url(session))

    def next_url(self, session):
        target = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, {self.request.get_host()}):
            return target
        return url("detail", session.pk)

    def reason(self):
        return self.request.POST.get(f"{self.form_prefix}-reason", "")


class ApproveView(ReviewActionView):
    def perform(self, session):
        if services.approve(self.request.user, [session]) == 0:
            raise ValidationError(_("Bản ghi không ở trạng thái chờ duyệt."))
        return _("Đã duyệt: %(session)s.") % {"session": session}


class ReturnView(ReviewActionView):
    form_prefix = "return"

    def perform(self, session):
        if services.return_to_author(self.request.user, [session], self.reason()) == 0:
            raise ValidationError(_("Bản ghi không ở trạng thái chờ duyệt."))
        return _("Đã trả lại cho người ghi: %(session)s.") % {"session": session}


class UnlockView(ReviewActionView):
    form_prefix = "unlock"

    def perform(self, session):
        services.unlock(self.request.user, session, self.reason())
        return _("Đã mở khoá và trả lại cho người ghi: %(session)s.") % {"session": session}
