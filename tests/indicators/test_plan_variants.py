"""Press and students as each plan words them."""

import datetime

import pytest

from campaigns.models import MediaItem
from events.models import Status
from indicators import engine
from indicators.definitions import PRESS_VARIANTS, REACH_SEGMENTS
from indicators.periods import parse_period
from indicators.trace import trace_for
from places.models import VenueKind
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

Q1 = parse_period("2025-Q1")


def figure(root, code, unit=None, period=Q1):
    _tree, figures = engine.compute(root, period)
    return figures[code][(unit or root).pk]


def item(unit, day, channel, level):
    return MediaItem.objects.create(
        published_on=day, title="Tin", outlet="Báo", channel=channel, level=level, org_unit=unit
    )


@pytest.fixture
def media(tree):
    """January: central press; February: provincial press; March: district radio and a commune
    loudspeaker."""
    item(tree.country, datetime.date(2025, 1, 10), "online_newspaper", "central")
    item(tree.tuyen_quang, datetime.date(2025, 2, 10), "newspaper", "provincial")
    item(tree.tuyen_quang, datetime.date(2025, 3, 10), "radio", "district")
    item(tree.thuong_lam, datetime.date(2025, 3, 12), "loudspeaker", "commune")


@pytest.mark.parametrize(
    "code, months",
    [
        ("press", 2),  # national: central and provincial press
        ("press_provincial", 1),  # Đồng Nai: provincial press only
        ("press_district_radio", 1),  # Hưng Yên, Triệu Sơn: district radio
        ("press_grassroots", 1),  # the national plan's grassroots information
    ],
)
def test_each_press_indicator_counts_the_outlets_its_plan_names(tree, media, code, months):
    result = figure(tree.tuyen_quang, code)
    assert (result.numerator, result.denominator) == (months, 3)
    assert trace_for(code, tree.tuyen_quang, Q1).figure().numerator == months


def test_the_press_variants_are_data_beside_the_indicators():
    assert set(PRESS_VARIANTS) == {
        "press",
        "press_provincial",
        "press_district_radio",
        "press_grassroots",
    }


@pytest.fixture
def schools(tree):
    """An upper secondary school, a university and a vocational school, 100 people each, each
    with one approved session of 50 students."""
    for kind in (VenueKind.HIGH_SCHOOL, VenueKind.UNIVERSITY, VenueKind.VOCATIONAL):
        venue = VenueFactory(org_unit=tree.thuong_lam, kind=kind)
        BaselineFactory(venue=venue, year=2025, total=100)
        SessionFactory(
            venue=venue, status=Status.APPROVED, participants=50, date=datetime.date(2025, 2, 3)
        )


def test_the_national_list_of_schools_includes_universities(tree, schools):
    result = figure(tree.tuyen_quang, "students")
    assert (result.numerator, result.denominator) == (150, 300)


def test_trieu_son_s_list_is_upper_secondary_and_vocational_schools_only(tree, schools):
    code = "students_secondary_vocational"
    assert "university" not in REACH_SEGMENTS[code][0]
    result = figure(tree.tuyen_quang, code)
    assert (result.numerator, result.denominator) == (100, 200)
    assert trace_for(code, tree.tuyen_quang, Q1).figure().numerator == 100
