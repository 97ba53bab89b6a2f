"""The drill-down: the records behind each figure, and those left out with the reason."""

import datetime
import re
from types import SimpleNamespace

import pytest

from campaigns.models import MediaItem
from events.models import Status
from indicators import engine, trace
from indicators.definitions import INDICATORS
from indicators.models import UnitYear
from indicators.periods import parse_period
from places.models import Role, VenueKind
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory
from tests.places.factories import CommuneFactory, DistrictFactory

pytestmark = pytest.mark.django_db

H1 = parse_period("2025-H1")
MARCH = datetime.date(2025, 3, 14)
MAY = datetime.date(2025, 5, 6)


def approved(**fields):
    return SessionFactory(status=Status.APPROVED, **fields)


@pytest.fixture
def case(tree):
    """Students in Tuyên Quang, one case of every reason a record is left out.

    Thượng Lâm's school (500 people): cohort 10A1 twice (40, then 42: the 40 is a
    repeat), 10A2 once (38), one session still waiting for review, one approved
    with another audience. Lâm Bình's school (60 people): two cohorts of 50,
    capped at 60. A school with no population figure (300 reached). A lower
    secondary school: not a kind the indicator counts.
    Engine: (42 + 38) + min(100, 60) = 140 of 560 → 25.0%.
    """
    school = VenueFactory(org_unit=tree.thuong_lam, name="Trường THPT Thượng Lâm")
    BaselineFactory(venue=school, year=2025, total=500)
    small = VenueFactory(org_unit=tree.lam_binh, name="Trường THPT Lâm Bình")
    BaselineFactory(venue=small, year=2025, total=60)
    unmeasured = VenueFactory(org_unit=tree.lam_binh, name="Trường THPT Chưa Có Số Liệu")
    lower = VenueFactory(
        org_unit=tree.thuong_lam, name="Trường THCS Thượng Lâm", kind=VenueKind.LOWER_SECONDARY
    )
    return SimpleNamespace(
        school=school,
        small=small,
        unmeasured=unmeasured,
        repeat=approved(venue=school, cohort="10A1", participants=40, date=MARCH),
        largest=approved(venue=school, cohort="10a1", participants=42, date=MAY),
        other_cohort=approved(venue=school, cohort="10A2", participants=38, date=MARCH),
        waiting=SessionFactory(
            venue=school, cohort="11C", participants=99, status=Status.SUBMITTED, date=MARCH
        ),
        returned=SessionFactory(
            venue=small, cohort="12D", participants=77, status=Status.RETURNED, date=MARCH
        ),
        community=approved(
            venue=school, audience="community", cohort="phụ huynh", participants=55, date=MARCH
        ),
        capped_a=approved(venue=small, cohort="10B1", participants=50, date=MARCH),
        capped_b=approved(venue=small, cohort="10B2", participants=50, date=MARCH),
        no_baseline=approved(venue=unmeasured, cohort="10E", participants=300, date=MARCH),
        lower_school=approved(venue=lower, cohort="9A", participants=35, date=MARCH),
    )


@pytest.fixture
def officer(tree, member, client):
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tq")
    client.force_login(user)
    return user


def drill_down(code, unit, period="2025-H1", **extra):
    query = "&".join(
        f"{key}={value}" for key, value in {"unit": unit.pk, "period": period, **extra}.items()
    )
    return f"/admin/indicators/{code}/?{query}"


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def engine_figure(code, unit, period=H1, root=None):
    _tree, figures = engine.compute(root or unit, period)
    return figures[code][unit.pk]


# --- The hand-built case ---------------------------------------------------------------


def test_the_students_trace_gives_the_engines_figure(tree, case):
    figure = trace.trace_for("students", tree.tuyen_quang, H1).figure()
    expected = engine_figure("students", tree.tuyen_quang)
    assert (figure.numerator, figure.denominator) == (expected.numerator, expected.denominator)
    assert (figure.numerator, figure.denominator, str(figure.value)) == (140, 560, "25.0")


def test_each_venue_shows_its_population_reach_and_cap(tree, case):
    venues = trace.trace_for("students", tree.tuyen_quang, H1).listing("all", 1).object_list
    by_name = {venue["venue_name"]: venue for venue in venues}
    school = by_name["Trường THPT Thượng Lâm"]
    assert (school["population"], school["baseline_year"], school["people"]) == (500, 2025, 80)
    assert (school["counted"], school["capped"]) == (80, False)
    small = by_name["Trường THPT Lâm Bình"]
    assert (small["people"], small["counted"], small["capped"]) == (100, 60, True)
    assert by_name["Trường THPT Chưa Có Số Liệu"]["counted"] is None


def test_a_cohort_shows_the_session_counted_and_the_repeats(tree, case):
    venues = trace.trace_for("students", tree.tuyen_quang, H1).listing("all", 1).object_list
    school = next(v for v in venues if v["venue_name"] == "Trường THPT Thượng Lâm")
    cohorts = {c["chosen"].cohort_key: c for c in school["cohort_list"]}
    assert cohorts["10a1"]["chosen"].pk == case.largest.pk
    assert [s.pk for s in cohorts["10a1"]["repeats"]] == [case.repeat.pk]
    assert cohorts["10a2"]["repeats"] == []


def test_the_left_out_records_are_counted_by_reason(tree, case):
    left_out = {
        c.key: c.count for c in trace.trace_for("students", tree.tuyen_quang, H1).left_out()
    }
    assert left_out == {
        trace.REPEAT: 1,
        trace.CAPPED: 1,
        trace.NO_BASELINE: 1,
        trace.NOT_APPROVED: 2,
        trace.OTHER_AUDIENCE: 1,
        trace.OTHER_VENUE: 1,
        trace.NOT_OUTREACH: 0,
    }


@pytest.mark.parametrize(
    "reason, expected",
    [
        (trace.REPEAT, ["repeat"]),
        (trace.NO_BASELINE, ["no_baseline"]),
        (trace.NOT_APPROVED, ["waiting", "returned"]),
        (trace.OTHER_AUDIENCE, ["community"]),
        (trace.OTHER_VENUE, ["lower_school"]),
    ],
)
def test_each_reason_lists_exactly_its_sessions(tree, case, reason, expected):
    page = trace.trace_for("students", tree.tuyen_quang, H1).left_out_page(reason, 1)
    assert sorted(s.pk for s in page.object_list) == sorted(getattr(case, n).pk for n in expected)


def test_the_drill_down_page_shows_the_figure_and_each_reason_in_words(client, officer, tree, case):
    text = text_of(client.get(drill_down("students", tree.tuyen_quang)).text)
    assert "25,0%" in text
    assert "Tử số 140 / mẫu số 560 người" in text
    for reason in (
        "repeat",
        "capped",
        "no_baseline",
        "not_approved",
        "other_audience",
        "other_venue",
    ):
        assert str(trace.REASONS[reason]) in text


def test_the_drill_down_page_lists_the_sessions_left_out_for_a_reason(client, officer, tree, case):
    response = client.get(drill_down("students", tree.tuyen_quang, list="not_approved"))
    text = text_of(response.text)
    assert "Chờ duyệt" in text and "Trả lại" in text
    assert "11C" in text and "12D" in text


def test_the_drill_down_page_marks_the_capped_venue(client, officer, tree, case):
    html = client.get(drill_down("students", tree.tuyen_quang, filter="capped")).text
    assert "Trường THPT Lâm Bình" in html
    assert "Trường THPT Thượng Lâm" not in html


def test_the_venue_list_is_paginated(tree):
    for number in range(trace.PAGE_SIZE + 5):
        VenueFactory(org_unit=tree.thuong_lam, name=f"Trường {number:03d}")
    students = trace.trace_for("students", tree.tuyen_quang, H1)
    assert len(students.listing("all", 1).object_list) == trace.PAGE_SIZE
    assert len(students.listing("all", 2).object_list) == 5


def test_an_officer_cannot_drill_down_into_another_province(client, officer, tree):
    assert client.get(drill_down("students", tree.lao_cai)).status_code == 404


def test_an_unknown_indicator_has_no_drill_down(client, officer, tree):
    assert client.get(drill_down("nonsense", tree.tuyen_quang)).status_code == 404


def test_the_drill_down_links_a_session_to_its_review_page_for_a_reviewer(
    client, officer, tree, case
):
    html = client.get(drill_down("students", tree.tuyen_quang)).text
    assert f'href="/admin/review/{case.largest.pk}/"' in html


# --- Every family adds up to the engine ------------------------------------------------


@pytest.fixture
def everything(tree, case):
    """Data for every indicator, including a commune abolished in 2025 and units' facts."""
    old_district = DistrictFactory(parent=tree.tuyen_quang, valid_until=datetime.date(2025, 6, 30))
    old_commune = CommuneFactory(parent=old_district, valid_until=datetime.date(2025, 6, 30))
    approved(venue=VenueFactory(org_unit=old_commune), date=datetime.date(2025, 2, 3), cohort="x")
    zone = VenueFactory(org_unit=tree.lam_binh, kind=VenueKind.INDUSTRIAL_ZONE)
    BaselineFactory(venue=zone, year=2024, total=1000)
    approved(venue=zone, audience="iz_workers", cohort="ca 1", participants=300, date=MARCH)
    bar = VenueFactory(
        org_unit=tree.thuong_lam, kind=VenueKind.ESTABLISHMENT, establishment_type="karaoke"
    )
    VenueFactory(
        org_unit=tree.lam_binh, kind=VenueKind.ESTABLISHMENT, establishment_type="bar_club"
    )
    BaselineFactory(venue=bar, year=2025, total=12)
    approved(venue=bar, form="inspection", audience="establishment_workers", cohort="", date=MAY)
    approved(venue=bar, audience="establishment_workers", cohort="", participants=10, date=MAY)
    common = {"venue": None, "form": "training", "audience": "cadres", "date": MARCH}
    approved(
        org_unit=tree.thuong_lam, cohort="Lớp 1", participants=20, trainees_commune=20, **common
    )
    approved(
        org_unit=tree.thuong_lam,
        cohort="lớp 1",
        participants=25,
        trainees_commune=18,
        trainees_province=5,
        **common,
    )
    approved(org_unit=tree.lam_binh, cohort="", participants=10, trainees_commune=10, **common)
    UnitYear.objects.create(org_unit=tree.tuyen_quang, year=2025, cadres=30)
    UnitYear.objects.create(org_unit=tree.thuong_lam, year=2025, has_yearly_plan=True, cadres=12)
    UnitYear.objects.create(
        org_unit=tree.lam_binh, year=2025, has_yearly_plan=True, integrated=True, cadres=8
    )
    for day, fields in (
        (datetime.date(2025, 1, 5), {}),
        (datetime.date(2025, 2, 5), {"level": "local"}),
        (datetime.date(2025, 4, 5), {"org_unit": tree.country, "level": "central"}),
        (datetime.date(2025, 5, 5), {"org_unit": tree.lao_cai}),
    ):
        values = {"channel": "newspaper", "level": "provincial", "org_unit": tree.tuyen_quang}
        MediaItem.objects.create(
            published_on=day, title="Tin", outlet="Báo", **{**values, **fields}
        )
    return old_commune


@pytest.mark.parametrize("code", [indicator.code for indicator in INDICATORS])
@pytest.mark.parametrize("period", ["2025-H1", "2025-Q1", "2025"])
def test_the_trace_of_each_indicator_adds_up_to_the_engines_figure(tree, everything, code, period):
    parsed = parse_period(period)
    for unit in (tree.tuyen_quang, tree.thuong_lam):
        figure = trace.trace_for(code, unit, parsed).figure()
        expected = engine_figure(code, unit, parsed, root=tree.tuyen_quang)
        assert (figure.numerator, figure.denominator, figure.value) == (
            expected.numerator,
            expected.denominator,
            expected.value,
        ), unit.name


def test_the_communes_trace_lists_which_communes_had_a_session_and_which_did_not(tree, case):
    approved(venue=VenueFactory(org_unit=tree.sa_pa), date=MARCH)
    communes = trace.trace_for("communes", tree.lao_cai, H1).listing("all", 1).object_list
    assert {c.name: c.approved for c in communes} == {"Phường Sa Pa": 1, "Xã Bắc Hà": 0}
    silent = trace.trace_for("communes", tree.lao_cai, H1).listing("silent", 1).object_list
    assert [c.name for c in silent] == ["Xã Bắc Hà"]


def test_a_session_logged_against_a_commune_out_of_force_is_left_out_with_the_reason(
    tree, everything
):
    late = approved(
        venue=VenueFactory(org_unit=everything), date=datetime.date(2025, 7, 5), cohort="late"
    )
    h2 = trace.trace_for("communes", tree.tuyen_quang, parse_period("2025-H2"))
    page = h2.left_out_page(trace.OUT_OF_FORCE, 1)
    assert [session.pk for session in page.object_list] == [late.pk]
    assert (
        h2.figure().numerator
        == engine_figure("communes", tree.tuyen_quang, parse_period("2025-H2")).numerator
    )


def test_the_press_trace_gives_each_month_its_items(tree, everything):
    months = trace.trace_for("press", tree.tuyen_quang, H1).months()
    assert [m["items"] for m in months] == [1, 0, 0, 1, 0, 0]


def test_the_press_trace_leaves_out_local_items_with_the_reason(tree, everything):
    left_out = trace.trace_for("press", tree.tuyen_quang, H1).left_out_page(trace.NOT_PRESS, 1)
    assert [item.published_on.month for item in left_out.object_list] == [2]


def test_the_training_trace_counts_the_largest_session_of_each_cohort(tree, everything):
    sessions = trace.trace_for("training", tree.tuyen_quang, H1).listing("counted", 1)
    assert sorted(s.participants for s in sessions.object_list) == [10, 25]


def test_the_plans_trace_lists_the_lower_units_without_a_yearly_plan(tree, case):
    UnitYear.objects.create(org_unit=tree.thuong_lam, year=2025, has_yearly_plan=True)
    missing = trace.trace_for("plans", tree.tuyen_quang, H1).listing("no", 1).object_list
    assert [child.name for child in missing] == ["Xã Lâm Bình"]


def test_each_indicator_has_a_drill_down_page(client, officer, tree, everything):
    for indicator in INDICATORS:
        response = client.get(drill_down(indicator.code, tree.tuyen_quang))
        assert response.status_code == 200, indicator.code


def test_the_drill_down_page_reads_within_a_bounded_number_of_queries(
    client, officer, tree, case, django_assert_max_num_queries
):
    client.get(drill_down("students", tree.tuyen_quang))
    with django_assert_max_num_queries(30):
        client.get(drill_down("students", tree.tuyen_quang))


def test_the_capped_reason_links_to_the_capped_venues(client, officer, tree, case):
    html = client.get(drill_down("students", tree.tuyen_quang)).text
    assert f"?unit={tree.tuyen_quang.pk}&amp;period=2025-H1&amp;filter=capped" in html


def test_the_plans_trace_links_a_yearly_plan_file_through_the_app(
    client, officer, tree, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    fact = UnitYear.objects.create(org_unit=tree.thuong_lam, year=2025, has_yearly_plan=True)
    fact.plan_document.save("plan.pdf", ContentFile(b"%PDF-1.4"))
    html = client.get(drill_down("plans", tree.tuyen_quang)).text
    assert f'href="/admin/indicators/unit-plans/{fact.pk}/"' in html
