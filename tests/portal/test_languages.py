import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_root_sends_a_hmong_browser_to_the_hmong_site(client, demo_site):
    response = client.get("/", headers={"accept-language": "hmn,vi;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/hmn/"


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "fr", ""])
def test_root_sends_other_browsers_to_vietnamese(client, demo_site, accept):
    response = client.get("/", headers={"accept-language": accept})
    assert response["Location"] == "/vi/"


@pytest.mark.parametrize("code", ["vi", "hmn", "km"])
def test_every_enabled_language_has_its_home_page_with_its_lang(client, demo_site, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.text


def test_hmong_prefix_is_served_not_redirected_to_vietnamese(client, demo_site):
    # Without a compiled hmn catalog Django would redirect /hmn/ to /vi/hmn/.
    response = client.get("/hmn/")
    assert response.status_code == 200


def test_unknown_language_prefix_is_a_404_in_vietnamese(client, demo_site):
    response = client.get("/fr/", follow=True)
    assert response.status_code == 404
    assert '<html lang="vi">' in response.text
    assert "Không tìm thấy trang" in response.text


def test_ui_string_missing_from_hmong_catalog_renders_in_vietnamese(client, demo_site):
    response = client.get("/hmn/")
    assert "Chuyển đến nội dung chính" in response.text
    assert "Skip to" not in response.text


def test_django_string_missing_from_hmong_catalog_falls_back_to_vietnamese_not_english():
    with translation.override("hmn"):
        message = translation.gettext("This field is required.")
    with translation.override("vi"):
        vietnamese = translation.gettext("This field is required.")
    assert message == vietnamese
    assert message != "This field is required."


def test_language_switcher_names_languages_in_their_own_language(client, demo_site):
    html = client.get("/vi/").text
    assert 'hreflang="hmn" lang="hmn">Hmoob</a>' in html
    assert 'hreflang="km" lang="km">ខ្មែរ</a>' in html
    assert 'hreflang="vi" lang="vi" aria-current="true">Tiếng Việt</a>' in html


def test_language_switcher_links_to_the_translation_of_the_page(client, demo_site):
    hmong_home = demo_site.get_translation(locale=demo_site.get_translations().first().locale)
    html = client.get("/vi/").text
    assert f'href="{hmong_home.url}"' in html


def test_switcher_on_search_page_keeps_the_search_path(client, demo_site):
    html = Client().get("/vi/search/", {"q": "mại dâm"}).text
    assert 'href="/hmn/' in html


@pytest.mark.parametrize("path", ["/api/v1/no-such-route", "/healthz/extra", "/documents/0/x/"])
def test_a_missing_path_outside_the_site_stays_a_404_instead_of_moving_under_a_language(
    client, path
):
    assert client.get(path).status_code == 404


def test_a_missing_admin_path_is_not_moved_under_a_language(client):
    response = client.get("/admin/no-such-page/")
    assert not response.get("Location", "").startswith("/vi/")
