"""The public aggregate page: no login, no personal data, cached, strict CSP."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Status
from indicators.definitions import INDICATORS
from indicators.models import IndicatorResult, Plan, Target
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory
from tests.places.factories import CommuneFactory, UserFactory

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 14)
PAGE = "/vi/chi-tieu/08/2025-H1/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def logged(tree):
    """A session logged by a named volunteer, for a named cohort, in Thượng Lâm."""
    author = UserFactory(username="tnv_nguyenvana", first_name="Văn A", last_name="Nguyễn")
    school = VenueFactory(org_unit=tree.thuong_lam, name="Trường THPT Thượng Lâm")
    BaselineFactory(venue=school, year=2025, total=100)
    return SessionFactory(
        venue=school,
        cohort="Lớp 10A1 cô Hạnh",
        participants=64,
        status=Status.APPROVED,
        date=MARCH,
        created_by=author,
        note="Ghi chú riêng của tình nguyện viên",
    )


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
    Target.objects.create(plan=plan, indicator="students", value=70)
    return plan


def test_the_public_page_opens_without_login(client, tree, logged):
    assert client.get(PAGE).status_code == 200


def test_the_public_page_shows_the_value_against_the_target_in_words(
    client, tree, logged, national_plan
):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(PAGE).text))
    assert "64,0%" in text
    assert "Chưa đạt" in text
    assert "64 / 100 người" in text


def test_the_public_page_shows_no_personal_data(client, tree, logged):
    html = client.get(PAGE).text
    for private in ("tnv_nguyenvana", "Nguyễn", "Lớp 10A1 cô Hạnh", "Ghi chú riêng"):
        assert private not in html


def test_the_public_page_names_no_venue(client, tree, logged):
    assert "Trường THPT Thượng Lâm" not in client.get(PAGE).text


def test_the_public_page_shows_no_photo(client, tree, logged):
    assert "<img" not in re.sub(r"<link[^>]*>", "", client.get(PAGE).text).split("<main", 1)[1]


def test_the_public_page_states_the_rule_of_every_indicator(client, tree, logged):
    from indicators.definitions import INDICATORS

    html = client.get(PAGE).text
    for indicator in INDICATORS:
        assert str(indicator.deduplication).split(".")[0] in html


def test_the_public_page_lists_the_children_with_links_to_their_pages(client, tree, logged):
    html = client.get(PAGE).text
    assert 'href="/vi/chi-tieu/02269/2025-H1/"' in html
    assert "Phường Sa Pa" not in html


def test_a_historical_child_links_to_its_own_page(client, tree):
    old = CommuneFactory(
        parent=tree.tuyen_quang, code="02270", valid_until=datetime.date(2025, 6, 30)
    )
    html = client.get(PAGE).text
    assert f'href="/vi/chi-tieu/{old.code}/2025-H1/?den=2025-06-30"' in html
    assert client.get(f"/vi/chi-tieu/{old.code}/2025-H1/?den=2025-06-30").status_code == 200


def test_the_public_page_has_no_inline_style_or_script(client, tree, logged):
    html = client.get(PAGE).text
    assert "style=" not in html
    assert "<style" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None


def test_the_public_page_draws_its_charts_as_svg(client, tree, logged):
    html = client.get(PAGE).text
    assert html.count('<svg class="ind-chart"') == len(INDICATORS)


def test_the_public_page_is_served_from_the_cache_for_a_few_minutes(client, tree, logged):
    client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    tables = ("indicators_", "places_", "events_", "campaigns_")
    assert not [q["sql"] for q in queries if any(t in q["sql"] for t in tables)]


def test_the_public_page_reads_stored_results(client, tree, logged):
    client.get(PAGE)
    cache.clear()
    computed = dict(IndicatorResult.objects.values_list("pk", "computed_at"))
    client.get(PAGE)
    assert dict(IndicatorResult.objects.values_list("pk", "computed_at")) == computed


def test_an_unknown_unit_has_no_public_page(client, tree):
    assert client.get("/vi/chi-tieu/99/2025-H1/").status_code == 404


def test_a_bad_period_has_no_public_page(client, tree):
    assert client.get("/vi/chi-tieu/08/2025-H7/").status_code == 404


def test_a_future_period_has_no_public_page(client, tree):
    next_year = datetime.date.today().year + 1
    assert client.get(f"/vi/chi-tieu/08/{next_year}/").status_code == 404


def test_a_unit_without_a_period_goes_to_the_current_six_months(client, tree):
    today = datetime.date.today()
    expected = f"/vi/chi-tieu/08/{today.year}-H{1 if today.month <= 6 else 2}/"
    response = client.get("/vi/chi-tieu/08/")
    assert (response.status_code, response.url) == (302, expected)


def test_the_public_index_lists_the_provinces(client, tree):
    html = client.get("/vi/chi-tieu/").text
    assert "Tỉnh Tuyên Quang" in html and "Tỉnh Lào Cai" in html


def test_the_public_page_is_under_every_language_prefix(client, tree, logged):
    assert client.get("/hmn/chi-tieu/08/2025-H1/").status_code == 200
