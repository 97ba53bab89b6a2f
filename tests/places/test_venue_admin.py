import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from places.models import PopulationBaseline, Role, Venue, VenueKind
from tests.admin_answers import refused
from tests.events.factories import BaselineFactory, VenueFactory

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def url(name, *args):
    return reverse(name, args=args)


@pytest.fixture
def registry(tree):
    school_a = VenueFactory(code="THPT-LB", name="Trường THPT Lâm Bình", org_unit=tree.thuong_lam)
    karaoke_a = VenueFactory(
        code="KAR-01",
        name="Karaoke Hoa Sen",
        kind=VenueKind.ESTABLISHMENT,
        establishment_type="karaoke",
        org_unit=tree.lam_binh,
    )
    school_b = VenueFactory(code="THPT-SP", name="Trường THPT Sa Pa", org_unit=tree.sa_pa)
    BaselineFactory(venue=school_a, year=2024, total=580)
    BaselineFactory(venue=school_a, year=2025, total=600)
    BaselineFactory(venue=school_b, year=2025, total=900)
    return school_a, karaoke_a, school_b


@pytest.fixture
def officer(tree, member, client):
    """A communication officer of Tuyên Quang, logged in."""
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tq")
    client.force_login(user, backend=MODEL_BACKEND)
    return user


def test_the_venue_listing_shows_the_users_province_only(client, officer, registry):
    html = client.get(url("wagtailsnippets_places_venue:list")).text
    assert "Trường THPT Lâm Bình" in html
    assert "Karaoke Hoa Sen" in html
    assert "Trường THPT Sa Pa" not in html


def test_the_venue_listing_finds_a_name_typed_without_diacritics(client, officer, registry):
    response = client.get(url("wagtailsnippets_places_venue:list_results"), {"q": "lam binh"})
    assert "Trường THPT Lâm Bình" in response.text
    assert "Karaoke Hoa Sen" not in response.text


def test_the_venue_listing_filters_by_kind_and_by_commune(client, officer, registry, tree):
    list_url = url("wagtailsnippets_places_venue:list_results")
    by_kind = client.get(list_url, {"kind": "establishment"}).text
    assert "Karaoke Hoa Sen" in by_kind
    assert "Trường THPT Lâm Bình" not in by_kind
    by_commune = client.get(list_url, {"org_unit": tree.thuong_lam.pk}).text
    assert "Trường THPT Lâm Bình" in by_commune
    assert "Karaoke Hoa Sen" not in by_commune


def test_the_commune_filter_offers_only_communes_of_the_users_province(client, officer, registry):
    html = client.get(url("wagtailsnippets_places_venue:list")).text
    assert "Xã Thượng Lâm" in html
    assert "Phường Sa Pa" not in html


def test_a_venue_of_another_province_cannot_be_seen_or_changed(client, officer, registry):
    school_b = registry[2]
    assert refused(client.get(url("wagtailsnippets_places_venue:edit", school_b.pk)))
    assert refused(client.get(url("wagtailsnippets_places_venue:inspect", school_b.pk)))
    assert refused(
        client.post(url("wagtailsnippets_places_venue:edit", school_b.pk), {"name": "Đổi tên"})
    )
    assert Venue.objects.get(pk=school_b.pk).name == "Trường THPT Sa Pa"


def test_a_venue_shows_its_baselines_by_year(client, officer, registry):
    school_a = registry[0]
    html = client.get(url("wagtailsnippets_places_venue:inspect", school_a.pk)).text
    assert "Số người theo năm" in html
    assert html.index(">2025<") < html.index(">2024<")
    edit = client.get(url("wagtailsnippets_places_venue:edit", school_a.pk)).text
    assert "580" in edit and "600" in edit


def venue_data(tree, **changes):
    data = {
        "code": "THCS-TL",
        "name": "Trường THCS Thượng Lâm",
        "kind": "lower_secondary",
        "establishment_type": "",
        "org_unit": tree.thuong_lam.pk,
        "address": "",
        "latitude": "",
        "longitude": "",
    }
    return {**data, **changes}


def test_an_officer_adds_a_venue_in_their_province(client, officer, tree):
    response = client.post(url("wagtailsnippets_places_venue:add"), venue_data(tree))
    assert response.status_code == 302
    venue = Venue.objects.get(code="THCS-TL")
    assert venue.search_name == "truong thcs thuong lam"


def test_an_officer_cannot_place_a_venue_in_another_province(client, officer, tree):
    response = client.post(
        url("wagtailsnippets_places_venue:add"), venue_data(tree, org_unit=tree.sa_pa.pk)
    )
    assert response.status_code == 200
    assert "ngoài phạm vi quản lý của bạn" in response.text
    assert not Venue.objects.exists()


def test_only_an_establishment_has_an_establishment_type(client, officer, tree):
    response = client.post(
        url("wagtailsnippets_places_venue:add"), venue_data(tree, establishment_type="karaoke")
    )
    assert "Chỉ cơ sở kinh doanh dịch vụ mới có loại cơ sở." in response.text
    assert not Venue.objects.exists()


def test_the_venue_chooser_lists_the_users_province_only(client, officer, registry):
    html = client.get(url("wagtailsnippetchoosers_places_venue:choose")).json()["html"]
    assert "Trường THPT Lâm Bình" in html
    assert "Trường THPT Sa Pa" not in html
    found = client.get(url("wagtailsnippetchoosers_places_venue:choose_results"), {"q": "hoa sen"})
    assert "Karaoke Hoa Sen" in found.text
    assert "Trường THPT Lâm Bình" not in found.text


def test_the_baseline_listing_shows_the_users_province_only(client, officer, registry):
    html = client.get(url("wagtailsnippets_places_populationbaseline:list")).text
    assert "Trường THPT Lâm Bình" in html
    assert "Trường THPT Sa Pa" not in html


def test_a_baseline_of_another_province_cannot_be_edited(client, officer, registry):
    other = PopulationBaseline.objects.get(venue=registry[2])
    assert refused(client.get(url("wagtailsnippets_places_populationbaseline:edit", other.pk)))


def baseline_data(venue, **changes):
    data = {
        "venue": venue.pk,
        "year": 2026,
        "as_of": "",
        "total": 620,
        "female": 300,
        "ethnic_minority": "",
        "source": "Sở GD&ĐT",
    }
    return {**data, **changes}


def test_an_officer_adds_a_years_figure(client, officer, registry):
    response = client.post(
        url("wagtailsnippets_places_populationbaseline:add"), baseline_data(registry[0])
    )
    assert response.status_code == 302
    assert registry[0].baseline_for(2026).total == 620


def test_a_figure_with_more_women_than_people_or_a_second_one_for_a_year_is_refused(
    client, officer, registry
):
    add_url = url("wagtailsnippets_places_populationbaseline:add")
    too_many = client.post(add_url, baseline_data(registry[0], female=700))
    assert "Không được lớn hơn tổng số." in too_many.text
    twice = client.post(add_url, baseline_data(registry[0], year=2025))
    assert "Địa điểm này đã có số người năm 2025." in twice.text
    assert registry[0].baselines.count() == 2


def test_a_figure_cannot_be_added_to_a_venue_of_another_province(client, officer, registry):
    response = client.post(
        url("wagtailsnippets_places_populationbaseline:add"), baseline_data(registry[2])
    )
    assert response.status_code == 200
    assert registry[2].baselines.count() == 1


def test_a_reviewer_can_read_the_registry_but_not_change_it(client, member, tree, registry):
    reviewer = member(tree.tuyen_quang, Role.REVIEWER, username="duyet_tq")
    client.force_login(reviewer, backend=MODEL_BACKEND)
    assert "Trường THPT Lâm Bình" in client.get(url("wagtailsnippets_places_venue:list")).text
    assert refused(client.get(url("wagtailsnippets_places_venue:edit", registry[0].pk)))
    assert refused(client.get(url("wagtailsnippets_places_venue:add")))


def test_the_venue_listing_makes_as_many_queries_for_many_venues_as_for_few(
    client, officer, registry, tree
):
    list_url = url("wagtailsnippets_places_venue:list")
    client.get(list_url)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(list_url)
    for _ in range(10):
        VenueFactory(org_unit=tree.lam_binh)
    with CaptureQueriesContext(connection) as many:
        client.get(list_url)
    assert len(many) == len(few)


def test_the_baseline_listing_makes_as_many_queries_for_many_figures_as_for_few(
    client, officer, registry, tree
):
    list_url = url("wagtailsnippets_places_populationbaseline:list")
    client.get(list_url)
    with CaptureQueriesContext(connection) as few:
        client.get(list_url)
    for year in range(2010, 2020):
        BaselineFactory(venue=registry[1], year=year)
    with CaptureQueriesContext(connection) as many:
        client.get(list_url)
    assert len(many) == len(few)
