"""The indicator dashboard and drill-down in the Wagtail admin, and the public aggregate page.

Admin views are thin: read the unit (by id, within the user's subtree, else
404) and the period (a code of ``indicators.periods``), then hand over to
``indicators.dashboard`` and ``indicators.trace``. The public page shows only
aggregate numbers (no names of people, no cohorts, no venues, no photos) and
keeps its data in the cache for a few minutes.
"""

import datetime
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from indicators import charts, dashboard, freshness, plans, services
from indicators.definitions import BY_CODE, INDICATORS
from indicators.models import IndicatorResult, Plan, UnitYear
from indicators.periods import InvalidPeriod, parse_period
from indicators.trace import FAMILIES, REASONS, trace_for
from places import scope
from places.models import Level, OrgUnit

ADMIN_NAMESPACE = "indicators_dashboard"
PUBLIC_NAMESPACE = "indicators_public"
PUBLIC_CACHE_SECONDS = 300
EARLIEST_PUBLIC_YEAR = 2016


def admin_url(name, *args, **query):
    url = reverse(f"{ADMIN_NAMESPACE}:{name}", args=args)
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


# --- Admin --------------------------------------------------------------------


class IndicatorAdminMixin(WagtailAdminTemplateMixin):
    """Reads ``?unit=<id>`` (default: the user's own unit) and ``?period=<code>``."""

    header_icon = "table"

    def read_period(self):
        code = self.request.GET.get("period", "").strip()
        self.period_error = ""
        if code:
            try:
                return parse_period(code)
            except InvalidPeriod as error:
                self.period_error = str(error)
        return parse_period(dashboard.default_period())

    def read_unit(self):
        user = self.request.user
        raw = self.request.GET.get("unit", "").strip()
        if not raw:
            unit = dashboard.scope_root(user)
            if unit is None:
                raise PermissionDenied
            return unit
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(scope.units_visible_to(user), pk=int(raw))

    def setup_unit_and_period(self):
        self.period = self.read_period()
        self.unit = self.read_unit()

    def dashboard_url(self, unit=None, period=None, **extra):
        return admin_url(
            "index",
            unit=(unit or self.unit).pk,
            period=(period or self.period).code,
            **extra,
        )

    def trace_url(self, code, unit=None, **extra):
        return admin_url(
            "trace", code, unit=(unit or self.unit).pk, period=self.period.code, **extra
        )

    def common_context(self):
        return {
            "unit": self.unit,
            "period": self.period,
            "period_error": self.period_error,
            "period_suggestions": dashboard.period_suggestions(),
            "picker_units": dashboard.picker_units(self.request.user, self.unit, self.period),
            "unit_in_force": self.unit.is_valid_on(self.period.start)
            or self.unit.is_valid_on(self.period.end),
            "dashboard_url": self.dashboard_url(),
        }


class DashboardView(IndicatorAdminMixin, TemplateView):
    template_name = "indicators/dashboard/index.html"
    page_title = gettext_lazy("Chỉ tiêu")

    def get(self, request, *args, **kwargs):
        self.setup_unit_and_period()
        self.sort = request.GET.get("sort", dashboard.SORT_LAGGING)
        if self.sort not in dashboard.sort_options():
            self.sort = dashboard.SORT_LAGGING
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.unit.name} · {self.period.code}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Chỉ tiêu")}]

    def get_context_data(self, **kwargs):
        cards = dashboard.cards(self.unit, self.period)
        for card in cards:
            card.trace_url = self.trace_url(card.code)
            card.chart = charts.trend_chart(
                card.points,
                target=card.target,
                title=_("%(name)s theo thời gian") % {"name": card.name},
                chart_id=f"chart-{card.code}",
            )
        plan = services.plan_for(self.unit, self.period)
        last_plan = None if plan else plans.last_plan(self.unit)
        can_copy_plan = bool(
            last_plan
            and self.request.user.has_perm("indicators.add_plan")
            and scope.can_see(self.request.user, last_plan)
        )
        rows = dashboard.child_rows(self.unit, self.period, self.sort, plan=plan)
        for row in rows:
            row.url = self.dashboard_url(unit=row.unit)
            for cell in row.cells:
                cell.trace_url = self.trace_url(cell.code, unit=row.unit)
        return super().get_context_data(
            **self.common_context(),
            cards=cards,
            plan=plan,
            plan_name=str(plan) if plan else "",
            last_plan=last_plan,
            can_copy_plan=can_copy_plan,
            rows=rows,
            columns=column_headers(self.sort, lambda sort: self.dashboard_url(sort=sort)),
            sort=self.sort,
            lagging_url=self.dashboard_url(sort=dashboard.SORT_LAGGING),
            gaps=dashboard.gaps(self.unit, self.period),
            gap_trace_urls={
                "venues": self.trace_url("students", filter="no_baseline"),
                "communes": self.trace_url("communes", filter="silent"),
                "plans": self.trace_url("plans", filter="no"),
            },
            status_labels=dashboard.STATUS_LABELS,
            **kwargs,
        )


def column_headers(sort, url_for):
    """The child table's sortable headers: label, link, and the aria-sort of each."""
    headers = [("name", _("Đơn vị"), _("Đơn vị"))] + [
        (indicator.code, dashboard.SHORT_NAMES[indicator.code], indicator.name)
        for indicator in INDICATORS
    ]
    columns = []
    for key, short, full in headers:
        ascending = sort == key
        descending = sort == f"-{key}"
        columns.append(
            {
                "key": key,
                "short": short,
                "full": full,
                "url": url_for(f"-{key}" if ascending else key),
                "aria_sort": "ascending" if ascending else "descending" if descending else "",
            }
        )
    return columns


class TraceView(IndicatorAdminMixin, TemplateView):
    """Exactly the records behind one figure, and the records left out with the reason."""

    template_name = "indicators/dashboard/trace.html"

    def get(self, request, code, *args, **kwargs):
        if code not in FAMILIES:
            raise Http404
        self.code = code
        self.setup_unit_and_period()
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return str(BY_CODE[self.code].name)

    def get_page_subtitle(self):
        return f"{self.unit.name} · {self.period.code}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.dashboard_url(), "label": _("Chỉ tiêu")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        trace = trace_for(self.code, self.unit, self.period)
        services.ensure_fresh(self.unit, self.period)
        stored = IndicatorResult.objects.filter(
            indicator=self.code, org_unit=self.unit, period=self.period.code
        ).first()
        figure = trace.figure()
        page = self.request.GET.get("page", 1)
        chosen_list = self.request.GET.get("list", "")
        left_out = trace.left_out()
        left_out_page = None
        if chosen_list in {choice.key for choice in left_out}:
            left_out_page = trace.left_out_page(chosen_list, page)
        filter_key = trace.clean_filter(self.request.GET.get("filter", ""))
        listing = None if left_out_page is not None else trace.listing(filter_key, page)
        return super().get_context_data(
            **self.common_context(),
            code=self.code,
            rule=BY_CODE[self.code],
            trace=trace,
            figure=figure,
            figure_value=dashboard.percent(figure.value),
            numerator=dashboard.amount(figure.numerator),
            denominator=dashboard.amount(figure.denominator),
            counted_in=dashboard.COUNTED_IN[self.code],
            stored=stored,
            stored_differs=stored is not None
            and (stored.numerator, stored.denominator) != (figure.numerator, figure.denominator),
            filters=[
                {"choice": choice, "url": self.trace_url(self.code, filter=choice.key)}
                for choice in trace.filter_choices()
            ],
            filter_key=filter_key,
            listing=listing,
            left_out=[
                {"choice": choice, "url": self._left_out_url(trace, choice.key)}
                for choice in left_out
            ],
            left_out_key=chosen_list if left_out_page is not None else "",
            left_out_label=REASONS.get(chosen_list, ""),
            left_out_page=left_out_page,
            query_without_page=self._query_without_page(),
            can_review=self.request.user.has_perm("events.review_session"),
            trace_template=trace.template_name,
            **kwargs,
        )

    def _left_out_url(self, trace, key):
        """A list of left-out sessions; capped venues are a filter of the venue list."""
        if key in trace.filters:
            return self.trace_url(self.code, filter=key)
        return self.trace_url(self.code, list=key)

    def _query_without_page(self):
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()


def unit_plan_document(request, pk):
    """A unit's yearly plan file, served by the app to users whose subtree covers the unit.

    The proxy serves nothing under /media/ but published images (README), so
    this is the only way to the file.
    """
    facts = scope.scope_queryset(request.user, UnitYear.objects.select_related("org_unit"))
    fact = get_object_or_404(facts, pk=pk)
    if not fact.plan_document:
        raise Http404
    try:
        handle = fact.plan_document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"ke-hoach-{fact.org_unit.code}-{fact.year}{Path(fact.plan_document.name).suffix}"
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def copy_plan_view(request, pk):
    """Start the next period's plan by copying ``pk`` (an officer of the plan's unit)."""
    plan = get_object_or_404(Plan, pk=pk)
    if not request.user.has_perm("indicators.add_plan") or not scope.can_see(request.user, plan):
        raise PermissionDenied
    copy = plans.copy_plan(plan)
    messages.success(
        request,
        _(
            "Đã tạo kế hoạch %(years)s từ kế hoạch trước: hãy sửa số, ngày và chỉ tiêu "
            "theo văn bản mới."
        )
        % {"years": copy.period_code},
    )
    return redirect(reverse("wagtailsnippets_indicators_plan:edit", args=[copy.pk]))


def unit_plan_url(unit_year_id):
    return reverse(f"{ADMIN_NAMESPACE}:unit_plan", args=[unit_year_id])


# --- Public ------------------------------------------------------------------------


def earliest_public_year():
    first = Plan.objects.aggregate(first=Min("first_year"))["first"]
    return min(first or EARLIEST_PUBLIC_YEAR, EARLIEST_PUBLIC_YEAR)


def public_period(code):
    """A period the public page serves: a valid code, begun already (no query)."""
    try:
        period = parse_period(code)
    except InvalidPeriod as error:
        raise Http404(str(error)) from error
    if period.start > timezone.localdate():
        raise Http404
    return period


def public_unit(code, period, until=""):
    """The unit with this code in force during the period; ``until`` names a historical one."""
    if until:
        return get_object_or_404(OrgUnit, code=code, valid_until=_day(until))
    try:
        return services.find_unit(code, on=period.end)
    except services.UnknownUnit as error:
        raise Http404(str(error)) from error


def _day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise Http404 from error


def public_url(unit, period_code):
    url = reverse(f"{PUBLIC_NAMESPACE}:page", args=[unit.code, period_code])
    if unit.valid_until is not None:
        url += "?" + urlencode({"den": unit.valid_until.isoformat()})
    return url


def public_index(request):
    """The country and the provinces in force, each linking to its page for the current half."""
    period = dashboard.default_period()
    units = OrgUnit.objects.current().filter(level__in=[Level.COUNTRY, Level.PROVINCE])
    units = sorted(units, key=lambda unit: (unit.level != Level.COUNTRY, unit.name))
    return render(
        request,
        "indicators/public/index.html",
        {
            "units": [{"unit": unit, "url": public_url(unit, period)} for unit in units],
            "period": period,
        },
    )


def public_unit_default(request, code):
    return redirect(f"{PUBLIC_NAMESPACE}:page", code=code, period=dashboard.default_period())


def public_page_data(code, period, until):
    """Everything the public page shows, as plain values: what the cache holds."""
    unit = public_unit(code, period, until)
    if period.end.year < earliest_public_year():
        raise Http404
    data = dashboard.public_data(unit, period)
    parent = unit.parent
    data["unit"] = {
        "name": unit.name,
        "code": unit.code,
        "level": unit.get_level_display(),
        "valid_until": unit.valid_until,
    }
    data["parent"] = (
        {"name": parent.name, "url": public_url(parent, period.code)} if parent else None
    )
    suffix = f"?{urlencode({'den': until})}" if until else ""
    data["period_links"] = [
        (other, reverse(f"{PUBLIC_NAMESPACE}:page", args=[unit.code, other]) + suffix)
        for other in dashboard.public_period_links(period)
    ]
    return data


def public_page(request, code, period):
    period = public_period(period)
    until = request.GET.get("den", "")
    if not code.isalnum() or len(code) > 16:
        raise Http404
    if until:
        until = _day(until).isoformat()
    # The generation moves with every refresh of the stored figures: a new figure is never
    # hidden behind a cached page.
    key = f"indicators:public:{freshness.generation()}:{code}:{until}:{period.code}"
    data = cache.get(key)
    if data is None:
        data = public_page_data(code, period, until)
        cache.set(key, data, PUBLIC_CACHE_SECONDS)
    sort = request.GET.get("sort", dashboard.SORT_LAGGING)
    if sort not in dashboard.sort_options():
        sort = dashboard.SORT_LAGGING
    cards = dashboard.public_cards(data)
    for card in cards:
        card.chart = charts.trend_chart(
            card.points,
            target=card.target,
            title=_("%(name)s theo thời gian") % {"name": card.name},
            chart_id=f"chart-{card.code}",
        )
    rows = dashboard.sort_rows(dashboard.public_rows(data), sort)
    for row in rows:
        row.url = public_url(row.unit, period.code)

    def sort_url(key):
        query = request.GET.copy()
        query["sort"] = key
        return f"?{query.urlencode()}"

    return render(
        request,
        "indicators/public/page.html",
        {
            "unit": data["unit"],
            "parent": data["parent"],
            "period": period,
            "data": data,
            "plan_name": data["plan"],
            "cards": cards,
            "rows": rows,
            "columns": column_headers(sort, sort_url),
            "sort": sort,
            "lagging_url": sort_url(dashboard.SORT_LAGGING),
            "period_links": data["period_links"],
        },
    )
