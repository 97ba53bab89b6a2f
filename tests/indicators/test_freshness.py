"""Stored figures never outlive their inputs: each change marks what it touches and a refresh
follows a few seconds after the first change of a burst."""

import datetime

import pytest
from django.core.cache import cache

from campaigns.models import MediaItem
from common.spreadsheets import open_table
from events import services as session_services
from events.models import Status
from indicators import engine, freshness
from indicators.models import IndicatorResult, Plan, Target, UnitYear
from indicators.periods import parse_period
from places.imports import import_venues
from places.models import PopulationBaseline, Role
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

H1 = parse_period("2025-H1")
MARCH = datetime.date(2025, 3, 14)


def stored(unit, code, period="2025-H1"):
    return IndicatorResult.objects.get(org_unit=unit, indicator=code, period=period)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school(tree):
    """A school of 400 in Thượng Lâm with 40 students reached, and the figures stored."""
    venue = VenueFactory(org_unit=tree.thuong_lam, code="THPT-TL")
    BaselineFactory(venue=venue, year=2025, total=400)
    SessionFactory(venue=venue, status=Status.APPROVED, participants=40, date=MARCH)
    engine.refresh(tree.country, H1)
    return venue


def test_an_approval_reaches_the_stored_figures_once_committed(
    tree, member, school, django_capture_on_commit_callbacks
):
    reviewer = member(tree.tuyen_quang, Role.REVIEWER)
    session = SessionFactory(
        venue=school, status=Status.SUBMITTED, cohort="10A2", participants=30, date=MARCH
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_services.approve(reviewer, [session])
    for unit in (tree.thuong_lam, tree.tuyen_quang, tree.country):
        result = stored(unit, "students")
        assert (result.numerator, result.stale) == (70, False), unit.name


def test_a_venue_import_marks_its_communes_figures_and_refreshes_them(
    tree, member, school, django_capture_on_commit_callbacks
):
    officer = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER)
    table = open_table(
        (
            "code,name,kind,commune_code,year,population,female,ethnic_minority,source\n"
            f"THPT-TL,{school.name},high_school,{tree.thuong_lam.code},2025,800,,,Sở GD&ĐT\n"
        ).encode(),
        "dia_diem.csv",
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert import_venues(officer, table, today=datetime.date(2026, 1, 15)).ok
    assert stored(tree.thuong_lam, "students").stale
    assert stored(tree.country, "students").stale
    assert not stored(tree.sa_pa, "students").stale
    with django_capture_on_commit_callbacks(execute=True):
        PopulationBaseline.objects.filter(venue=school).update(total=800)
        freshness.note_inputs_changed([tree.thuong_lam.pk], None, None, False)
    assert stored(tree.thuong_lam, "students").denominator == 800
    assert not stored(tree.thuong_lam, "students").stale


def test_a_baseline_edit_in_the_admin_marks_the_figures(tree, school):
    baseline = school.baselines.get()
    baseline.total = 500
    baseline.save()
    assert stored(tree.tuyen_quang, "students").stale


def test_a_media_item_marks_its_unit_the_units_above_and_below(tree, school):
    MediaItem.objects.create(
        published_on=MARCH,
        title="Tin",
        outlet="Báo Tuyên Quang",
        channel="newspaper",
        level="provincial",
        org_unit=tree.tuyen_quang,
    )
    for unit in (tree.thuong_lam, tree.tuyen_quang, tree.country):
        assert stored(unit, "press").stale, unit.name
    assert not stored(tree.sa_pa, "press").stale
    # Another half year is not touched.
    assert not IndicatorResult.objects.filter(period="2025-H2", stale=True).exists()


def test_a_units_yearly_facts_mark_its_figures_and_its_parents(tree, school):
    UnitYear.objects.create(org_unit=tree.thuong_lam, year=2025, has_yearly_plan=True)
    assert stored(tree.tuyen_quang, "plans").stale
    assert not stored(tree.lao_cai, "plans").stale


def test_a_plan_or_target_change_marks_the_figures_of_the_plans_units(tree, school):
    plan = Plan.objects.create(
        name="Kế hoạch tỉnh",
        org_unit=tree.tuyen_quang,
        level="province",
        first_year=2021,
        last_year=2025,
    )
    assert stored(tree.thuong_lam, "students").stale
    assert not stored(tree.sa_pa, "students").stale
    IndicatorResult.objects.update(stale=False)
    Target.objects.create(plan=plan, indicator="students", value=80, wording="≥ 80%")
    assert stored(tree.thuong_lam, "students").stale


def test_a_change_within_the_delay_rides_along_with_the_refresh_already_queued(
    tree, school, django_capture_on_commit_callbacks
):
    cache.add(freshness.QUEUED_KEY, 1, 60)  # the first change of the burst queued a refresh
    with django_capture_on_commit_callbacks(execute=True):
        freshness.note_inputs_changed([tree.thuong_lam.pk], MARCH, MARCH, False)
    assert stored(tree.thuong_lam, "students").stale  # nothing more was queued


def test_a_change_marked_while_a_refresh_ran_is_marked_again_after_it(
    tree, school, django_capture_on_commit_callbacks
):
    logged = freshness.refresh_started()
    with django_capture_on_commit_callbacks(execute=True):
        freshness.note_inputs_changed([tree.thuong_lam.pk], MARCH, MARCH, False)
    assert cache.get(freshness.QUEUED_KEY) is None  # the running refresh takes it
    engine.refresh(tree.country, H1)  # stores what it computed as fresh, over the mark
    assert not stored(tree.thuong_lam, "students").stale
    assert freshness.remark_since(logged) == logged + 1
    assert stored(tree.thuong_lam, "students").stale
    freshness.refresh_finished()


@pytest.mark.django_db(transaction=True)
def test_an_approval_committed_while_a_refresh_runs_is_counted_by_its_next_pass_at_once(
    tree, member, school, monkeypatch
):
    """The worst case of issue 10 item 13: an approval that lands after a refresh began reading.
    The same task runs another pass as soon as this one ends: no countdown, no second task."""
    from indicators.tasks import refresh_stale

    reviewer = member(tree.tuyen_quang, Role.REVIEWER)
    session = SessionFactory(
        venue=school, status=Status.SUBMITTED, cohort="10A2", participants=30, date=MARCH
    )
    IndicatorResult.objects.filter(org_unit=tree.thuong_lam).update(stale=True)
    compute, stale_keys, passes = engine.compute, engine.stale_keys, []

    def compute_then_approve(root, period, *args, **kwargs):
        figures = compute(root, period, *args, **kwargs)
        if len(passes) == 1 and session.status == Status.SUBMITTED:
            session_services.approve(reviewer, [session])  # commits after the reading
            session.status = Status.APPROVED
        return figures

    def counted_stale_keys():
        passes.append(1)
        return stale_keys()

    monkeypatch.setattr(engine, "compute", compute_then_approve)
    monkeypatch.setattr(engine, "stale_keys", counted_stale_keys)
    refresh_stale()
    assert len(passes) == 2  # the second pass ran in the same task, nothing else ran
    assert cache.get(freshness.QUEUED_KEY) is None
    assert cache.get(freshness.RUNNING_KEY) is None
    for unit in (tree.thuong_lam, tree.tuyen_quang, tree.country):
        result = stored(unit, "students")
        assert (result.numerator, result.stale) == (70, False), unit.name


def test_a_change_after_the_refresh_stopped_running_queues_a_refresh_of_its_own(
    tree, school, django_capture_on_commit_callbacks
):
    freshness.refresh_started()
    freshness.refresh_finished()
    with django_capture_on_commit_callbacks(execute=True):  # eager: the refresh runs here
        freshness.note_inputs_changed([tree.thuong_lam.pk], MARCH, MARCH, False)
    assert not stored(tree.thuong_lam, "students").stale


def test_the_outbox_round_leaves_alone_figures_computed_since_the_change(tree, school):
    from django.utils import timezone

    from indicators import services

    changed_at = timezone.now().isoformat()
    engine.refresh(tree.country, H1)  # began after the change: it counts it
    services.note_change({"org_unit_id": tree.thuong_lam.pk, "month": "2025-03", "at": changed_at})
    assert not stored(tree.thuong_lam, "students").stale
    IndicatorResult.objects.update(computed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    services.note_change({"org_unit_id": tree.thuong_lam.pk, "month": "2025-03", "at": changed_at})
    assert stored(tree.thuong_lam, "students").stale
