"""Online contest entrants as a source of the reach indicators, in SQL.

A contest entrant who named a catalogued school or workplace (``Participant.venue``)
and submitted at least one attempt during the period was reached at that venue.

- **Person**: the normalised phone number, so one person counts once per venue
  and period however many rounds and contests they entered; after a contest's
  personal data is purged the phone is gone and each purged entry counts as
  one person (a person cannot be matched across purged contests).
- **Period**: the attempt's submission time, in Vietnam's time zone, within
  the period's first and last day.
- **Combining with sessions**: sessions are counted in heads, not names, so
  nobody can tell whether an entrant also sat in a counted class. To never
  count a person twice, a venue's people are the larger of the sessions'
  people (the sum of its cohorts) and its entrants, never their sum; the
  result is then capped at the venue's population like every reach figure.

``indicators.engine`` and ``indicators.trace`` both join this CTE, so the
drill-down shows the same figure as the dashboard.
"""

import datetime

from django.db import connection
from django.utils import timezone

from contests.models import Attempt, Participant


def period_bounds(period):
    """[first day 00:00, day after the last 00:00) in the site's time zone, as aware datetimes."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def entrants_cte(period, kinds, path_like):
    """``(sql, params)``: ``SELECT venue_id, entrants`` for venues of ``kinds`` under the path."""
    start, end = period_bounds(period)
    marks = ", ".join(["%s"] * len(kinds))
    participant = Participant._meta.db_table
    attempt = Attempt._meta.db_table
    # Only placeholder lists and table names are interpolated; every value is a parameter.
    sql = f"""
        SELECT p.venue_id AS venue_id,
               COUNT(DISTINCT COALESCE(p.phone, 'id:' || CAST(p.id AS TEXT))) AS entrants
        FROM {participant} p
        JOIN places_venue cv ON cv.id = p.venue_id
        JOIN places_orgunit cu ON cu.id = cv.org_unit_id
        WHERE cv.kind IN ({marks}) AND cu.path LIKE %s
          AND EXISTS (
              SELECT 1 FROM {attempt} a
              WHERE a.participant_id = p.id
                AND a.submitted_at >= %s AND a.submitted_at < %s
          )
        GROUP BY p.venue_id
    """  # noqa: S608
    # As the ORM would pass them: SQLite stores naive UTC text, PostgreSQL takes aware values.
    start, end = (connection.ops.adapt_datetimefield_value(value) for value in (start, end))
    return sql, [*kinds, path_like, start, end]


def larger(a, b):
    """The SQL for the larger of two non-null numbers, portable (SQLite has no GREATEST)."""
    return f"CASE WHEN {a} >= {b} THEN {a} ELSE {b} END"
