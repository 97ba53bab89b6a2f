"""Contest entrants as a source of reach: once per person, venue and period, never added twice."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contests.models import JoinCode
from events.models import Status
from indicators import engine, trace
from indicators.definitions import BY_CODE
from indicators.periods import parse_period
from places.models import VenueKind
from tests.contests.factories import (
    AttemptFactory,
    JoinCodeFactory,
    ParticipantFactory,
    RoundFactory,
)
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

H1 = parse_period("2025-H1")
VN = timezone.get_default_timezone()
MARCH = datetime.datetime(2025, 3, 14, 20, 0, tzinfo=VN)


def figure(root, code="students", unit=None, period=H1):
    _tree, figures = engine.compute(root, period)
    return figures[code][(unit or root).pk]


@pytest.fixture
def round_():
    return RoundFactory(
        opens_at=datetime.datetime(2025, 1, 1, tzinfo=VN),
        closes_at=datetime.datetime(2025, 12, 31, tzinfo=VN),
    )


def entry(round_, venue, phone, when=MARCH, submitted=True, contest=None, vouched=True, **fields):
    """A participant at ``venue`` with one attempt submitted at ``when``.

    Vouched (the default): they joined with the venue's join code and a verified phone.
    """
    contest = contest or round_.contest
    if vouched and venue is not None:
        fields.setdefault("join_code", join_code_for(contest, venue))
        fields.setdefault("phone_verified_at", when - datetime.timedelta(minutes=6))
    participant = ParticipantFactory(contest=contest, venue=venue, phone=phone, **fields)
    AttemptFactory(
        round=round_,
        participant=participant,
        number=fields.pop("number", 1),
        started_at=when - datetime.timedelta(minutes=5),
        submitted_at=when if submitted else None,
        score=5 if submitted else None,
    )
    return participant


def join_code_for(contest, venue):
    found = JoinCode.objects.filter(contest=contest, venue=venue).first()
    return found or JoinCodeFactory(contest=contest, venue=venue, max_uses=1000)


@pytest.fixture
def school(tree):
    venue = VenueFactory(org_unit=tree.thuong_lam, kind=VenueKind.HIGH_SCHOOL)
    BaselineFactory(venue=venue, year=2025, total=500)
    return venue


def test_entrants_who_name_a_school_count_as_students_reached(tree, school, round_):
    for n in range(3):
        entry(round_, school, f"+8491200000{n}")
    result = figure(tree.tuyen_quang)
    assert (result.numerator, result.denominator) == (3, 500)
    assert result.details["contest_entrants"] == 3


def test_a_person_counts_once_per_venue_across_rounds_and_contests(tree, school, round_):
    entry(round_, school, "+84912000001")
    later = RoundFactory(
        contest=round_.contest,
        opens_at=datetime.datetime(2025, 1, 1, tzinfo=VN),
        closes_at=datetime.datetime(2025, 12, 30, tzinfo=VN),
    )
    participant = round_.contest.participants.get()
    AttemptFactory(
        round=later,
        participant=participant,
        started_at=MARCH - datetime.timedelta(minutes=5),
        submitted_at=MARCH,
        score=3,
    )
    other_contest_round = RoundFactory(
        opens_at=datetime.datetime(2025, 1, 1, tzinfo=VN),
        closes_at=datetime.datetime(2025, 12, 31, tzinfo=VN),
    )
    entry(other_contest_round, school, "+84912000001")
    assert figure(tree.tuyen_quang).numerator == 1


def test_sessions_and_entrants_at_one_venue_count_the_larger_never_the_sum(tree, school, round_):
    SessionFactory(
        status=Status.APPROVED, venue=school, cohort="10A1", participants=40, date=MARCH.date()
    )
    for n in range(25):
        entry(round_, school, f"+849120001{n:02d}")
    assert figure(tree.tuyen_quang).numerator == 40
    for n in range(25, 55):
        entry(round_, school, f"+849120001{n:02d}")
    assert figure(tree.tuyen_quang).numerator == 55


def test_entrants_are_capped_at_the_venues_population(tree, round_):
    small = VenueFactory(org_unit=tree.thuong_lam, kind=VenueKind.VOCATIONAL)
    BaselineFactory(venue=small, year=2025, total=2)
    for n in range(3):  # one a day: never more than the daily share of the venue
        entry(round_, small, f"+8491200000{n}", when=MARCH + datetime.timedelta(days=n))
    result = figure(tree.tuyen_quang)
    assert (result.numerator, result.denominator) == (2, 2)
    assert result.details["venues_capped"] == 1


def test_only_attempts_submitted_within_the_period_in_vietnam_time_count(tree, school, round_):
    # 30 June 23:30 in Vietnam is still the first half; 1 July 00:30 is not.
    entry(round_, school, "+84912000001", when=datetime.datetime(2025, 6, 30, 23, 30, tzinfo=VN))
    entry(round_, school, "+84912000002", when=datetime.datetime(2025, 7, 1, 0, 30, tzinfo=VN))
    entry(round_, school, "+84912000003", submitted=False)
    assert figure(tree.tuyen_quang).numerator == 1
    assert figure(tree.tuyen_quang, period=parse_period("2025-H2")).numerator == 1


def test_the_venue_kind_decides_the_segment(tree, round_):
    zone = VenueFactory(org_unit=tree.thuong_lam, kind=VenueKind.INDUSTRIAL_ZONE)
    BaselineFactory(venue=zone, year=2025, total=1000)
    lower = VenueFactory(org_unit=tree.thuong_lam, kind=VenueKind.LOWER_SECONDARY)
    BaselineFactory(venue=lower, year=2025, total=300)
    entry(round_, zone, "+84912000001")
    entry(round_, lower, "+84912000002")
    entry(round_, None, "+84912000003", school_or_workplace="Trường ngoài danh mục")
    assert figure(tree.tuyen_quang, "iz_workers").numerator == 1
    assert figure(tree.tuyen_quang, "students").numerator == 0


def test_entrants_roll_up_to_the_unit_of_their_venue_only(tree, school, round_):
    elsewhere = VenueFactory(org_unit=tree.sa_pa, kind=VenueKind.HIGH_SCHOOL)
    BaselineFactory(venue=elsewhere, year=2025, total=100)
    entry(round_, school, "+84912000001")
    entry(round_, elsewhere, "+84912000002")
    _tree, figures = engine.compute(tree.country, H1)
    assert figures["students"][tree.thuong_lam.pk].numerator == 1
    assert figures["students"][tree.tuyen_quang.pk].numerator == 1
    assert figures["students"][tree.lao_cai.pk].numerator == 1
    assert figures["students"][tree.country.pk].numerator == 2


def test_purged_entrants_still_count_one_each(tree, school, round_):
    from contests.models import Participant

    entry(round_, school, "+84912000001")
    entry(round_, school, "+84912000002")
    Participant.objects.update(phone=None, full_name="", purged_at=timezone.now())
    assert figure(tree.tuyen_quang).numerator == 2


def test_the_trace_gives_the_engines_figure_and_shows_both_sources(tree, school, round_):
    SessionFactory(
        status=Status.APPROVED, venue=school, cohort="10A1", participants=4, date=MARCH.date()
    )
    for n in range(6):
        entry(round_, school, f"+8491200000{n}")
    students = trace.trace_for("students", tree.tuyen_quang, H1)
    expected = figure(tree.tuyen_quang)
    assert students.figure().numerator == expected.numerator == 6
    assert students.figure().value == expected.value == Decimal("1.2")
    venue = students.listing("all", 1).object_list[0]
    assert (venue["people"], venue["session_people"], venue["entrants"]) == (6, 4, 6)


def test_entries_without_the_venues_join_code_never_count(tree, school, round_):
    # The attack of issue 9: thirty throwaway numbers naming a school, verified or not.
    for n in range(15):
        entry(round_, school, f"+849120002{n:02d}", vouched=False)
    for n in range(15, 30):
        entry(round_, school, f"+849120002{n:02d}", vouched=False, phone_verified_at=MARCH)
    result = figure(tree.tuyen_quang)
    assert (result.numerator, result.details["contest_entrants"]) == (0, 0)


def test_a_join_code_without_a_verified_phone_does_not_count(tree, school, round_):
    # A contest without SMS codes (a school-room contest): its entries are not reach.
    code = join_code_for(round_.contest, school)
    entry(round_, school, "+84912000001", vouched=False, join_code=code)
    assert figure(tree.tuyen_quang).numerator == 0


def test_another_venues_join_code_does_not_vouch(tree, school, round_):
    other = VenueFactory(org_unit=tree.thuong_lam, kind=VenueKind.HIGH_SCHOOL)
    code = join_code_for(round_.contest, other)
    entry(round_, school, "+84912000001", join_code=code)
    assert figure(tree.tuyen_quang).numerator == 0


def test_a_venue_with_too_many_entrants_in_one_day_is_held_for_review(
    tree, school, round_, settings
):
    settings.CONTEST_REACH_DAILY_SHARE = 0.5  # the school has 500 people
    for n in range(251):
        entry(round_, school, f"+84913{n:06d}")
    result = figure(tree.tuyen_quang)
    assert result.numerator == 0
    assert (result.details["contest_venues_held"], result.details["contest_entrants_held"]) == (
        1,
        251,
    )
    from indicators.dashboard import gaps

    assert gaps(tree.tuyen_quang, H1).contest_venues_held == [(school, 251)]


def test_the_same_entrants_over_several_days_are_counted(tree, school, round_, settings):
    settings.CONTEST_REACH_DAILY_SHARE = 0.5
    for n in range(251):
        day = MARCH + datetime.timedelta(days=n % 2)
        entry(round_, school, f"+84913{n:06d}", when=day)
    result = figure(tree.tuyen_quang)
    assert (result.numerator, result.details["contest_venues_held"]) == (251, 0)


def test_the_rule_is_stated_in_the_definition():
    rule = BY_CODE["students"]
    assert "dự thi trực tuyến" in str(rule.numerator)
    assert "số lớn hơn" in str(rule.deduplication)
    assert "không cộng hai nguồn" in str(rule.deduplication)
    assert "nộp trong kỳ" in str(rule.period)
    assert "mã tham gia" in str(rule.deduplication)
    assert "đã xác minh" in str(rule.deduplication)
    assert "xem xét" in str(rule.deduplication)
