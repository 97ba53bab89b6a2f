"""The records behind each figure, and the records left out with the reason.

For an indicator, a unit and a period, a trace lists what the engine counted
(venues with their cohorts, communes, months with their press items,
establishments, training cohorts, lower units) and what it left out: no
population figure, a repeated cohort (not the largest session of its group),
reach capped at the venue's population, not approved, another audience, a
venue of another kind, a unit not in force. Totals are SQL aggregates over
the same rules as ``indicators.engine``; a test holds them equal to the
engine's figures. Lists are paginated.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Cast,
    Concat,
    ExtractMonth,
    ExtractQuarter,
    ExtractYear,
    Lower,
    RowNumber,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import MediaItem
from events.models import NOT_OUTREACH_FORMS, OUTREACH_FORMS, Audience, Form, Session, Status
from indicators.contest_reach import entrants_cte, larger
from indicators.dashboard import in_force_during
from indicators.definitions import (
    BY_CODE,
    PRESS_VARIANTS,
    REACH_SEGMENTS,
    TRAINEE_LEVELS,
    press_filter,
)
from indicators.models import UnitYear
from places.models import OrgUnit, PopulationBaseline, Venue, VenueKind

PAGE_SIZE = 50
UNAPPROVED = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED]
ONE_DECIMAL = Decimal("0.1")

# Why a record is not in the figure.
NOT_APPROVED = "not_approved"
REPEAT = "repeat"
CAPPED = "capped"
NO_BASELINE = "no_baseline"
OTHER_AUDIENCE = "other_audience"
OTHER_VENUE = "other_venue"
OUT_OF_FORCE = "out_of_force"
NOT_PRESS = "not_press"
NOT_OUTREACH = "not_outreach"
REASONS = {
    NOT_APPROVED: _("Chưa được duyệt (nháp, chờ duyệt hoặc bị trả lại)"),
    REPEAT: _("Nhóm tham dự lặp lại: chỉ tính buổi đông nhất của nhóm"),
    CAPPED: _("Vượt quy mô địa điểm: phần vượt không được tính"),
    NO_BASELINE: _("Địa điểm chưa có số liệu quy mô"),
    OTHER_AUDIENCE: _("Đối tượng khác"),
    OTHER_VENUE: _("Địa điểm không thuộc loại được tính"),
    OUT_OF_FORCE: _("Ghi cho đơn vị không phải xã, phường có hiệu lực trong kỳ"),
    NOT_PRESS: _("Không thuộc loại tin, bài chỉ tiêu này tính"),
    NOT_OUTREACH: _("Tập huấn, kiểm tra: không phải tuyên truyền, được tính ở chỉ tiêu riêng"),
}


def ratio(numerator, denominator):
    """The engine's value: numerator / denominator × 100, one decimal; None without data."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def cohort_key():
    """A session's cohort as the engine groups it: its name, lower-cased; empty is its own."""
    return Case(
        When(cohort="", then=Concat(Value("id:"), Cast("pk", CharField()))),
        default=Lower("cohort"),
        output_field=CharField(),
    )


def ranked(sessions, *partition):
    """Sessions numbered within their cohort, largest attendance first (``rank`` 1 counts)."""
    key = cohort_key()
    return sessions.annotate(
        cohort_key=key,
        rank=Window(
            RowNumber(),
            partition_by=[*(F(name) for name in partition), key],
            order_by=[F("participants").desc(), F("date").asc(), F("pk").asc()],
        ),
    )


def in_period(period, field="date"):
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


@dataclass
class Figure:
    numerator: Decimal
    denominator: Decimal

    @property
    def value(self):
        return ratio(self.numerator, self.denominator)


@dataclass
class Choice:
    """A filter of the main list, or a list of left-out records, with its size."""

    key: str
    label: str
    count: int


class Trace:
    """What one figure is made of. Subclasses fill in the lists for their family."""

    family = ""
    filters: dict = {}
    default_filter = "all"

    def __init__(self, code, unit: OrgUnit, period):
        self.code = code
        self.rule = BY_CODE[code]
        self.unit = unit
        self.period = period

    @property
    def template_name(self):
        return f"indicators/dashboard/trace/_{self.family}.html"

    def figure(self) -> Figure:
        raise NotImplementedError

    def filter_choices(self) -> list[Choice]:
        counts = self.filter_counts()
        return [Choice(key, label, counts.get(key, 0)) for key, label in self.filters.items()]

    def filter_counts(self) -> dict:
        return {}

    def listing(self, filter_key, page):
        raise NotImplementedError

    def left_out(self) -> list[Choice]:
        return []

    def left_out_page(self, key, page):
        queryset = self.left_out_queryset(key)
        return paginate(queryset, page) if queryset is not None else None

    def left_out_queryset(self, key):
        return None

    def clean_filter(self, key):
        return key if key in self.filters else self.default_filter


def paginate(rows, page):
    return Paginator(rows, PAGE_SIZE).get_page(page)


def _session_rows(queryset):
    return queryset.select_related("venue", "org_unit").order_by("date", "pk")


# --- Reach: students, industrial-zone workers, establishment workers ------------------


class SqlRows:
    """A raw per-venue query that Django's Paginator can slice and count."""

    def __init__(self, sql, params, count, columns):
        self.sql, self.params, self._count, self.columns = sql, params, count, columns

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, item):
        start = item.start or 0
        stop = item.stop if item.stop is not None else self._count
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self.sql} LIMIT %s OFFSET %s", [*self.params, max(stop - start, 0), start]
            )
            return [dict(zip(self.columns, row, strict=True)) for row in cursor.fetchall()]


VENUE_COLUMNS = [
    "venue_id",
    "venue_name",
    "venue_code",
    "kind",
    "unit_name",
    "population",
    "baseline_year",
    "people",
    "cohorts",
    "sessions",
    "session_people",
    "entrants",
]
REACH_FILTERS = {
    "all": "1 = 1",
    "counted": "population IS NOT NULL",
    "reached": "people > 0",
    "capped": "population IS NOT NULL AND people > population",
    "not_reached": "population IS NOT NULL AND people = 0",
    "no_baseline": "population IS NULL",
}


class ReachTrace(Trace):
    """Per venue: population (and its year), reached, capped; per cohort the session counted."""

    family = "reach"
    filters = {
        "all": _("Tất cả địa điểm"),
        "counted": _("Có số liệu quy mô (được tính)"),
        "reached": _("Đã có buổi được tính"),
        "capped": _("Vượt quy mô"),
        "not_reached": _("Chưa có buổi nào"),
        "no_baseline": _("Chưa có số liệu quy mô"),
    }

    def __init__(self, code, unit, period):
        super().__init__(code, unit, period)
        self.kinds, self.audience = REACH_SEGMENTS[code]
        self._totals = None

    @property
    def kind_labels(self):
        names = dict(VenueKind.choices)
        return [names.get(kind, kind) for kind in self.kinds]

    @property
    def audience_label(self):
        return dict(Audience.choices).get(self.audience, self.audience)

    def _per_venue(self):
        """The engine's per-venue reach, one row per venue of the segment in the subtree."""
        kind_marks = ", ".join(["%s"] * len(self.kinds))
        form_marks = ", ".join(["%s"] * len(NOT_OUTREACH_FORMS))
        path = self.unit.path + "%"
        entrants_sql, entrants_params = entrants_cte(self.period, self.kinds, path)
        # Only placeholder lists are interpolated; every value is a parameter.
        sql = f"""
            WITH cohorts AS (
                SELECT s.venue_id AS venue_id,
                       CASE WHEN s.cohort = '' THEN 'id:' || CAST(s.id AS TEXT)
                            ELSE LOWER(s.cohort) END AS cohort_key,
                       MAX(s.participants) AS largest,
                       COUNT(*) AS sessions
                FROM events_session s
                JOIN places_venue v ON v.id = s.venue_id
                JOIN places_orgunit u ON u.id = v.org_unit_id
                WHERE s.status = %s AND s.audience = %s AND s.date >= %s AND s.date <= %s
                  AND s.form NOT IN ({form_marks})
                  AND v.kind IN ({kind_marks}) AND u.path LIKE %s
                GROUP BY s.venue_id, cohort_key
            ),
            reached AS (
                SELECT venue_id, SUM(largest) AS people, COUNT(*) AS cohorts,
                       SUM(sessions) AS sessions
                FROM cohorts GROUP BY venue_id
            ),
            entrants AS ({entrants_sql}),
            per_venue AS (
                SELECT v.id AS venue_id, v.name AS venue_name, v.code AS venue_code,
                       v.kind AS kind, u.name AS unit_name, u.path AS unit_path,
                       (SELECT b.total FROM places_populationbaseline b
                         WHERE b.venue_id = v.id AND b.year <= %s
                         ORDER BY b.year DESC LIMIT 1) AS population,
                       (SELECT b.year FROM places_populationbaseline b
                         WHERE b.venue_id = v.id AND b.year <= %s
                         ORDER BY b.year DESC LIMIT 1) AS baseline_year,
                       {larger("COALESCE(r.people, 0)", "COALESCE(e.entrants, 0)")} AS people,
                       COALESCE(r.cohorts, 0) AS cohorts,
                       COALESCE(r.sessions, 0) AS sessions,
                       COALESCE(r.people, 0) AS session_people,
                       COALESCE(e.entrants, 0) AS entrants,
                       COALESCE(e.held_entrants, 0) AS held_entrants
                FROM places_venue v
                JOIN places_orgunit u ON u.id = v.org_unit_id
                LEFT JOIN reached r ON r.venue_id = v.id
                LEFT JOIN entrants e ON e.venue_id = v.id
                WHERE v.kind IN ({kind_marks}) AND u.path LIKE %s
            )
        """  # noqa: S608
        year = self.period.baseline_year
        params = [
            Status.APPROVED,
            self.audience,
            self.period.start,
            self.period.end,
            *NOT_OUTREACH_FORMS,
            *self.kinds,
            path,
            *entrants_params,
            year,
            year,
            *self.kinds,
            path,
        ]
        return sql, params

    def totals(self) -> dict:
        if self._totals is None:
            sql, params = self._per_venue()
            sql += """
                SELECT COUNT(*),
                       SUM(CASE WHEN population IS NOT NULL THEN 1 ELSE 0 END),
                       SUM(CASE WHEN people > 0 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN population IS NOT NULL AND people > population
                                THEN 1 ELSE 0 END),
                       SUM(CASE WHEN population IS NOT NULL AND people = 0 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN population IS NULL THEN 1 ELSE 0 END),
                       SUM(CASE WHEN population IS NULL THEN 0
                                WHEN people < population THEN people ELSE population END),
                       SUM(COALESCE(population, 0)),
                       SUM(CASE WHEN population IS NULL THEN people ELSE 0 END),
                       SUM(CASE WHEN population IS NOT NULL AND people > population
                                THEN people - population ELSE 0 END)
                FROM per_venue
            """
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                row = [value or 0 for value in cursor.fetchone()]
            keys = [
                "all",
                "counted",
                "reached",
                "capped",
                "not_reached",
                "no_baseline",
                "reached_people",
                "population",
                "people_without_baseline",
                "people_above_population",
            ]
            self._totals = dict(zip(keys, row, strict=True))
        return self._totals

    def figure(self):
        totals = self.totals()
        return Figure(Decimal(totals["reached_people"]), Decimal(totals["population"]))

    def filter_counts(self):
        return self.totals()

    def listing(self, filter_key, page):
        """One page of venues, each with its cohorts: the session counted and the repeats."""
        filter_key = self.clean_filter(filter_key)
        sql, params = self._per_venue()
        columns = ", ".join(VENUE_COLUMNS)
        sql += (
            f"SELECT {columns} FROM per_venue WHERE {REACH_FILTERS[filter_key]} "  # noqa: S608
            "ORDER BY unit_path, venue_name, venue_id"
        )
        rows = SqlRows(sql, params, self.totals()[filter_key], VENUE_COLUMNS)
        page_obj = paginate(rows, page)
        self._attach_cohorts(page_obj.object_list)
        return page_obj

    def _attach_cohorts(self, venues):
        kinds = dict(VenueKind.choices)
        by_venue = {venue["venue_id"]: venue for venue in venues}
        for venue in venues:
            population, people = venue["population"], venue["people"]
            venue["kind_label"] = kinds.get(venue["kind"], venue["kind"])
            venue["counted"] = None if population is None else min(people, population)
            venue["capped"] = population is not None and people > population
            venue["cohort_list"] = []
        if not by_venue:
            return
        sessions = ranked(
            Session.objects.outreach().filter(
                in_period(self.period),
                venue_id__in=list(by_venue),
                status=Status.APPROVED,
                audience=self.audience,
            ),
            "venue_id",
        ).order_by("venue_id", "cohort_key", "rank")
        cohorts = {}
        for session in sessions:
            key = (session.venue_id, session.cohort_key)
            if key not in cohorts:
                cohorts[key] = {"chosen": session, "repeats": []}
                by_venue[session.venue_id]["cohort_list"].append(cohorts[key])
            else:
                cohorts[key]["repeats"].append(session)

    # Left out

    def _at_segment_venues(self):
        return Session.objects.filter(
            in_period(self.period),
            venue__kind__in=self.kinds,
            venue__org_unit__path__startswith=self.unit.path,
        )

    def left_out_queryset(self, key):
        approved_here = (
            self._at_segment_venues()
            .outreach()
            .filter(status=Status.APPROVED, audience=self.audience)
        )
        if key == NOT_OUTREACH:
            return self._at_segment_venues().filter(
                status=Status.APPROVED, form__in=NOT_OUTREACH_FORMS
            )
        if key == NOT_APPROVED:
            return (
                self._at_segment_venues()
                .filter(audience=self.audience)
                .exclude(status=Status.APPROVED)
            )
        if key == REPEAT:
            return ranked(approved_here, "venue_id").filter(rank__gt=1)
        if key == NO_BASELINE:
            baseline = PopulationBaseline.objects.filter(
                venue=OuterRef("venue"), year__lte=self.period.baseline_year
            )
            return approved_here.exclude(Exists(baseline))
        if key == OTHER_AUDIENCE:
            return (
                self._at_segment_venues()
                .outreach()
                .filter(status=Status.APPROVED)
                .exclude(audience=self.audience)
            )
        if key == OTHER_VENUE:
            return Session.objects.outreach().filter(
                Q(venue__isnull=True) | ~Q(venue__kind__in=self.kinds),
                in_period(self.period),
                status=Status.APPROVED,
                audience=self.audience,
                org_unit__path__startswith=self.unit.path,
            )
        return None

    def left_out(self):
        totals = self.totals()
        choices = [
            Choice(key, REASONS[key], self.left_out_queryset(key).count())
            for key in (
                REPEAT,
                NO_BASELINE,
                NOT_APPROVED,
                OTHER_AUDIENCE,
                OTHER_VENUE,
                NOT_OUTREACH,
            )
        ]
        # Capped reach is a number of people at venues, not sessions: the venue list shows them.
        choices.insert(1, Choice(CAPPED, REASONS[CAPPED], totals["capped"]))
        return choices

    def left_out_page(self, key, page):
        if key == CAPPED:
            return None
        queryset = self.left_out_queryset(key)
        if queryset is None:
            return None
        if key == REPEAT:
            return paginate(queryset.select_related("venue", "org_unit"), page)
        return paginate(_session_rows(queryset), page)


# --- Communes ------------------------------------------------------------------------


class CommunesTrace(Trace):
    """Which communes had an approved session in the period (and in which quarters)."""

    family = "communes"
    filters = {
        "all": _("Tất cả xã, phường"),
        "active": _("Có hoạt động được duyệt"),
        "silent": _("Chưa có hoạt động được duyệt"),
        "irregular": _("Thiếu quý"),
    }

    def __init__(self, code, unit, period):
        super().__init__(code, unit, period)
        self.quarter_count = len(period.quarters())
        self._totals = None

    def communes(self):
        outreach = Q(sessions__form__in=OUTREACH_FORMS) & in_period(self.period, "sessions__date")
        approved = Q(sessions__status=Status.APPROVED) & outreach
        waiting = Q(sessions__status__in=UNAPPROVED) & outreach
        quarter = ExtractYear("sessions__date") * 10 + ExtractQuarter("sessions__date")
        return (
            OrgUnit.objects.communes_under(self.unit)
            .filter(in_force_during(self.period))
            .annotate(
                approved=Count("sessions", filter=approved),
                waiting=Count("sessions", filter=waiting),
                quarters=Count(quarter, filter=approved, distinct=True),
            )
        )

    def totals(self):
        if self._totals is None:
            self._totals = self.communes().aggregate(
                all=Count("pk"),
                active=Count("pk", filter=Q(approved__gt=0)),
                silent=Count("pk", filter=Q(approved=0)),
                regular=Count("pk", filter=Q(quarters__gte=self.quarter_count)),
                irregular=Count("pk", filter=Q(quarters__lt=self.quarter_count)),
            )
        return self._totals

    def figure(self):
        totals = self.totals()
        counted = totals["regular"] if self.code == "communes_regular" else totals["active"]
        return Figure(Decimal(counted), Decimal(totals["all"]))

    def filter_counts(self):
        return self.totals()

    def listing(self, filter_key, page):
        filter_key = self.clean_filter(filter_key)
        communes = self.communes()
        if filter_key == "active":
            communes = communes.filter(approved__gt=0)
        elif filter_key == "silent":
            communes = communes.filter(approved=0)
        elif filter_key == "irregular":
            communes = communes.filter(quarters__lt=self.quarter_count)
        page_obj = paginate(communes.order_by("approved", "name", "pk"), page)
        self._attach_quarters(page_obj.object_list)
        return page_obj

    def _attach_quarters(self, communes):
        ids = [commune.pk for commune in communes]
        seen = {}
        rows = (
            Session.objects.outreach()
            .filter(in_period(self.period), org_unit_id__in=ids, status=Status.APPROVED)
            .annotate(year=ExtractYear("date"), quarter=ExtractQuarter("date"))
            .values("org_unit_id", "year", "quarter")
            .annotate(sessions=Count("pk"))
        )
        for row in rows:
            seen.setdefault(row["org_unit_id"], {})[(row["year"], row["quarter"])] = row["sessions"]
        for commune in communes:
            commune.by_quarter = [
                {
                    "label": f"{year}-Q{quarter}",
                    "sessions": seen.get(commune.pk, {}).get((year, quarter), 0),
                }
                for year, quarter in self.period.quarters()
            ]
            commune.is_regular = commune.quarters >= self.quarter_count

    def left_out_queryset(self, key):
        everything = Session.objects.filter(
            in_period(self.period), org_unit__path__startswith=self.unit.path
        )
        if key == NOT_OUTREACH:
            return everything.filter(status=Status.APPROVED, form__in=NOT_OUTREACH_FORMS)
        sessions = everything.outreach()
        if key == NOT_APPROVED:
            return sessions.exclude(status=Status.APPROVED)
        if key == OUT_OF_FORCE:
            communes = OrgUnit.objects.communes_under(self.unit).filter(
                in_force_during(self.period)
            )
            return sessions.filter(status=Status.APPROVED).exclude(org_unit__in=communes)
        return None

    def left_out(self):
        return [
            Choice(key, REASONS[key], self.left_out_queryset(key).count())
            for key in (NOT_APPROVED, OUT_OF_FORCE, NOT_OUTREACH)
        ]

    def left_out_page(self, key, page):
        queryset = self.left_out_queryset(key)
        return paginate(_session_rows(queryset), page) if queryset is not None else None


# --- Press ---------------------------------------------------------------------------


class PressTrace(Trace):
    """Months of the period and the press items that fill them."""

    family = "press"
    filters = {"all": _("Mọi tin, bài được tính")}

    def items(self):
        """Items logged in the unit, below it or above it, published in the period."""
        ancestors = list(self.unit.ancestors().values_list("pk", flat=True))
        return MediaItem.objects.filter(
            Q(org_unit__path__startswith=self.unit.path) | Q(org_unit_id__in=ancestors),
            in_period(self.period, "published_on"),
        )

    def counted(self):
        return self.items().filter(press_filter(self.code))

    def months(self):
        found = {
            (row["year"], row["month"]): row["items"]
            for row in self.counted()
            .annotate(year=ExtractYear("published_on"), month=ExtractMonth("published_on"))
            .values("year", "month")
            .annotate(items=Count("pk"))
        }
        return [
            {"code": f"{year}-{month:02d}", "items": found.get((year, month), 0)}
            for year, month in self.period.months()
        ]

    def figure(self):
        months = self.months()
        with_press = sum(1 for month in months if month["items"])
        return Figure(Decimal(with_press), Decimal(len(months)))

    def filter_counts(self):
        return {"all": self.counted().count()}

    def listing(self, filter_key, page):
        return paginate(
            self.counted().select_related("org_unit").order_by("published_on", "pk"), page
        )

    def left_out_queryset(self, key):
        if key == NOT_PRESS:
            return self.items().exclude(press_filter(self.code))
        return None

    def left_out(self):
        return [Choice(NOT_PRESS, REASONS[NOT_PRESS], self.left_out_queryset(NOT_PRESS).count())]

    def left_out_page(self, key, page):
        queryset = self.left_out_queryset(key)
        if queryset is None:
            return None
        return paginate(queryset.select_related("org_unit").order_by("published_on", "pk"), page)


# --- Inspection ----------------------------------------------------------------------


class InspectionTrace(Trace):
    """Each establishment in the registry, inspected in the period or not."""

    family = "inspection"
    filters = {
        "all": _("Tất cả cơ sở"),
        "inspected": _("Đã được kiểm tra"),
        "not_inspected": _("Chưa được kiểm tra"),
    }

    def __init__(self, code, unit, period):
        super().__init__(code, unit, period)
        self._totals = None

    def establishments(self):
        inspected = Q(sessions__status=Status.APPROVED, sessions__form=Form.INSPECTION) & in_period(
            self.period, "sessions__date"
        )
        return Venue.objects.filter(
            kind=VenueKind.ESTABLISHMENT, org_unit__path__startswith=self.unit.path
        ).annotate(
            inspections=Count("sessions", filter=inspected),
            last_inspected=Max("sessions__date", filter=inspected),
        )

    def totals(self):
        if self._totals is None:
            self._totals = self.establishments().aggregate(
                all=Count("pk"),
                inspected=Count("pk", filter=Q(inspections__gt=0)),
                not_inspected=Count("pk", filter=Q(inspections=0)),
            )
        return self._totals

    def figure(self):
        totals = self.totals()
        return Figure(Decimal(totals["inspected"]), Decimal(totals["all"]))

    def filter_counts(self):
        return self.totals()

    def listing(self, filter_key, page):
        filter_key = self.clean_filter(filter_key)
        venues = self.establishments().select_related("org_unit")
        if filter_key == "inspected":
            venues = venues.filter(inspections__gt=0)
        elif filter_key == "not_inspected":
            venues = venues.filter(inspections=0)
        return paginate(venues.order_by("org_unit__name", "name", "pk"), page)

    def left_out_queryset(self, key):
        inspections = Session.objects.filter(in_period(self.period), form=Form.INSPECTION)
        if key == NOT_APPROVED:
            return inspections.filter(
                venue__kind=VenueKind.ESTABLISHMENT,
                venue__org_unit__path__startswith=self.unit.path,
            ).exclude(status=Status.APPROVED)
        if key == OTHER_VENUE:
            return inspections.filter(
                Q(venue__isnull=True) | ~Q(venue__kind=VenueKind.ESTABLISHMENT),
                status=Status.APPROVED,
                org_unit__path__startswith=self.unit.path,
            )
        return None

    def left_out(self):
        return [
            Choice(key, REASONS[key], self.left_out_queryset(key).count())
            for key in (NOT_APPROVED, OTHER_VENUE)
        ]

    def left_out_page(self, key, page):
        queryset = self.left_out_queryset(key)
        return paginate(_session_rows(queryset), page) if queryset is not None else None


# --- Training -----------------------------------------------------------------------


class TrainingTrace(Trace):
    """Cadre training sessions, one counted per cohort, against the unit's cadre figure."""

    family = "training"
    filters = {
        "all": _("Mọi buổi tập huấn cán bộ đã duyệt"),
        "counted": _("Buổi được tính (đông nhất của nhóm)"),
        "repeats": _("Buổi lặp lại nhóm"),
    }

    def __init__(self, code, unit, period):
        super().__init__(code, unit, period)
        self._totals = None

    def _training(self):
        return Session.objects.filter(
            in_period(self.period),
            form=Form.TRAINING,
            org_unit__path__startswith=self.unit.path,
        )

    def sessions(self):
        approved = self._training().filter(status=Status.APPROVED, audience=Audience.CADRES)
        return ranked(approved, "org_unit_id", "venue_id")

    def cadres(self):
        """The unit's own cadre figure for the baseline year, or None."""
        return (
            UnitYear.objects.filter(
                org_unit=self.unit, year=self.period.baseline_year, cadres__isnull=False
            )
            .values_list("cadres", flat=True)
            .first()
        )

    def totals(self):
        if self._totals is None:
            counted = self.sessions().filter(rank=1)
            trained = Session.objects.filter(pk__in=counted.values("pk")).aggregate(
                people=Sum("participants"), cohorts=Count("pk")
            )
            everything = (
                self._training().filter(status=Status.APPROVED, audience=Audience.CADRES).count()
            )
            self._totals = {
                "trained": trained["people"] or 0,
                "counted": trained["cohorts"],
                "all": everything,
                "repeats": everything - trained["cohorts"],
                "cadres": self.cadres(),
            }
        return self._totals

    def figure(self):
        totals = self.totals()
        trained, cadres = Decimal(totals["trained"]), totals["cadres"]
        if cadres is None:
            return Figure(trained, Decimal(0))
        return Figure(min(trained, Decimal(cadres)), Decimal(cadres))

    def filter_counts(self):
        return self.totals()

    def listing(self, filter_key, page):
        filter_key = self.clean_filter(filter_key)
        sessions = self.sessions()
        if filter_key == "counted":
            sessions = sessions.filter(rank=1)
        elif filter_key == "repeats":
            sessions = sessions.filter(rank__gt=1)
        sessions = sessions.select_related("venue", "org_unit").order_by(
            "org_unit__name", "venue_id", "cohort_key", "rank"
        )
        return paginate(sessions, page)

    def left_out_queryset(self, key):
        if key == REPEAT:
            return self.sessions().filter(rank__gt=1).select_related("venue", "org_unit")
        if key == NOT_APPROVED:
            return self._training().filter(audience=Audience.CADRES).exclude(status=Status.APPROVED)
        if key == OTHER_AUDIENCE:
            return self._training().filter(status=Status.APPROVED).exclude(audience=Audience.CADRES)
        return None

    def left_out(self):
        return [
            Choice(key, REASONS[key], self.left_out_queryset(key).count())
            for key in (REPEAT, NOT_APPROVED, OTHER_AUDIENCE)
        ]

    def left_out_page(self, key, page):
        queryset = self.left_out_queryset(key)
        if queryset is None:
            return None
        if key == REPEAT:
            return paginate(queryset, page)
        return paginate(_session_rows(queryset), page)


class TraineeLevelTrace(TrainingTrace):
    """Training courses of any audience, their trainees at the indicator's cadre levels counted
    once per cohort, against the cadres the units of those levels declare."""

    filters = {
        "all": _("Mọi buổi tập huấn đã duyệt"),
        "counted": _("Buổi được tính (đông nhất của nhóm)"),
        "repeats": _("Buổi lặp lại nhóm"),
    }

    def __init__(self, code, unit, period):
        super().__init__(code, unit, period)
        self.levels = TRAINEE_LEVELS[code]

    def sessions(self):
        return ranked(self._training().filter(status=Status.APPROVED), "org_unit_id", "venue_id")

    def cadres(self):
        """The cadres declared by the units of the levels, in force in the period, or None."""
        period = self.period
        declared = UnitYear.objects.filter(
            Q(org_unit__valid_from__isnull=True) | Q(org_unit__valid_from__lte=period.end),
            Q(org_unit__valid_until__isnull=True) | Q(org_unit__valid_until__gte=period.start),
            org_unit__path__startswith=self.unit.path,
            org_unit__level__in=self.levels,
            year=self.period.baseline_year,
            cadres__isnull=False,
        ).aggregate(total=Sum("cadres"), units=Count("pk"))
        return declared["total"] if declared["units"] else None

    def figure(self):
        totals = self.totals()
        trained, cadres = Decimal(totals["trained"]), totals["cadres"]
        if not cadres:
            return Figure(trained, Decimal(0))
        return Figure(min(trained, Decimal(cadres)), Decimal(cadres))

    def totals(self):
        if self._totals is None:
            counted = self.sessions().filter(rank=1)
            fields = [f"trainees_{level}" for level in self.levels]
            trained = Session.objects.filter(pk__in=counted.values("pk")).aggregate(
                cohorts=Count("pk"), **{name: Sum(name) for name in fields}
            )
            everything = self._training().filter(status=Status.APPROVED).count()
            self._totals = {
                "trained": sum(trained[name] or 0 for name in fields),
                "counted": trained["cohorts"],
                "all": everything,
                "repeats": everything - trained["cohorts"],
                "cadres": self.cadres(),
            }
        return self._totals

    def left_out_queryset(self, key):
        if key == REPEAT:
            return self.sessions().filter(rank__gt=1).select_related("venue", "org_unit")
        if key == NOT_APPROVED:
            return self._training().exclude(status=Status.APPROVED)
        return None

    def left_out(self):
        return [
            Choice(key, REASONS[key], self.left_out_queryset(key).count())
            for key in (REPEAT, NOT_APPROVED)
        ]


# --- Plans and integration -----------------------------------------------------------


class LowerUnitsTrace(Trace):
    """Each direct lower unit in force in the period: yearly plan uploaded, integration marked."""

    family = "lower_units"
    filters = {
        "all": _("Tất cả đơn vị cấp dưới"),
        "yes": _("Đã có"),
        "no": _("Chưa có"),
    }

    def __init__(self, code, unit, period):
        super().__init__(code, unit, period)
        self.flag = "has_yearly_plan" if code == "plans" else "integrated"
        self._totals = None

    def children(self):
        facts = UnitYear.objects.filter(org_unit=OuterRef("pk"), year=self.period.baseline_year)
        return OrgUnit.objects.filter(in_force_during(self.period), parent=self.unit).annotate(
            has_plan=Exists(facts.filter(has_yearly_plan=True)),
            integrated=Exists(facts.filter(integrated=True)),
            plan_document=Subquery(facts.values("plan_document")[:1]),
            unit_year_id=Subquery(facts.values("pk")[:1]),
            counted=Case(
                When(Exists(facts.filter(**{self.flag: True})), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )

    def totals(self):
        if self._totals is None:
            self._totals = self.children().aggregate(
                all=Count("pk"),
                yes=Count("pk", filter=Q(counted=1)),
                no=Count("pk", filter=Q(counted=0)),
            )
        return self._totals

    def figure(self):
        totals = self.totals()
        return Figure(Decimal(totals["yes"]), Decimal(totals["all"]))

    def filter_counts(self):
        return self.totals()

    def listing(self, filter_key, page):
        filter_key = self.clean_filter(filter_key)
        children = self.children()
        if filter_key == "yes":
            children = children.filter(counted=1)
        elif filter_key == "no":
            children = children.filter(counted=0)
        page_obj = paginate(children.order_by("counted", "name", "pk"), page)
        for child in page_obj.object_list:
            child.plan_url = (
                reverse("indicators_dashboard:unit_plan", args=[child.unit_year_id])
                if child.plan_document
                else ""
            )
        return page_obj


FAMILIES = {
    "communes": CommunesTrace,
    "communes_regular": CommunesTrace,
    **dict.fromkeys(PRESS_VARIANTS, PressTrace),
    **dict.fromkeys(REACH_SEGMENTS, ReachTrace),
    "training": TrainingTrace,
    **dict.fromkeys(TRAINEE_LEVELS, TraineeLevelTrace),
    "inspection": InspectionTrace,
    "plans": LowerUnitsTrace,
    "integration": LowerUnitsTrace,
}


def trace_for(code: str, unit: OrgUnit, period) -> Trace:
    """The trace of one indicator; KeyError for an unknown code."""
    return FAMILIES[code](code, unit, period)
