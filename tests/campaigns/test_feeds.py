from datetime import date

import pytest
from defusedxml import ElementTree as ET
from wagtail.models import Locale

from locales.samples import create_sample_translation

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(make_article, make_campaign):
    campaign = make_campaign(slug="thang-hanh-dong")
    return [
        make_article(
            title=f"Tin số {number}",
            slug=f"tin-so-{number}",
            intro=f"Tóm tắt tin số {number}",
            date=date(2026, 11, number),
            campaign=campaign,
            tags=["khu công nghiệp"],
        )
        for number in (1, 2, 3)
    ]


def test_rss_feed_is_valid_xml_in_vietnamese_with_the_newest_article_first(client, articles):
    response = client.get("/vi/tin-bai/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link") == "https://phongchong.example.vn/vi/tin-bai/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Tin số 3", "Tin số 2", "Tin số 1"]
    assert items[0].findtext("link") == "https://phongchong.example.vn/vi/tin-bai/tin-so-3/"
    assert items[0].findtext("description") == "Tóm tắt tin số 3"
    assert items[0].findtext("category") == "khu công nghiệp"
    assert "03 Nov 2026" in items[0].findtext("pubDate")


def test_atom_feed_is_valid_xml_with_the_same_articles(client, articles):
    response = client.get("/vi/tin-bai/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Tin số 3",
        "Tin số 2",
        "Tin số 1",
    ]
    assert (
        entries[0].find(f"{ATOM}link").get("href")
        == "https://phongchong.example.vn/vi/tin-bai/tin-so-3/"
    )


def test_each_language_has_its_own_feed_of_its_own_articles(client, articles, news_index):
    hmong = Locale.objects.get(language_code="hmn")
    create_sample_translation(news_index, hmong)
    create_sample_translation(articles[0], hmong)
    response = client.get("/hmn/tin-bai/rss/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "hmn"
    items = channel.findall("item")
    assert len(items) == 1
    assert items[0].findtext("link") == "https://phongchong.example.vn/hmn/tin-bai/tin-so-1/"
    assert items[0].findtext("title").startswith("[Bản mẫu – chờ người dịch tiếng H'Mông]")


def test_feed_of_an_empty_news_index_is_valid_and_empty(client, news_index):
    channel = ET.fromstring(client.get("/vi/tin-bai/rss/").content).find("channel")
    assert channel.findall("item") == []


def test_feed_makes_a_bounded_number_of_queries(
    client, articles, make_article, django_assert_max_num_queries
):
    client.get("/vi/tin-bai/rss/")
    for number in range(5):
        make_article(title=f"Thêm {number}", tags=["a", "b"])
    with django_assert_max_num_queries(12):
        client.get("/vi/tin-bai/rss/")
