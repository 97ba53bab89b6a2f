"""Issue 14, item 4: reading an arbitrary period computes it and keeps nothing.

Results are stored for the periods the site itself refreshes (months, quarters, halves,
nine months, years, and the years of a plan); any other range a reader asks for is
computed for that reader only, so reading periods at will cannot grow the results table.
"""

import pytest

from indicators import services
from indicators.definitions import INDICATORS
from indicators.models import IndicatorResult, Plan
from indicators.periods import parse_period

pytestmark = pytest.mark.django_db


def test_a_range_that_is_no_plan_is_computed_and_not_stored(tree):
    readings = services.readings(tree.tuyen_quang, "2021-2023")
    assert [reading.code for reading in readings] == [i.code for i in INDICATORS]
    assert not IndicatorResult.objects.filter(period="2021-2023").exists()


def test_a_quarter_is_stored_for_the_next_reader(tree):
    services.readings(tree.tuyen_quang, "2025-Q2")
    assert IndicatorResult.objects.filter(org_unit=tree.tuyen_quang, period="2025-Q2").count() == (
        len(INDICATORS)
    )


def test_the_years_of_a_plan_are_stored(tree):
    Plan.objects.create(
        name="Kế hoạch 2021–2025", org_unit=tree.tuyen_quang, level="province",
        first_year=2021, last_year=2025,
    )  # fmt: skip
    services.readings(tree.tuyen_quang, "2021-2025")
    assert IndicatorResult.objects.filter(period="2021-2025").exists()


def test_the_quarters_of_a_long_range_are_each_listed_once_in_order():
    quarters = parse_period("2000-2030").quarters()
    assert len(quarters) == 31 * 4 == len(set(quarters))
    assert quarters[0] == (2000, 1) and quarters[-1] == (2030, 4)
    assert quarters == sorted(quarters)
