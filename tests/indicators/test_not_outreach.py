"""Training courses and inspections are logged like sessions but are not outreach."""

import datetime

import pytest

from events.models import Form, Status
from indicators import engine
from indicators.periods import parse_period
from indicators.reports import data, narrative
from indicators.trace import NOT_OUTREACH, trace_for
from places.models import VenueKind
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

H1 = parse_period("2025-H1")
MARCH = datetime.date(2025, 3, 14)


def figure(root, code, unit=None):
    _tree, figures = engine.compute(root, H1)
    return figures[code][(unit or root).pk]


def approved(**fields):
    return SessionFactory(status=Status.APPROVED, date=MARCH, **fields)


@pytest.fixture
def not_outreach(tree):
    """A school in Thượng Lâm with a training course and an inspection; an establishment in
    Lâm Bình inspected; no outreach session anywhere."""
    school = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=school, year=2025, total=500)
    bar = VenueFactory(org_unit=tree.lam_binh, kind=VenueKind.ESTABLISHMENT, name="Karaoke A")
    BaselineFactory(venue=bar, year=2025, total=20)
    approved(venue=school, form=Form.TRAINING, audience="students", participants=60)
    approved(venue=school, form=Form.INSPECTION, audience="students", participants=10, cohort="")
    approved(venue=bar, form=Form.INSPECTION, audience="establishment_workers", participants=8)
    return school


def test_a_commune_with_only_training_or_inspection_has_no_outreach(tree, not_outreach):
    result = figure(tree.tuyen_quang, "communes")
    assert (result.numerator, result.denominator) == (0, 2)
    assert figure(tree.tuyen_quang, "communes_regular").numerator == 0


def test_training_and_inspection_never_count_as_people_reached(tree, not_outreach):
    assert figure(tree.tuyen_quang, "students").numerator == 0
    assert figure(tree.tuyen_quang, "establishment_workers").numerator == 0


def test_inspections_still_count_toward_their_own_indicator(tree, not_outreach):
    result = figure(tree.tuyen_quang, "inspection")
    assert (result.numerator, result.denominator) == (1, 1)


def test_an_outreach_session_beside_them_counts_alone(tree, not_outreach):
    approved(venue=not_outreach, form=Form.TALK, participants=30, cohort="10A9")
    assert figure(tree.tuyen_quang, "students").numerator == 30
    assert figure(tree.tuyen_quang, "communes").numerator == 1


def test_the_traces_agree_and_name_training_and_inspection_as_left_out(tree, not_outreach):
    for code in ("communes", "students"):
        trace = trace_for(code, tree.tuyen_quang, H1)
        assert trace.figure().numerator == figure(tree.tuyen_quang, code).numerator
        reasons = {choice.key: choice.count for choice in trace.left_out()}
        assert reasons[NOT_OUTREACH] >= 2


def test_the_report_counts_direct_outreach_apart_from_training_and_inspection(tree, not_outreach):
    approved(venue=not_outreach, form=Form.TALK, participants=30, cohort="10A9")
    engine.refresh(tree.tuyen_quang, H1)
    snapshot = data.build(tree.tuyen_quang, "2025-H1")
    assert snapshot["activities"]["total"]["sessions"] == 1
    assert snapshot["activities"]["total"]["participants"] == 30
    assert [row["form"] for row in snapshot["activities"]["by_form"]] == ["talk"]
    assert snapshot["training"]["total"]["sessions"] == 1
    assert snapshot["inspection"] == {"sessions": 2, "establishments": 2}
    texts = narrative.prefill(snapshot)
    assert "1 buổi tuyên truyền trực tiếp" in texts["activities"]
    assert "1 lớp tập huấn" in texts["training"]
    assert "2 lượt kiểm tra tại 2 cơ sở" in texts["inspection"]
