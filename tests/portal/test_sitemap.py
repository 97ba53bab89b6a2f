import xml.etree.ElementTree as ET

import pytest

from portal.models import HomePage

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_the_live_pages_of_every_language(client, demo_site):
    assert set(sitemap(client)) == {
        "https://phongchong.example.vn/vi/",
        "https://phongchong.example.vn/hmn/",
        "https://phongchong.example.vn/km/",
    }


def test_each_page_names_its_translations_and_vietnamese_as_default(client, demo_site):
    expected = {
        "vi": "https://phongchong.example.vn/vi/",
        "hmn": "https://phongchong.example.vn/hmn/",
        "km": "https://phongchong.example.vn/km/",
        "x-default": "https://phongchong.example.vn/vi/",
    }
    urls = sitemap(client)
    assert urls["https://phongchong.example.vn/hmn/"] == expected
    assert urls["https://phongchong.example.vn/vi/"] == expected


def test_an_unpublished_translation_is_neither_listed_nor_an_alternate(client, demo_site):
    HomePage.objects.get(locale__language_code="km").unpublish()
    urls = sitemap(client)
    assert "https://phongchong.example.vn/km/" not in urls
    assert set(urls["https://phongchong.example.vn/vi/"]) == {"vi", "hmn", "x-default"}


def test_the_sitemap_takes_a_fixed_number_of_queries(
    client, demo_site, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get("/sitemap.xml")


def test_every_address_in_the_sitemap_is_at_base_url_whatever_host_was_asked(
    client, demo_site, settings
):
    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1")
    text = response.content.decode()
    assert "localhost" not in text and "127.0.0.1" not in text
    for loc, alternates in sitemap(client).items():
        assert loc.startswith(settings.BASE_URL + "/")
        assert all(url.startswith(settings.BASE_URL + "/") for url in alternates.values())
