import re
from datetime import date
from html import escape

import pytest
from wagtail.models import Locale

from campaigns.models import ArticlePage, Audience, CampaignPage
from events.models import Status
from locales.samples import create_sample_translation
from tests.events.factories import SessionFactory

pytestmark = pytest.mark.django_db


def sample_translation(page, code):
    create_sample_translation(page, Locale.objects.get(language_code=code))
    return page.get_translation(Locale.objects.get(language_code=code))


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    """These tests count what rendering a page costs, so the whole-page cache is off."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def full_article(make_article, make_campaign, make_image):
    """An article with a hero image, body images, tags, audiences, a campaign and related news."""
    campaign = make_campaign(title="Tháng hành động phòng, chống mại dâm", slug="thang-hanh-dong")
    for number in range(3):
        make_article(
            title=f"Tin liên quan {number}",
            campaign=campaign,
            hero_image=make_image(title=f"Ảnh liên quan {number}"),
            date=date(2026, 11, 1 + number),
        )
    hero = make_image(title="Ảnh đầu bài")
    return make_article(
        title="Công nhân tham gia nói chuyện chuyên đề",
        campaign=campaign,
        hero_image=hero,
        audiences=["iz_workers", "community"],
        tags=["khu công nghiệp", "nói chuyện"],
        date=date(2026, 11, 20),
        body=[
            ("paragraph", "<p>Đoạn mở đầu.</p>"),
            (
                "image",
                {"image": hero, "alt_text": "Buổi nói chuyện ở nhà ăn ca", "decorative": False},
            ),
            ("quote", {"text": "Ai cũng có quyền được an toàn.", "attribution": "Báo cáo viên"}),
            (
                "image",
                {"image": make_image(title="Ảnh thứ hai"), "alt_text": "", "decorative": True},
            ),
            ("paragraph", "<p>Đoạn kết.</p>"),
        ],
    )


def test_article_page_shows_blocks_tags_audiences_campaign_and_related_news(client, full_article):
    html = client.get(full_article.url).text
    assert "<h1>Công nhân tham gia nói chuyện chuyên đề</h1>" in html
    assert (
        '<a href="/vi/chien-dich/thang-hanh-dong/">Tháng hành động phòng, chống mại dâm</a>' in html
    )
    assert "Ai cũng có quyền được an toàn." in html and "— Báo cáo viên" in html
    assert 'alt="Buổi nói chuyện ở nhà ăn ca"' in html
    assert '?tag=khu-c%C3%B4ng-nghi%E1%BB%87p" rel="tag">khu công nghiệp</a>' in html
    assert "/vi/tin-bai/?audience=iz_workers" in html
    assert html.count('class="card"') == 3
    assert "Tin liên quan 2" in html


def test_article_images_are_responsive_pictures_with_modern_formats_and_a_jpeg_fallback(
    client, full_article
):
    html = client.get(full_article.url).text
    pictures = re.findall(r"<picture>.*?</picture>", html)
    assert len(pictures) == 3 + 3  # hero, two body images, three related thumbnails
    hero = pictures[0]
    assert 'type="image/avif"' in hero and 'type="image/webp"' in hero
    assert re.search(r'<img[^>]+src="[^"]+\.jpg"', hero)
    assert "480w" in hero and 'sizes="(min-width: 48rem) 46rem, 100vw"' in hero
    assert all(re.search(r"<img[^>]* alt=", picture) for picture in pictures)


# The goal of issue 5, measured on an uncached page view (no page cache; the site's root
# paths, image renditions, menu and language versions come from Django's cache, as they do in
# normal running): 8 queries are Wagtail's own (site, locale, routing, view restrictions), 4 the
# article's (body images, audiences, tags, related articles with their images).
ARTICLE_PAGE_QUERIES = 12


def test_uncached_article_page_stays_within_its_query_budget(
    client, full_article, django_assert_max_num_queries
):
    client.get(full_article.url)  # renditions are made once, on the first view
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(full_article.url)
    assert response.status_code == 200


def test_article_page_queries_do_not_grow_with_images_tags_and_related_news(
    client, full_article, make_article, make_image, django_assert_num_queries
):
    client.get(full_article.url)
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        client.get(full_article.url)
    for number in range(3):
        make_article(
            title=f"Tin thêm {number}",
            campaign=full_article.campaign,
            hero_image=make_image(),
            date=date(2026, 11, 10 + number),
        )
    extra_image = make_image(title="Ảnh thêm")
    full_article.body.append(("image", {"image": extra_image, "alt_text": "Ảnh thêm"}))
    full_article.tags.add("thêm thẻ")
    full_article.audiences.add(Audience.objects.get(code="students"))
    full_article.save_revision().publish()
    client.get(full_article.url)
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        client.get(full_article.url)


def test_campaign_page_shows_period_peaks_audiences_articles_and_session_summary(
    client, make_campaign, make_article
):
    campaign = make_campaign(
        title="Tháng hành động",
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
        audiences=["students"],
        peaks=[("Tuần cao điểm trong trường học", date(2026, 11, 23), date(2026, 11, 29))],
        intro="Một tháng tuyên truyền tập trung.",
    )
    make_article(title="Tin của chiến dịch", campaign=campaign)
    make_article(title="Tin khác")
    for day, participants in ((5, 40), (20, 60)):
        SessionFactory(date=date(2026, 11, day), participants=participants, status=Status.APPROVED)
    SessionFactory(date=date(2026, 11, 6), participants=500, status=Status.SUBMITTED)
    SessionFactory(date=date(2026, 12, 6), participants=700, status=Status.APPROVED)

    html = client.get(campaign.url).text
    assert "01/11/2026 – 30/11/2026" in html
    assert "Tuần cao điểm trong trường học" in html and "23/11/2026 – 29/11/2026" in html
    assert "Học sinh, sinh viên" in html
    assert "Tin của chiến dịch" in html and "Tin khác" not in html
    assert "2 buổi tuyên truyền được duyệt, với 100 lượt người tham dự" in html
    assert "/vi/tin-bai/?campaign=" in html


def test_campaign_page_queries_do_not_grow_with_its_articles_contests_and_sessions(
    client, make_campaign, make_article, make_contest_page, make_image
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign = make_campaign(peaks=[("Tuần cao điểm", date(2026, 11, 2), date(2026, 11, 8))])

    def queries():
        client.get(campaign.url)
        with CaptureQueriesContext(connection) as context:
            client.get(campaign.url)
        return len(context.captured_queries)

    make_article(campaign=campaign, hero_image=make_image())
    make_contest_page(campaign)
    SessionFactory(date=date(2026, 11, 5), status=Status.APPROVED)
    before = queries()
    for number in range(3):
        make_article(campaign=campaign, hero_image=make_image(), title=f"Tin {number}")
        make_contest_page(campaign, title=f"Cuộc thi {number}")
        SessionFactory(date=date(2026, 11, 6 + number), status=Status.APPROVED)
    assert queries() == before
    assert before <= 21


def test_campaign_index_lists_current_campaigns_before_past_ones(client, make_campaign):
    today = date.today()
    make_campaign(title="Chiến dịch đã qua", starts_on=date(2020, 7, 1), ends_on=date(2020, 7, 31))
    make_campaign(
        title="Chiến dịch đang diễn ra",
        starts_on=date(today.year - 1, 1, 1),
        ends_on=date(today.year + 1, 12, 31),
    )
    html = client.get("/vi/chien-dich/").text
    assert html.index("Chiến dịch đang diễn ra") < html.index("Chiến dịch đã qua")
    assert html.index("Chiến dịch đang và sắp diễn ra") < html.index("Chiến dịch đang diễn ra")
    assert html.index("Chiến dịch đã qua</h2>") < html.index(">Chiến dịch đã qua</a>")


def test_article_index_filters_by_campaign_audience_and_tag(client, make_campaign, make_article):
    campaign = make_campaign(slug="thang-hanh-dong")
    make_article(title="Tin A", campaign=campaign, audiences=["students"], tags=["học sinh"])
    make_article(title="Tin B", campaign=campaign, audiences=["iz_workers"])
    make_article(title="Tin C", audiences=["students"], tags=["học sinh"])

    def titles(query):
        html = client.get(f"/vi/tin-bai/?{query}").text
        return set(re.findall(r'<h3 class="card-title"><a [^>]+>([^<]+)</a>', html))

    assert titles("") == {"Tin A", "Tin B", "Tin C"}
    assert titles("campaign=thang-hanh-dong") == {"Tin A", "Tin B"}
    assert titles("audience=students") == {"Tin A", "Tin C"}
    assert titles("tag=học-sinh") == {"Tin A", "Tin C"}
    assert titles("campaign=thang-hanh-dong&audience=students") == {"Tin A"}
    assert titles("campaign=khong-co") == set()
    assert titles("audience=unknown") == set()


def test_article_index_paginates_ten_to_a_page_and_keeps_the_filters(client, make_article):
    for number in range(12):
        make_article(
            title=f"Tin {number:02d}", audiences=["students"], date=date(2026, 1, 1 + number)
        )
    first = client.get("/vi/tin-bai/?audience=students").text
    assert first.count('class="card"') == 10
    assert "Tin 11" in first and "Tin 01" not in first
    assert 'href="?audience=students&amp;page=2"' in first
    second = client.get("/vi/tin-bai/?audience=students&page=2").text
    assert second.count('class="card"') == 2
    assert "Tin 01" in second and "Tin 00" in second
    assert client.get("/vi/tin-bai/?page=abc").status_code == 200


def test_article_index_lists_its_feeds_in_the_head(client, news_index):
    html = client.get("/vi/tin-bai/").text
    head = html[: html.index("</head>")]
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert 'href="/vi/tin-bai/rss/"' in head
    assert 'href="/vi/tin-bai/atom/"' in head


def test_index_listings_do_not_grow_with_their_pages(
    client, make_campaign, make_article, make_image
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        return len(context.captured_queries)

    campaign = make_campaign(hero_image=make_image())
    make_article(campaign=campaign, hero_image=make_image(), tags=["a"])
    before = {url: queries(url) for url in ("/vi/tin-bai/", "/vi/chien-dich/")}
    for number in range(6):
        make_campaign(title=f"Chiến dịch {number}", hero_image=make_image())
        make_article(title=f"Tin {number}", campaign=campaign, hero_image=make_image(), tags=["b"])
    assert {url: queries(url) for url in before} == before
    assert before["/vi/tin-bai/"] <= 21
    assert before["/vi/chien-dich/"] <= 16


def test_minority_language_article_keeps_vietnamese_ui_strings_and_its_language_links(
    client, full_article, campaign_index, news_index
):
    sample_translation(news_index, "hmn")
    sample_translation(campaign_index, "hmn")
    hmong_campaign = sample_translation(full_article.campaign, "hmn")
    hmong = sample_translation(full_article, "hmn")
    assert hmong.url.startswith("/hmn/tin-bai/")
    html = client.get(hmong.url).text
    assert '<html lang="hmn">' in html
    assert "Đây là bản mẫu đang chờ người dịch bản ngữ" in html
    # UI strings fall back to Vietnamese, never English.
    assert "Thẻ:" in html and "Đối tượng:" in html
    # The campaign link goes to the H'Mông version of the campaign.
    assert f'href="{hmong_campaign.url}"' in html
    assert client.get("/hmn/tin-bai/").status_code == 200
    campaign_html = client.get(hmong_campaign.url).text
    assert "Tin bài của chiến dịch" in campaign_html
    assert escape(hmong.title) in campaign_html


def test_campaign_page_shows_its_live_contests(client, make_campaign, make_contest_page):
    campaign = make_campaign()
    make_contest_page(campaign, title="Cuộc thi tìm hiểu pháp luật")
    make_contest_page(campaign, title="Cuộc thi chưa đăng", live=False)
    html = client.get(campaign.url).text
    assert "Cuộc thi tìm hiểu pháp luật" in html
    assert "Cuộc thi chưa đăng" not in html


def test_search_finds_articles_and_campaigns(client, make_campaign, make_article):
    make_campaign(title="Tháng hành động", theme="Cộng đồng an toàn không kỳ thị")
    make_article(title="Công nhân tham gia", intro="Buổi nói chuyện tại nhà ăn ca")
    html = client.get("/vi/search/?q=kỳ thị").text
    assert "Tháng hành động" in html
    html = client.get("/vi/search/?q=nhà ăn ca").text
    assert "Công nhân tham gia" in html


def test_og_image_is_the_hero_image(make_campaign, make_article, make_image):
    image = make_image()
    assert make_campaign(hero_image=image).og_image() == image
    assert make_article(hero_image=image).og_image() == image
    assert CampaignPage.objects.count() == ArticlePage.objects.count() == 1


def test_listings_leave_out_articles_under_a_view_restriction(client, make_article):
    from wagtail.models import PageViewRestriction

    make_article(title="Tin công khai")
    private = make_article(title="Tin nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = client.get("/vi/tin-bai/").text
    assert "Tin công khai" in html and "Tin nội bộ" not in html
    assert "Tin nội bộ" not in client.get("/vi/tin-bai/rss/").text
