import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from django.utils.cache import add_never_cache_headers

from portal import page_cache
from portal.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_a_second_anonymous_visit_is_served_from_cache_with_no_query(
    client, demo_site, django_assert_max_num_queries
):
    first = client.get("/vi/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        second = client.get("/vi/")
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert demo_site.title in second.content.decode()
    assert second["Content-Language"] == "vi"


def test_a_hit_is_the_same_bytes_as_the_stored_page_with_no_nonce(client, demo_site):
    first = client.get("/vi/")
    hit = client.get("/vi/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == first.content
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "nonce" not in hit["Content-Security-Policy"] and "nonce=" not in hit.text


def test_a_public_page_lets_a_proxy_keep_it_and_a_browser_revalidate_it(client, demo_site):
    first = client.get("/vi/")
    control = {part.strip() for part in first["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=600"} <= control
    assert first["ETag"]
    for response in (first, client.get("/vi/")):
        again = client.get("/vi/", HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304 and again.content == b""


def test_a_published_change_gives_the_page_a_new_etag(client, demo_site):
    before = client.get("/vi/")["ETag"]
    demo_site.title = "Tháng hành động phòng, chống mại dâm"
    demo_site.save_revision().publish()
    changed = client.get("/vi/", HTTP_IF_NONE_MATCH=before)
    assert changed.status_code == 200 and changed["ETag"] != before


def test_the_site_search_is_stored_per_query_for_a_minute(
    client, demo_site, django_assert_max_num_queries
):
    first = client.get("/vi/search/?q=mại dâm")
    assert first["X-Page-Cache"] == "miss" and "s-maxage=60" in first["Cache-Control"]
    with django_assert_max_num_queries(0):
        assert client.get("/vi/search/?q=mại dâm")["X-Page-Cache"] == "hit"
    assert client.get("/vi/search/?q=mua bán người")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("path", ["/api/v1/materials", "/api/v1/contests"])
def test_the_public_api_lists_are_stored_and_answer_conditional_requests(
    client, demo_site, path, django_assert_max_num_queries
):
    first = client.get(path)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"]
    with django_assert_max_num_queries(0):
        hit = client.get(path)
    assert hit["X-Page-Cache"] == "hit" and hit.content == first.content
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_publish_empties_the_stored_api_lists_too(client, demo_site):
    client.get("/api/v1/materials")
    demo_site.save_revision().publish()
    assert client.get("/api/v1/materials")["X-Page-Cache"] == "miss"


def test_publishing_purges_the_cache(client, demo_site):
    client.get("/vi/")
    demo_site.title = "Tháng hành động phòng, chống mại dâm"
    demo_site.save_revision().publish()
    response = client.get("/vi/")
    assert "Tháng hành động phòng, chống mại dâm" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_a_draft_leaves_the_cached_page_as_the_public_sees_it(client, demo_site):
    client.get("/vi/")
    demo_site.title = "Bản nháp chưa đăng"
    demo_site.save_revision()
    response = client.get("/vi/")
    assert response["X-Page-Cache"] == "hit"
    assert "Bản nháp chưa đăng" not in response.content.decode()


# Only the H'Mông home page (not the Vietnamese one served in its place) carries this line.
HMONG_SAMPLE = 'class="more-in-vietnamese"'


def test_unpublishing_purges_the_cache(client, demo_site):
    assert HMONG_SAMPLE in client.get("/hmn/").content.decode()
    assert client.get("/hmn/")["X-Page-Cache"] == "hit"
    HomePage.objects.get(locale__language_code="hmn").unpublish()
    # Without its H'Mông version, /hmn/ shows the Vietnamese home page.
    assert HMONG_SAMPLE not in client.get("/hmn/").content.decode()


def test_deleting_purges_the_cache(client, demo_site):
    assert HMONG_SAMPLE in client.get("/hmn/").content.decode()
    HomePage.objects.get(locale__language_code="hmn").delete()
    assert HMONG_SAMPLE not in client.get("/hmn/").content.decode()


def test_each_language_prefix_has_its_own_entry(client, demo_site):
    client.get("/vi/")
    response = client.get("/hmn/")
    assert response["X-Page-Cache"] == "miss"
    assert response["Content-Language"] == "hmn"


def test_a_lost_generation_serves_nothing_stale(client, demo_site):
    client.get("/vi/")
    cache.delete(page_cache.GENERATION_KEY)
    assert client.get("/vi/")["X-Page-Cache"] == "miss"


def test_logged_in_users_are_never_served_from_cache(client, demo_site, django_user_model):
    client.get("/vi/")
    client.force_login(django_user_model.objects.create_user("officer", password="x" * 12))
    response = client.get("/vi/")
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.get("/vi/")


def test_a_request_with_a_session_cookie_bypasses_the_cache(client, demo_site):
    client.get("/vi/")
    client.cookies["sessionid"] = "not-a-real-session"
    assert "X-Page-Cache" not in client.get("/vi/")


def test_a_csrf_or_language_cookie_alone_still_hits(client, demo_site):
    client.get("/vi/")
    client.cookies["csrftoken"] = "x" * 32
    client.cookies["lang"] = "hmn"
    assert client.get("/vi/")["X-Page-Cache"] == "hit"


def test_pagination_is_part_of_the_key_and_tracking_parameters_are_ignored(client, demo_site):
    client.get("/vi/")
    assert client.get("/vi/?utm_source=facebook&fbclid=abc")["X-Page-Cache"] == "hit"
    assert client.get("/vi/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/vi/?page=2")["X-Page-Cache"] == "hit"


def test_an_unknown_query_parameter_bypasses_the_cache(client, demo_site):
    client.get("/vi/?preview=1")
    assert "X-Page-Cache" not in client.get("/vi/?preview=1")


def test_head_is_served_from_the_cache_without_a_body(client, demo_site):
    client.get("/vi/")
    response = client.head("/vi/")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""
    assert int(response["Content-Length"]) > 0


def test_a_post_is_never_served_from_cache(client, demo_site):
    client.get("/vi/")
    assert "X-Page-Cache" not in client.post("/vi/")


def test_views_that_are_not_pages_are_not_stored(client, demo_site):
    client.get("/healthz")
    assert "X-Page-Cache" not in client.get("/healthz")
    client.get("/api/v1/sessions")
    assert "X-Page-Cache" not in client.get("/api/v1/sessions")


def test_a_never_cache_page_response_is_not_stored():
    request = RequestFactory().get("/vi/cuoc-thi/bai-thi/")
    request.resolver_match = resolve("/vi/cuoc-thi/bai-thi/")
    response = HttpResponse("<p>bài thi</p>", content_type="text/html; charset=utf-8")
    assert page_cache.storable(request, response)
    add_never_cache_headers(response)
    assert not page_cache.storable(request, response)


def test_a_response_that_sets_a_cookie_is_not_stored():
    request = RequestFactory().get("/vi/")
    request.resolver_match = resolve("/vi/")
    response = HttpResponse("<form></form>", content_type="text/html; charset=utf-8")
    response.set_cookie("csrftoken", "x")
    assert not page_cache.storable(request, response)


def test_restricting_a_page_hides_it_from_the_next_anonymous_visitor(client, demo_site):
    from wagtail.models import PageViewRestriction

    client.get("/hmn/")
    hmong = HomePage.objects.get(locale__language_code="hmn")
    PageViewRestriction.objects.create(page=hmong, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/hmn/").status_code == 302


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=99999",
        "page=abc",
        "campaign=" + "x" * 41,
        "type=<b>",
        "type=a&audience=b&campaign=c&tag=d",
    ],
)
def test_a_query_that_could_multiply_entries_bypasses_the_cache(client, demo_site, query):
    client.get(f"/vi/?{query}")
    assert "X-Page-Cache" not in client.get(f"/vi/?{query}")


def test_a_filtered_listing_has_its_own_entry(client, demo_site):
    client.get("/vi/?type=leaflet&audience=students")
    hit = client.get("/vi/?audience=students&type=leaflet")
    assert hit["X-Page-Cache"] == "hit"
