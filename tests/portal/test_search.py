import pytest

pytestmark = pytest.mark.django_db


def test_search_finds_pages_of_the_current_language_only(client, demo_site):
    response = client.get("/vi/search/", {"q": "mại dâm"})
    assert response.status_code == 200
    assert 'href="/vi/"' in response.text
    assert 'href="/hmn/"' not in response.text.split("<main")[1]


def test_search_in_hmong_lists_the_hmong_page(client, demo_site):
    main = client.get("/hmn/search/", {"q": "mại dâm"}).text.split("<main")[1]
    assert 'href="/hmn/"' in main
    assert 'href="/vi/"' not in main


def test_empty_search_shows_a_prompt(client, demo_site):
    response = client.get("/vi/search/")
    assert "Nhập từ khoá" in response.text


def test_home_page_query_count_is_bounded(client, demo_site, django_assert_max_num_queries):
    client.get("/vi/")  # warm Wagtail's site and locale caches
    with django_assert_max_num_queries(12):
        assert client.get("/vi/").status_code == 200
