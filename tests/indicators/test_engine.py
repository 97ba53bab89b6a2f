"""The indicator rules on hand-built cases."""

import datetime
from decimal import Decimal

import pytest

from campaigns.models import MediaItem
from events.models import Status
from indicators import engine
from indicators.definitions import INDICATORS
from indicators.models import UnitYear
from indicators.periods import parse_period
from places.models import VenueKind
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory
from tests.places.factories import CommuneFactory, DistrictFactory

pytestmark = pytest.mark.django_db

H1 = parse_period("2025-H1")
MARCH = datetime.date(2025, 3, 14)


def figure(root, code, unit=None, period=H1):
    _tree, figures = engine.compute(root, period)
    return figures[code][(unit or root).pk]


def approved(**fields):
    return SessionFactory(status=Status.APPROVED, **fields)


def test_a_repeated_cohort_counts_once_at_its_largest_attendance(tree):
    school = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=school, year=2025, total=500)
    approved(venue=school, cohort="10A1", participants=40, date=MARCH)
    approved(venue=school, cohort="10a1", participants=42, date=MARCH.replace(day=20))
    approved(venue=school, cohort="10A2", participants=38, date=MARCH)
    result = figure(tree.tuyen_quang, "students")
    assert (result.numerator, result.denominator) == (80, 500)
    assert result.value == Decimal("16.0")


def test_sessions_without_a_cohort_are_each_a_cohort_of_their_own(tree):
    school = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=school, year=2025, total=500)
    approved(venue=school, cohort="", participants=30, date=MARCH)
    approved(venue=school, cohort="", participants=20, date=MARCH)
    assert figure(tree.tuyen_quang, "students").numerator == 50


def test_reach_is_capped_at_the_venues_population(tree):
    school = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=school, year=2025, total=60)
    approved(venue=school, cohort="10A1", participants=40, date=MARCH)
    approved(venue=school, cohort="10A2", participants=40, date=MARCH)
    result = figure(tree.tuyen_quang, "students")
    assert (result.numerator, result.denominator, result.value) == (60, 60, Decimal("100.0"))
    assert result.details["venues_capped"] == 1


def test_venues_without_a_baseline_are_left_out_of_both_sides_and_listed_as_gaps(tree):
    measured = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=measured, year=2025, total=400)
    unmeasured = VenueFactory(org_unit=tree.lam_binh)
    approved(venue=measured, participants=100, date=MARCH)
    approved(venue=unmeasured, participants=300, date=MARCH)
    result = figure(tree.tuyen_quang, "students")
    assert (result.numerator, result.denominator) == (100, 400)
    assert result.details["venues_without_baseline"] == 1
    assert result.details["reached_at_venues_without_baseline"] == 300


def test_an_earlier_baseline_is_used_when_the_year_has_none(tree):
    school = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=school, year=2023, total=200)
    approved(venue=school, participants=50, date=MARCH)
    assert figure(tree.tuyen_quang, "students").denominator == 200


def test_only_approved_sessions_of_the_audience_and_period_count(tree):
    school = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=school, year=2025, total=500)
    SessionFactory(venue=school, status=Status.SUBMITTED, participants=99, date=MARCH)
    approved(venue=school, audience="community", participants=99, date=MARCH, cohort="x")
    approved(venue=school, participants=99, date=datetime.date(2025, 8, 1), cohort="y")
    approved(venue=school, participants=10, date=MARCH, cohort="z")
    assert figure(tree.tuyen_quang, "students").numerator == 10


def test_no_venues_means_no_data_not_zero_percent(tree):
    assert figure(tree.tuyen_quang, "iz_workers").value is None


def test_each_segment_reads_its_own_venue_kinds(tree):
    zone = VenueFactory(org_unit=tree.thuong_lam, kind=VenueKind.INDUSTRIAL_ZONE)
    BaselineFactory(venue=zone, year=2025, total=1000)
    approved(venue=zone, audience="iz_workers", participants=250, date=MARCH)
    assert figure(tree.tuyen_quang, "iz_workers").value == Decimal("25.0")
    assert figure(tree.tuyen_quang, "students").value is None


def test_communes_with_a_session_over_communes_in_force(tree):
    approved(venue=VenueFactory(org_unit=tree.thuong_lam), date=MARCH)
    result = figure(tree.tuyen_quang, "communes")
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.details["silent"] == 1


def test_a_regular_commune_has_a_session_in_every_quarter(tree):
    venue = VenueFactory(org_unit=tree.thuong_lam)
    approved(venue=venue, date=MARCH, cohort="a")
    approved(venue=venue, date=datetime.date(2025, 5, 2), cohort="b")
    approved(venue=VenueFactory(org_unit=tree.lam_binh), date=MARCH)
    result = figure(tree.tuyen_quang, "communes_regular")
    assert (result.numerator, result.denominator) == (1, 2)


def test_a_commune_abolished_mid_year_is_regular_with_a_session_in_each_quarter_it_existed(tree):
    old_commune = CommuneFactory(parent=tree.tuyen_quang, valid_until=datetime.date(2025, 6, 30))
    venue = VenueFactory(org_unit=old_commune)
    approved(venue=venue, date=MARCH, cohort="a")
    approved(venue=venue, date=datetime.date(2025, 5, 2), cohort="b")
    year = parse_period("2025")
    result = figure(tree.tuyen_quang, "communes_regular", unit=old_commune, period=year)
    assert (result.numerator, result.denominator) == (1, 1)


def test_sessions_in_a_commune_abolished_in_2025_still_roll_up(tree):
    old_district = DistrictFactory(parent=tree.tuyen_quang, valid_until=datetime.date(2025, 6, 30))
    old_commune = CommuneFactory(parent=old_district, valid_until=datetime.date(2025, 6, 30))
    school = VenueFactory(org_unit=old_commune)
    BaselineFactory(venue=school, year=2025, total=100)
    approved(venue=school, participants=40, date=MARCH)
    assert figure(tree.tuyen_quang, "students").numerator == 40
    assert figure(tree.tuyen_quang, "communes").numerator == 1
    # After the reform the old commune is out of force: it leaves the denominator.
    h2 = figure(tree.tuyen_quang, "communes", period=parse_period("2025-H2"))
    assert h2.denominator == 2


def test_a_province_never_sees_another_provinces_sessions(tree):
    school = VenueFactory(org_unit=tree.sa_pa)
    BaselineFactory(venue=school, year=2025, total=100)
    approved(venue=school, participants=40, date=MARCH)
    assert figure(tree.tuyen_quang, "students").value is None
    assert figure(tree.lao_cai, "students").numerator == 40


def test_press_counts_months_with_central_or_provincial_press(tree):
    def item(day, **fields):
        values = {"channel": "newspaper", "level": "provincial", "org_unit": tree.tuyen_quang}
        MediaItem.objects.create(
            published_on=day, title="Tin", outlet="Báo Tuyên Quang", **{**values, **fields}
        )

    item(datetime.date(2025, 1, 5))
    item(datetime.date(2025, 1, 25))
    item(datetime.date(2025, 2, 5), level="commune")
    item(datetime.date(2025, 3, 5), channel="social_post")
    item(datetime.date(2025, 4, 5), org_unit=tree.country, level="central")
    item(datetime.date(2025, 5, 5), org_unit=tree.lao_cai)
    result = figure(tree.tuyen_quang, "press")
    assert (result.numerator, result.denominator) == (2, 6)
    assert result.details["months_without_press"] == ["2025-02", "2025-03", "2025-05", "2025-06"]
    assert figure(tree.tuyen_quang, "press", unit=tree.thuong_lam).numerator == 2


def test_training_counts_cadre_cohorts_against_the_units_cadre_figure(tree):
    UnitYear.objects.create(org_unit=tree.tuyen_quang, year=2025, cadres=50)
    common = {"form": "training", "audience": "cadres", "date": MARCH}
    approved(venue=None, org_unit=tree.thuong_lam, cohort="Lớp 1", participants=20, **common)
    approved(venue=None, org_unit=tree.thuong_lam, cohort="lớp 1", participants=25, **common)
    approved(venue=None, org_unit=tree.lam_binh, cohort="Lớp 1", participants=10, **common)
    result = figure(tree.tuyen_quang, "training")
    assert (result.numerator, result.denominator) == (35, 50)
    assert figure(tree.tuyen_quang, "training", unit=tree.thuong_lam).value is None


def test_inspection_counts_each_establishment_once(tree):
    bar = VenueFactory(org_unit=tree.thuong_lam, kind="establishment", establishment_type="karaoke")
    VenueFactory(org_unit=tree.thuong_lam, kind="establishment", establishment_type="bar_club")
    common = {"venue": bar, "form": "inspection", "audience": "establishment_workers"}
    approved(date=MARCH, cohort="a", **common)
    approved(date=MARCH.replace(day=2), cohort="b", **common)
    result = figure(tree.tuyen_quang, "inspection")
    assert (result.numerator, result.denominator) == (1, 2)


def test_plans_and_integration_are_over_direct_lower_units(tree):
    UnitYear.objects.create(org_unit=tree.thuong_lam, year=2025, has_yearly_plan=True)
    UnitYear.objects.create(
        org_unit=tree.lam_binh, year=2025, has_yearly_plan=True, integrated=True
    )
    assert figure(tree.tuyen_quang, "plans").value == Decimal("100.0")
    assert figure(tree.tuyen_quang, "integration").value == Decimal("50.0")


def test_refresh_stores_a_result_per_indicator_and_unit_and_is_idempotent(tree):
    school = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=school, year=2025, total=500)
    approved(venue=school, participants=40, date=MARCH)  # reach details go through JSON
    first = engine.refresh(tree.tuyen_quang, H1)
    second = engine.refresh(tree.tuyen_quang, H1)
    assert first == second == len(INDICATORS) * 3
