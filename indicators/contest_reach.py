"""Online contest entrants as a source of the reach indicators, in SQL.

Anonymous entries never move an official figure. A contest entrant counts as
reached at a school or workplace only when the venue vouches for them:

- **Vouched**: they entered with a join code of that venue (printed by its
  officer for one class or shift, limited in uses) *and* a phone number they
  proved they control with a code sent by SMS (``Participant.phone_verified_at``).
  Entries of a contest without SMS codes, or without a join code, are not reach.
- **Person**: the normalised phone number, so one person counts once per venue
  and period however many rounds and contests they entered; after a contest's
  personal data is purged the phone is gone and each purged entry counts as
  one person (a person cannot be matched across purged contests).
- **Period**: the attempt's submission time, in Vietnam's time zone, within
  the period's first and last day.
- **Held for review**: a venue where more vouched entrants than
  ``CONTEST_REACH_DAILY_SHARE`` of its population first submitted on one day
  counts none of its entrants; the dashboard lists it for an officer to look at.
- **Combining with sessions**: sessions are counted in heads, not names, so
  nobody can tell whether an entrant also sat in a counted class. To never
  count a person twice, a venue's people are the larger of the sessions'
  people (the sum of its cohorts) and its entrants, never their sum; the
  result is then capped at the venue's population like every reach figure.

``indicators.engine`` and ``indicators.trace`` both join this CTE, so the
drill-down shows the same figure as the dashboard.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from contests.models import Attempt, JoinCode, Participant


def period_bounds(period):
    """[first day 00:00, day after the last 00:00) in the site's time zone, as aware datetimes."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def _local_day(column):
    """SQL for the calendar day of a stored time in the site's zone (Vietnam: no summer time)."""
    if connection.vendor == "postgresql":
        return f"CAST(({column} AT TIME ZONE '{settings.TIME_ZONE}') AS DATE)"
    offset = timezone.get_default_timezone().utcoffset(datetime.datetime(2025, 1, 1))
    return f"DATE({column}, '{int(offset.total_seconds() // 3600):+d} hours')"


def entrants_cte(period, kinds, path_like):
    """``(sql, params)``: ``SELECT venue_id, entrants, held_entrants`` per venue.

    For venues of ``kinds`` under the path: ``entrants`` counts the vouched
    people of the period, 0 when the venue is held for review; ``held_entrants``
    the people held (0 when it is not).
    """
    start, end = period_bounds(period)
    marks = ", ".join(["%s"] * len(kinds))
    participant = Participant._meta.db_table
    attempt = Attempt._meta.db_table
    join_code = JoinCode._meta.db_table
    person = "COALESCE(p.phone, 'id:' || CAST(p.id AS TEXT))"
    # Only placeholder lists, table names and the zone are interpolated; values are parameters.
    sql = f"""
        SELECT d.venue_id AS venue_id,
               CASE WHEN d.held = 1 THEN 0 ELSE d.entrants END AS entrants,
               CASE WHEN d.held = 1 THEN d.entrants ELSE 0 END AS held_entrants
        FROM (
            SELECT days.venue_id AS venue_id, SUM(days.people) AS entrants,
                   CASE WHEN MAX(days.people) > %s * (
                       SELECT b.total FROM places_populationbaseline b
                       WHERE b.venue_id = days.venue_id AND b.year <= %s
                       ORDER BY b.year DESC LIMIT 1
                   ) THEN 1 ELSE 0 END AS held
            FROM (
                SELECT vouched.venue_id AS venue_id, {_local_day("vouched.first_at")} AS day,
                       COUNT(*) AS people
                FROM (
                    SELECT p.venue_id AS venue_id, {person} AS person,
                           MIN(a.submitted_at) AS first_at
                    FROM {participant} p
                    JOIN {join_code} j ON j.id = p.join_code_id AND j.venue_id = p.venue_id
                    JOIN places_venue cv ON cv.id = p.venue_id
                    JOIN places_orgunit cu ON cu.id = cv.org_unit_id
                    JOIN {attempt} a ON a.participant_id = p.id
                         AND a.submitted_at >= %s AND a.submitted_at < %s
                    WHERE cv.kind IN ({marks}) AND cu.path LIKE %s
                      AND p.phone_verified_at IS NOT NULL
                    GROUP BY p.venue_id, {person}
                ) vouched
                GROUP BY vouched.venue_id, {_local_day("vouched.first_at")}
            ) days
            GROUP BY days.venue_id
        ) d
    """  # noqa: S608
    # As the ORM would pass them: SQLite stores naive UTC text, PostgreSQL takes aware values.
    start, end = (connection.ops.adapt_datetimefield_value(value) for value in (start, end))
    share = float(settings.CONTEST_REACH_DAILY_SHARE)
    return sql, [share, period.baseline_year, start, end, *kinds, path_like]


def venues_held(unit, period, kinds):
    """[(venue id, people held)] of the subtree: venues whose contest entrants await review."""
    sql, params = entrants_cte(period, kinds, unit.path + "%")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT venue_id, held_entrants FROM ({sql}) e WHERE held_entrants > 0",  # noqa: S608
            params,
        )
        return cursor.fetchall()


def larger(a, b):
    """The SQL for the larger of two non-null numbers, portable (SQLite has no GREATEST)."""
    return f"CASE WHEN {a} >= {b} THEN {a} ELSE {b} END"
