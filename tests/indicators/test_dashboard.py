"""The indicator dashboard in the Wagtail admin: figures against targets, rules, scope, queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Status
from indicators.definitions import INDICATORS
from indicators.models import IndicatorResult, Plan, Target, UnitYear
from places.models import Role
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory
from tests.places.factories import CommuneFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/indicators/"
MARCH = datetime.date(2025, 3, 14)


def dashboard(unit=None, period="2025-H1", **extra):
    query = {"period": period, **extra}
    if unit is not None:
        query["unit"] = unit.pk
    return DASHBOARD + "?" + "&".join(f"{key}={value}" for key, value in query.items())


@pytest.fixture
def national_plan(tree):
    plan = Plan.objects.create(
        name="Kế hoạch tổng thể",
        document_number="808/QĐ-LĐTBXH",
        level="country",
        org_unit=tree.country,
        first_year=2021,
        last_year=2025,
    )
    Target.objects.create(plan=plan, indicator="students", value=70, wording="≥ 70%")
    Target.objects.create(plan=plan, indicator="communes", value=50, wording="≥ 50%")
    return plan


@pytest.fixture
def officer(tree, member, client):
    """A communication officer of Tuyên Quang, logged in."""
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tq")
    client.force_login(user)
    return user


@pytest.fixture
def students_64(tree):
    """Tuyên Quang's students: 64 of 100 reached, in Thượng Lâm; Lâm Bình logged nothing."""
    school = VenueFactory(org_unit=tree.thuong_lam, name="Trường THPT Thượng Lâm")
    BaselineFactory(venue=school, year=2025, total=100)
    SessionFactory(venue=school, cohort="10A1", participants=64, status=Status.APPROVED, date=MARCH)
    return school


def card(html, code):
    """The text of one indicator's card, tags removed."""
    match = re.search(
        rf'<article class="ind-card[^"]*" aria-labelledby="card-{code}-name">(.*?)</article>',
        html,
        re.S,
    )
    assert match, f"no card for {code}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match[1]))


def test_the_dashboard_is_in_the_admin_menu_of_an_officer(client, officer):
    assert '"url": "/admin/indicators/"' in client.get("/admin/").text


def test_a_card_shows_value_target_and_met_in_words(client, officer, national_plan, students_64):
    text = card(client.get(dashboard()).text, "students")
    assert "64,0%" in text
    assert "Chưa đạt" in text
    assert "70,0%" in text
    assert "64 / 100 người" in text


def test_a_card_says_met_when_the_value_reaches_the_target(
    client, officer, national_plan, students_64
):
    Target.objects.filter(indicator="students").update(value=60)
    assert "Đạt" in card(client.get(dashboard()).text, "students").replace("Chưa đạt", "")


def test_a_card_without_a_target_says_so(client, officer, national_plan, students_64):
    assert "Chưa có chỉ tiêu" in card(client.get(dashboard()).text, "press")


def test_a_card_without_a_denominator_says_no_data_not_zero(client, officer, national_plan):
    text = card(client.get(dashboard()).text, "iz_workers")
    assert "Không có dữ liệu" in text
    assert "0,0%" not in text


def test_a_unit_without_a_plan_is_shown_without_targets_and_says_so(client, officer, students_64):
    html = client.get(dashboard()).text
    assert "Không có kế hoạch nào áp dụng cho đơn vị và kỳ này" in html


def test_every_card_states_its_numerator_denominator_period_and_deduplication(
    client, officer, national_plan
):
    html = client.get(dashboard()).text
    for indicator in INDICATORS:
        text = card(html, indicator.code)
        for rule in (indicator.numerator, indicator.denominator, indicator.period):
            assert re.sub(r"\s+", " ", str(rule)) in text
        assert re.sub(r"\s+", " ", str(indicator.deduplication)) in text


def test_the_value_links_to_the_records_behind_it(client, officer, tree, national_plan):
    html = client.get(dashboard()).text
    assert (
        f'href="/admin/indicators/students/?unit={tree.tuyen_quang.pk}&amp;period=2025-H1"' in html
    )


def test_the_dashboard_defaults_to_the_users_home_unit(client, officer):
    response = client.get(DASHBOARD)
    assert response.context["unit"] == officer.membership.home_unit


def test_the_dashboard_defaults_to_the_current_six_months(client, officer):
    today = datetime.date.today()
    expected = f"{today.year}-H{1 if today.month <= 6 else 2}"
    assert client.get(DASHBOARD).context["period"].code == expected


def test_a_bad_period_is_refused_with_the_accepted_forms(client, officer):
    html = client.get(dashboard(period="2025-H3")).text
    assert "2025-03, 2025-Q2, 2025-H1, 2025-M9, 2025, 2021-2025" in html


def test_an_officer_cannot_open_another_provinces_dashboard(client, officer, tree):
    assert client.get(dashboard(tree.lao_cai)).status_code == 404


def test_an_officer_cannot_open_a_commune_of_another_province(client, officer, tree):
    assert client.get(dashboard(tree.sa_pa)).status_code == 404


def test_an_officer_can_open_a_commune_of_their_province(client, officer, tree):
    assert client.get(dashboard(tree.thuong_lam)).status_code == 200


def test_the_unit_picker_lists_only_the_users_subtree(client, officer, tree):
    html = client.get(dashboard()).text
    picker = re.search(r'<select id="ind-unit" name="unit">(.*?)</select>', html, re.S)[1]
    assert "Xã Thượng Lâm" in picker and "Xã Lâm Bình" in picker
    assert "Tỉnh Lào Cai" not in picker and "Phường Sa Pa" not in picker
    assert "Việt Nam" not in picker


def test_a_user_without_a_home_unit_gets_no_dashboard(client, roles):
    from tests.places.factories import UserFactory

    user = UserFactory()
    user.groups.add(roles[Role.REVIEWER])
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code in {302, 403}


def test_the_child_table_lists_each_child_with_its_value_and_status_in_words(
    client, officer, national_plan, students_64
):
    rows = client.get(dashboard()).context["rows"]
    by_name = {row.unit.name: row.by_code for row in rows}
    assert by_name["Xã Thượng Lâm"]["students"].value_text == "64,0%"
    assert by_name["Xã Lâm Bình"]["communes"].status_label == "Chưa đạt"
    assert by_name["Xã Thượng Lâm"]["communes"].status_label == "Đạt"


def test_the_child_table_puts_the_lagging_child_first(client, officer, national_plan, students_64):
    rows = client.get(dashboard()).context["rows"]
    assert [row.unit.name for row in rows] == ["Xã Lâm Bình", "Xã Thượng Lâm"]


def test_the_child_table_sorts_by_an_indicator_on_the_server(
    client, officer, tree, national_plan, students_64
):
    other = VenueFactory(org_unit=tree.lam_binh)
    BaselineFactory(venue=other, year=2025, total=100)
    SessionFactory(venue=other, participants=90, status=Status.APPROVED, date=MARCH)
    rows = client.get(dashboard(sort="-students")).context["rows"]
    assert [row.unit.name for row in rows] == ["Xã Lâm Bình", "Xã Thượng Lâm"]
    rows = client.get(dashboard(sort="students")).context["rows"]
    assert [row.unit.name for row in rows] == ["Xã Thượng Lâm", "Xã Lâm Bình"]


def test_the_child_table_marks_the_sorted_column_for_screen_readers(client, officer):
    html = client.get(dashboard(sort="-students")).text
    assert 'aria-sort="descending"' in html


def test_a_child_row_drills_down_to_that_childs_dashboard(client, officer, tree):
    html = client.get(dashboard()).text
    assert f'href="/admin/indicators/?unit={tree.thuong_lam.pk}&amp;period=2025-H1"' in html


def test_a_child_abolished_before_the_period_is_not_in_the_table(client, officer, tree):
    CommuneFactory(
        parent=tree.tuyen_quang, name="Xã Đã Giải Thể", valid_until=datetime.date(2024, 12, 31)
    )
    rows = client.get(dashboard()).context["rows"]
    assert "Xã Đã Giải Thể" not in [row.unit.name for row in rows]


def test_the_child_table_measures_a_child_against_its_own_plan(
    client, officer, tree, national_plan, students_64
):
    own = Plan.objects.create(
        name="Kế hoạch xã",
        level="commune",
        org_unit=tree.thuong_lam,
        first_year=2025,
        last_year=2025,
    )
    Target.objects.create(plan=own, indicator="students", value=90)
    rows = client.get(dashboard()).context["rows"]
    targets = {row.unit.name: row.by_code["students"].target for row in rows}
    assert targets == {"Xã Thượng Lâm": 90, "Xã Lâm Bình": 70}


def test_the_gap_panel_lists_venues_without_a_population_figure(client, officer, tree):
    VenueFactory(org_unit=tree.lam_binh, name="Trường THPT Chưa Có Số Liệu")
    gaps = client.get(dashboard()).context["gaps"]
    assert [venue.name for venue in gaps.venues_without_baseline] == ["Trường THPT Chưa Có Số Liệu"]


def test_the_gap_panel_lists_communes_that_logged_nothing(client, officer, students_64):
    gaps = client.get(dashboard()).context["gaps"]
    assert [commune.name for commune in gaps.silent_communes] == ["Xã Lâm Bình"]


def test_the_gap_panel_says_when_a_silent_commune_has_records_waiting_for_review(
    client, officer, tree
):
    SessionFactory(venue=VenueFactory(org_unit=tree.lam_binh), status=Status.SUBMITTED, date=MARCH)
    html = client.get(dashboard()).text
    assert "có bản ghi đang chờ duyệt" in html


def test_the_gap_panel_lists_children_without_a_yearly_plan(client, officer, tree):
    UnitYear.objects.create(org_unit=tree.thuong_lam, year=2025, has_yearly_plan=True)
    gaps = client.get(dashboard()).context["gaps"]
    assert [child.name for child in gaps.children_without_plan] == ["Xã Lâm Bình"]


def test_the_trend_has_a_point_per_month_of_the_period(client, officer, students_64):
    cards = client.get(dashboard()).context["cards"]
    students = next(card for card in cards if card.code == "students")
    assert [point.code for point in students.points] == [f"2025-0{m}" for m in range(1, 7)]
    assert [point.value for point in students.points][2] == 64


def test_the_trend_chart_has_a_data_table_beside_it(client, officer, students_64):
    text = card(client.get(dashboard()).text, "students")
    assert "Bảng số liệu theo thời gian" in text
    assert "03/2025 64,0%" in text


def test_the_dashboard_reads_stored_results_on_a_second_visit(client, officer, students_64):
    client.get(dashboard())
    computed = dict(IndicatorResult.objects.values_list("pk", "computed_at"))
    client.get(dashboard())
    assert dict(IndicatorResult.objects.values_list("pk", "computed_at")) == computed


def test_the_dashboard_recomputes_a_stale_result(client, officer, students_64, tree):
    client.get(dashboard())
    IndicatorResult.objects.filter(org_unit=tree.tuyen_quang, period="2025-H1").update(stale=True)
    client.get(dashboard())
    assert not IndicatorResult.objects.filter(stale=True, period="2025-H1").exists()


def test_the_dashboard_reads_within_a_bounded_number_of_queries(
    client, officer, national_plan, students_64, django_assert_max_num_queries
):
    client.get(dashboard())  # computes and stores what is missing
    with django_assert_max_num_queries(40):
        assert client.get(dashboard()).status_code == 200


def test_the_dashboard_makes_as_many_queries_for_many_children_as_for_few(
    client, officer, tree, national_plan
):
    client.get(dashboard())
    with CaptureQueriesContext(connection) as few:
        client.get(dashboard())
    for _ in range(15):
        CommuneFactory(parent=tree.tuyen_quang)
    client.get(dashboard())  # the new communes' results are computed once
    with CaptureQueriesContext(connection) as many:
        client.get(dashboard())
    assert len(many) == len(few)


def test_the_reporting_status_block_is_there_for_the_reports(client, officer):
    templates = [t.name for t in client.get(dashboard()).templates]
    assert "indicators/dashboard/_reporting_status.html" in templates


def test_the_trend_stores_the_units_own_monthly_results_not_its_childrens(
    client, officer, tree, students_64
):
    client.get(dashboard())
    months = IndicatorResult.objects.filter(period="2025-03")
    assert set(months.values_list("org_unit", flat=True)) == {tree.tuyen_quang.pk}


# --- the first view of the country (issue 10, item 14; timings in bench/) ------------------


@pytest.fixture
def country_admin(client, tree):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "quantri@example.org", "x")
    client.force_login(admin)
    return admin


def first_view_queries(client, path):
    IndicatorResult.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_first_view_of_the_country_stores_only_the_country_and_its_provinces(
    client, tree, country_admin
):
    client.get(dashboard(tree.country))
    stored = set(
        IndicatorResult.objects.filter(period="2025-H1").values_list("org_unit", flat=True)
    )
    assert stored == {tree.country.pk, tree.tuyen_quang.pk, tree.lao_cai.pk}


def test_the_first_view_of_the_country_makes_as_many_queries_for_many_communes_as_for_few(
    client, tree, country_admin
):
    few = first_view_queries(client, dashboard(tree.country))
    for _ in range(12):
        CommuneFactory(parent=tree.lao_cai)
    assert first_view_queries(client, dashboard(tree.country)) == few


def test_the_first_public_view_of_the_country_makes_as_many_queries_for_many_communes(client, tree):
    from django.core.cache import cache

    cache.clear()
    few = first_view_queries(client, "/vi/chi-tieu/VN/2025-H1/")
    for _ in range(12):
        CommuneFactory(parent=tree.tuyen_quang)
    cache.clear()
    # Not more (the menu, kept in the process until the next publish, may cost fewer).
    assert first_view_queries(client, "/vi/chi-tieu/VN/2025-H1/") <= few


def test_the_first_view_of_the_country_stays_within_a_bounded_number_of_queries(
    client, tree, country_admin, django_assert_max_num_queries
):
    # 17 indicators, each read once per period
    with django_assert_max_num_queries(170):
        assert client.get(dashboard(tree.country)).status_code == 200
