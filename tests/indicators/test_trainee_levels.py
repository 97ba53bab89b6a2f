"""Cadres trained by level, as the plans write it: "70% of provincial, 50% of district and
commune cadres"."""

import datetime

import pytest

from events.checks import SessionInput, check_session
from events.models import Status
from indicators import engine
from indicators.models import UnitYear
from indicators.periods import parse_period
from tests.events.factories import SessionFactory
from tests.places.factories import CommuneFactory, DistrictFactory

pytestmark = pytest.mark.django_db

H1 = parse_period("2025-H1")
MARCH = datetime.date(2025, 3, 14)


def course(unit, cohort, participants, **trainees):
    return SessionFactory(
        status=Status.APPROVED,
        venue=None,
        org_unit=unit,
        form="training",
        audience="cadres",
        cohort=cohort,
        participants=participants,
        date=MARCH,
        **trainees,
    )


@pytest.fixture
def province(tree):
    """Tuyên Quang declares 40 provincial cadres, a district 30 of its own, a commune 20."""
    district = DistrictFactory(parent=tree.tuyen_quang, name="Huyện Lâm Bình")
    commune = CommuneFactory(parent=district, name="Xã Thổ Bình")
    for unit, cadres in ((tree.tuyen_quang, 40), (district, 30), (commune, 20)):
        UnitYear.objects.create(org_unit=unit, year=2025, cadres=cadres)
    # A provincial course held in a ward, and a district course with commune cadres too.
    course(tree.thuong_lam, "Lớp tỉnh", 35, trainees_province=30, trainees_press=5)
    course(commune, "Lớp huyện", 40, trainees_district=15, trainees_commune=12)
    # The same district class met again with fewer people: it counts once, at its largest.
    course(commune, "lớp huyện", 20, trainees_district=10, trainees_commune=5)
    return district


def figure(root, code, unit=None):
    _tree, figures = engine.compute(root, H1)
    return figures[code][(unit or root).pk]


def test_provincial_cadres_trained_are_counted_against_the_provincial_cadres(tree, province):
    result = figure(tree.tuyen_quang, "training_province")
    assert (result.numerator, result.denominator) == (30, 40)
    assert str(result.value) == "75.0"


def test_district_and_commune_cadres_are_measured_together_and_apart(tree, province):
    together = figure(tree.tuyen_quang, "training_district_commune")
    assert (together.numerator, together.denominator) == (27, 50)
    district = figure(tree.tuyen_quang, "training_district", province)
    assert (district.numerator, district.denominator) == (15, 30)
    commune = figure(tree.tuyen_quang, "training_commune")
    assert (commune.numerator, commune.denominator) == (12, 20)


def test_other_trainees_are_kept_beside_the_cadre_levels(tree, province):
    details = figure(tree.tuyen_quang, "training").details
    assert details["trainees_press"] == 5
    assert details["trainees_province"] == 30


def test_trainees_are_capped_at_the_cadres_declared(tree, province):
    course(tree.thuong_lam, "Lớp tỉnh 2", 30, trainees_province=30)
    result = figure(tree.tuyen_quang, "training_province")
    assert (result.numerator, result.denominator) == (40, 40)
    assert result.details["trained"] == 60


def test_a_level_without_declared_cadres_has_no_data_and_says_so(tree):
    course(tree.thuong_lam, "Lớp tỉnh", 10, trainees_province=10)
    CommuneFactory(parent=tree.tuyen_quang)
    result = figure(tree.tuyen_quang, "training_commune")
    assert result.value is None
    assert result.details["units_without_cadre_figure"] == 3


def test_trainees_by_level_are_for_training_courses_and_within_participants(tree, member):
    user = member(tree.tuyen_quang)
    talk = SessionInput(
        date=MARCH,
        org_unit=tree.thuong_lam,
        form="loudspeaker",
        audience="community",
        participants=10,
        organizer="youth_union",
        trainees_commune=3,
    )
    assert "trainees_commune" in check_session(user, talk, today=MARCH).errors
    too_many = SessionInput(
        date=MARCH,
        org_unit=tree.thuong_lam,
        form="training",
        audience="cadres",
        participants=10,
        organizer="health",
        trainees_province=6,
        trainees_commune=6,
    )
    assert "trainees_province" in check_session(user, too_many, today=MARCH).errors
