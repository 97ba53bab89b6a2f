"""Fanpage posts: the campaign's latest published posts, their public include, the admin."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from campaigns.fanpage import FanpageFigures, FanpagePost, post_keys
from tests.admin_answers import refused_or_hidden
from tests.campaigns.fixtures_media import (  # noqa: F401
    admin_url,
    campaign_fixture,
    fanpage_post,
    local_time,
    officer_fixture,
)

pytestmark = pytest.mark.django_db

INCLUDE = "campaigns/includes/fanpage_posts.html"
ADD = "wagtailsnippets_campaigns_fanpagepost:add"
LIST = "wagtailsnippets_campaigns_fanpagepost:list"


def published(unit, campaign, day, **fields):
    values = {
        "status": "published",
        "campaign": campaign,
        "published_at": local_time(2026, 11, day, 9),
        "published_url": f"https://www.facebook.com/phongchongmaidam/posts/{day}00",
        **fields,
    }
    return fanpage_post(unit, **values)


# --- The public side --------------------------------------------------------------------


def test_latest_published_gives_the_campaigns_published_posts_newest_first(tree, campaign):
    older = published(tree.tuyen_quang, campaign, 3)
    newer = published(tree.tuyen_quang, campaign, 5)
    fanpage_post(tree.tuyen_quang, campaign=campaign, status="planned")
    published(tree.tuyen_quang, None, 6)
    assert list(FanpagePost.objects.latest_published(campaign)) == [newer, older]


def test_latest_published_keeps_to_the_limit(tree, campaign):
    for day in range(1, 8):
        published(tree.tuyen_quang, campaign, day)
    assert len(FanpagePost.objects.latest_published(campaign, limit=3)) == 3


def test_a_language_shows_its_own_posts_and_the_vietnamese_ones(tree, campaign):
    vietnamese = published(tree.tuyen_quang, campaign, 3)
    hmong = published(tree.tuyen_quang, campaign, 4, language="hmn")
    khmer = published(tree.tuyen_quang, campaign, 5, language="km")
    assert list(FanpagePost.objects.latest_published(campaign, "hmn")) == [hmong, vietnamese]
    assert list(FanpagePost.objects.latest_published(campaign, "vi")) == [vietnamese]
    assert khmer in FanpagePost.objects.latest_published(campaign)


def test_a_translated_campaign_page_shows_the_posts_of_its_source(tree, campaign):
    post = published(tree.tuyen_quang, campaign, 3)
    translation = campaign.copy_for_translation(
        Locale.objects.get(language_code="hmn"), copy_parents=True
    )
    assert list(FanpagePost.objects.latest_published(translation, "hmn")) == [post]


def test_the_latest_posts_cost_one_query(tree, campaign, django_assert_max_num_queries):
    published(tree.tuyen_quang, campaign, 3)
    with django_assert_max_num_queries(1):
        list(FanpagePost.objects.latest_published(campaign, "vi"))


def test_the_include_shows_each_post_with_its_link_language_and_hashtags(tree, campaign):
    published(
        tree.tuyen_quang,
        campaign,
        4,
        channel="tiktok",
        language="hmn",
        text="Txhua tus neeg muaj cai nyob kom muaj kev nyab xeeb.",
        hashtags="#PhongChongMaiDam ThangHanhDong, #PhongChongMaiDam",
        published_url="https://www.tiktok.com/@phongchong/video/7412345678901234567",
    )
    html = render_to_string(
        INCLUDE, {"posts": FanpagePost.objects.latest_published(campaign, "hmn")}
    )
    assert "Trên mạng xã hội" in html
    assert 'href="https://www.tiktok.com/@phongchong/video/7412345678901234567"' in html
    assert 'lang="hmn"' in html
    assert "Txhua tus neeg" in html
    assert "#PhongChongMaiDam #ThangHanhDong" in html
    assert "Xem bài trên TikTok" in html
    assert "04/11/2026" in html
    assert "<img" not in html and "<script" not in html


def test_the_include_shows_nothing_without_posts(campaign):
    html = render_to_string(INCLUDE, {"posts": FanpagePost.objects.latest_published(campaign)})
    assert html.strip() == ""


# --- Recognising posts by link ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("https://www.facebook.com/phongchong/posts/123456789", "123456789"),
        ("https://m.facebook.com/story.php?story_fbid=987&id=1", "987"),
        ("112233_987", "987"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "dqw4w9wgxcq"),
        ("https://youtu.be/dQw4w9WgXcQ", "dqw4w9wgxcq"),
        ("https://www.youtube.com/shorts/abcDEF12345", "abcdef12345"),
        ("dQw4w9WgXcQ", "dqw4w9wgxcq"),
        (
            "https://www.tiktok.com/@phongchong/video/7412345678901234567?lang=vi",
            "7412345678901234567",
        ),
    ],
)
def test_a_post_is_known_by_the_id_in_its_link(value, key):
    assert key in post_keys(value)


def test_a_link_is_known_without_its_scheme_www_or_query():
    assert post_keys("https://www.zalo.me/oa/bai-viet/42?utm=x") & post_keys(
        "zalo.me/oa/bai-viet/42"
    )


# --- The admin ---------------------------------------------------------------------------


def post_form(unit, campaign=None, figures=(), **fields):
    return nested_form_data(
        {
            "channel": "facebook",
            "language": "vi",
            "status": "planned",
            "campaign": campaign.pk if campaign else "",
            "text": "Tháng hành động: mỗi người một việc làm.",
            "media_url": "",
            "hashtags": "#ThangHanhDong",
            "planned_at": "2026-11-20 09:00",
            "published_at": "",
            "published_url": "",
            "org_unit": unit.pk,
            "figures": inline_formset(list(figures)),
            **fields,
        }
    )


def test_an_officer_plans_a_post_as_its_author(client, officer, tree, campaign):
    response = client.post(admin_url(ADD), post_form(tree.tuyen_quang, campaign))
    assert response.status_code == 302
    post = FanpagePost.objects.get()
    assert (post.status, post.campaign_id, post.created_by) == ("planned", campaign.pk, officer)
    assert post.planned_at == local_time(2026, 11, 20, 9)


def test_a_planned_post_needs_its_time(client, officer, tree):
    client.post(admin_url(ADD), post_form(tree.tuyen_quang, planned_at=""))
    assert not FanpagePost.objects.exists()


def test_a_published_post_needs_its_link(client, officer, tree):
    client.post(admin_url(ADD), post_form(tree.tuyen_quang, status="published"))
    assert not FanpagePost.objects.exists()


def test_a_published_post_without_a_time_went_out_when_planned(client, officer, tree):
    form = post_form(
        tree.tuyen_quang,
        status="published",
        published_url="https://www.facebook.com/phongchong/posts/1",
    )
    client.post(admin_url(ADD), form)
    assert FanpagePost.objects.get().published_at == local_time(2026, 11, 20, 9)


def test_an_officer_records_figures_as_dated_snapshots(client, officer, tree):
    figures = [
        {"as_of": "2026-11-21", "reach": "1200", "views": "3000", "reactions": "80",
         "shares": "12", "comments": "5"},
        {"as_of": "2026-11-28", "reach": "2500", "views": "6100", "reactions": "150",
         "shares": "30", "comments": "9"},
    ]  # fmt: skip
    form = post_form(
        tree.tuyen_quang,
        figures=figures,
        status="published",
        published_url="https://www.facebook.com/phongchong/posts/1",
    )
    assert client.post(admin_url(ADD), form).status_code == 302
    post = FanpagePost.objects.get()
    assert list(post.figures.values_list("as_of", "reach")) == [
        (datetime.date(2026, 11, 28), 2500),
        (datetime.date(2026, 11, 21), 1200),
    ]
    assert post.latest_figures().views == 6100


def test_an_officer_cannot_place_a_post_in_another_province(client, officer, tree):
    client.post(admin_url(ADD), post_form(tree.lao_cai))
    assert not FanpagePost.objects.exists()


def test_the_list_shows_the_users_subtree_only(client, officer, tree):
    fanpage_post(tree.thuong_lam, text="Bài của Thượng Lâm")
    other = fanpage_post(tree.sa_pa, text="Bài của Sa Pa")
    html = client.get(admin_url(LIST)).text
    assert "Bài của Thượng Lâm" in html
    assert "Bài của Sa Pa" not in html
    assert refused_or_hidden(
        client.get(admin_url("wagtailsnippets_campaigns_fanpagepost:edit", other.pk))
    )


def test_the_list_filters_by_channel_and_status(client, officer, tree):
    fanpage_post(tree.tuyen_quang, text="Ý tưởng Facebook")
    fanpage_post(
        tree.tuyen_quang,
        text="Video YouTube",
        channel="youtube",
        status="planned",
        planned_at=local_time(2026, 11, 3, 8),
    )
    html = client.get(admin_url(LIST), {"channel": "youtube"}).text
    assert "Video YouTube" in html and "Ý tưởng Facebook" not in html
    html = client.get(admin_url(LIST), {"status": "idea"}).text
    assert "Ý tưởng Facebook" in html and "Video YouTube" not in html
    html = client.get(admin_url(LIST), {"month": "2026-11"}).text
    assert "Video YouTube" in html and "Ý tưởng Facebook" not in html


def test_the_list_makes_a_bounded_number_of_queries(
    client, officer, tree, campaign, django_assert_max_num_queries
):
    for day in range(1, 29):
        published(tree.thuong_lam, campaign, day)
    with django_assert_max_num_queries(30):
        assert client.get(admin_url(LIST)).status_code == 200


def test_a_reviewer_cannot_see_fanpage_posts(client, tree, member):
    from places.models import Role

    client.force_login(member(tree.tuyen_quang, Role.REVIEWER, username="duyet"))
    assert refused_or_hidden(client.get(admin_url(LIST)))


def test_figures_are_one_snapshot_per_post_and_day(tree):
    from django.db import IntegrityError, transaction

    post = fanpage_post(tree.tuyen_quang)
    FanpageFigures.objects.create(post=post, as_of=datetime.date(2026, 11, 1), views=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FanpageFigures.objects.create(post=post, as_of=datetime.date(2026, 11, 1), views=2)


def test_the_month_filter_places_posts_as_the_calendar_does(client, officer, tree):
    fanpage_post(
        tree.tuyen_quang,
        text="Đăng tháng mười một",
        status="published",
        published_at=local_time(2026, 11, 2, 9),
        published_url="https://www.facebook.com/x/posts/2",
    )
    fanpage_post(
        tree.tuyen_quang,
        text="Dự kiến tháng mười, đăng tháng mười hai",
        status="published",
        planned_at=local_time(2026, 10, 30, 9),
        published_at=local_time(2026, 12, 1, 9),
        published_url="https://www.facebook.com/x/posts/3",
    )
    html = client.get(admin_url(LIST), {"month": "2026-11"}).text
    assert "Đăng tháng mười một" in html
    assert "Dự kiến tháng mười" not in html


def test_the_list_shows_each_posts_latest_figures(client, officer, tree, campaign):
    post = published(tree.tuyen_quang, campaign, 3, text="Bài có số liệu")
    FanpageFigures.objects.create(post=post, as_of=datetime.date(2026, 11, 4), views=1500)
    FanpageFigures.objects.create(post=post, as_of=datetime.date(2026, 11, 20), views=24680)
    html = client.get(admin_url(LIST)).text
    assert re.search(r"24\D?680", html)  # grouped or not, as the admin locale says
    assert not re.search(r"\b1\D?500\b", html)
