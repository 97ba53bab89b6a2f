import datetime
import io
import re

import pytest
from django.core.files.images import ImageFile
from django.template import Context, Template
from django.test import RequestFactory
from PIL import Image as PillowImage
from wagtail.images.models import Image

from campaigns.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db


def make_image(title="Buổi tuyên truyền tại trường", size=(1600, 1000)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (200, 80, 60)).save(buffer, "JPEG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name="tuyen-truyen.jpg"), description=title
    )


@pytest.fixture
def article(demo_site):
    index = demo_site.add_child(instance=ArticleIndexPage(title="Tin tức", slug="tin-tuc"))
    page = index.add_child(
        instance=ArticlePage(
            title="Ra quân Tháng hành động",
            slug="ra-quan",
            date=datetime.date(2026, 11, 1),
            intro="<p>Hơn 300 học sinh</p> tham gia buổi tuyên truyền đầu tiên.",
            hero_image=make_image(),
        )
    )
    page.save_revision().publish()
    return page


def meta_tags(html):
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))


def render_head(page):
    request = RequestFactory().get(page.url)
    template = Template("{% load publishing_tags %}{% page_meta %}")
    return template.render(Context({"page": page, "request": request, "SITE_NAME": "Cổng"}))


def test_the_home_page_carries_open_graph_and_twitter_tags(client, demo_site):
    html = client.get("/vi/").content.decode()
    tags = meta_tags(html)
    assert tags["og:title"] == demo_site.title
    assert tags["og:description"].startswith("Thông tin, tài liệu và hoạt động tuyên truyền")
    assert tags["og:url"] == "https://phongchong.example.vn/vi/"
    assert tags["og:type"] == "website"
    assert tags["og:locale"] == "vi_VN"
    assert re.findall(r'og:locale:alternate" content="([^"]+)"', html) == ["hmn_VN", "km_VN"]
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags


def test_the_head_names_the_canonical_address_and_every_language_version(client, demo_site):
    html = client.get("/hmn/").content.decode()
    assert '<link rel="canonical" href="https://phongchong.example.vn/hmn/">' in html
    assert re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html) == [
        ("vi", "https://phongchong.example.vn/vi/"),
        ("hmn", "https://phongchong.example.vn/hmn/"),
        ("km", "https://phongchong.example.vn/km/"),
        ("x-default", "https://phongchong.example.vn/vi/"),
    ]


def test_search_description_is_preferred_to_the_intro(client, demo_site):
    demo_site.search_description = "Trang thông tin phòng, chống mại dâm"
    demo_site.save_revision().publish()
    tags = meta_tags(client.get("/vi/").content.decode())
    assert tags["og:description"] == "Trang thông tin phòng, chống mại dâm"


def test_an_article_is_shared_as_an_article_with_a_large_image(article):
    tags = meta_tags(render_head(article))
    assert tags["og:type"] == "article"
    assert tags["article:published_time"] == "2026-11-01"
    assert tags["og:url"] == "https://phongchong.example.vn/vi/tin-tuc/ra-quan/"
    assert tags["og:description"] == "Hơn 300 học sinh tham gia buổi tuyên truyền đầu tiên."
    assert re.fullmatch(
        r"https://phongchong.example.vn/media/images/tuyen-truyen[^/]*\.jpg", tags["og:image"]
    )
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "Buổi tuyên truyền tại trường"
    assert tags["twitter:card"] == "summary_large_image"


def test_a_page_og_image_method_wins_over_its_hero_image(article, monkeypatch):
    chosen = make_image(title="Áp phích chiến dịch", size=(800, 800))
    monkeypatch.setattr(ArticlePage, "og_image", lambda self: chosen, raising=False)
    tags = meta_tags(render_head(article))
    assert tags["og:image:alt"] == "Áp phích chiến dịch"


def test_a_view_that_is_not_a_page_has_no_page_meta(client, demo_site):
    html = client.get("/vi/search/").content.decode()
    assert 'rel="canonical"' not in html
    assert "og:title" not in html


def test_canonical_hreflang_and_og_url_use_base_url_not_the_host_of_the_request(
    client, demo_site, settings
):
    html = client.get("/vi/", HTTP_HOST="127.0.0.1").content.decode()
    assert f'<link rel="canonical" href="{settings.BASE_URL}/vi/">' in html
    assert meta_tags(html)["og:url"] == f"{settings.BASE_URL}/vi/"
    hrefs = re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]+)">', html)
    assert hrefs and all(href.startswith(settings.BASE_URL + "/") for href in hrefs)
    assert "localhost" not in html and "http://127.0.0.1" not in html
