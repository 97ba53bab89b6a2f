"""The month calendar of fanpage posts in the admin."""

import re

import pytest
from django.utils import timezone

from tests.admin_answers import refused_or_hidden
from tests.campaigns.fixtures_media import (  # noqa: F401
    admin_url,
    campaign_fixture,
    fanpage_post,
    local_time,
    officer_fixture,
)

pytestmark = pytest.mark.django_db

CALENDAR = "wagtailsnippets_campaigns_fanpagepost:calendar"


def day_cell(html, day):
    """The HTML of one day's cell of the grid."""
    match = re.search(rf'data-date="{day}">(.*?)</td>', html, re.S)
    assert match, f"no cell for {day}"
    return match.group(1)


def test_each_post_sits_on_its_day_as_a_link_to_its_edit_view(client, officer, tree):
    planned = fanpage_post(
        tree.tuyen_quang,
        text="Video ngắn về quyền của người lao động",
        channel="youtube",
        status="planned",
        planned_at=local_time(2026, 11, 20, 9, 30),
    )
    html = client.get(admin_url(CALENDAR), {"month": "2026-11"}).text
    cell = day_cell(html, "2026-11-20")
    edit = admin_url("wagtailsnippets_campaigns_fanpagepost:edit", planned.pk)
    assert f'href="{edit}"' in cell
    assert "Video ngắn về quyền" in cell
    assert "09:30" in cell
    assert "fanpage-post--planned" in cell
    assert "fanpage-channel--youtube" in cell
    assert "Video ngắn" not in day_cell(html, "2026-11-19")


def test_a_published_post_sits_on_the_day_it_went_out(client, officer, tree):
    fanpage_post(
        tree.tuyen_quang,
        text="Bài đã đăng",
        status="published",
        planned_at=local_time(2026, 11, 10, 8),
        published_at=local_time(2026, 11, 12, 20),
        published_url="https://www.facebook.com/x/posts/1",
    )
    html = client.get(admin_url(CALENDAR), {"month": "2026-11"}).text
    assert "fanpage-post--published" in day_cell(html, "2026-11-12")
    assert "Bài đã đăng" not in day_cell(html, "2026-11-10")


def test_a_post_late_in_the_evening_stays_on_its_local_day(client, officer, tree):
    fanpage_post(
        tree.tuyen_quang,
        text="Bài buổi tối",
        status="planned",
        planned_at=local_time(2026, 11, 5, 23, 30),
    )
    html = client.get(admin_url(CALENDAR), {"month": "2026-11"}).text
    assert "Bài buổi tối" in day_cell(html, "2026-11-05")


def test_the_grid_starts_on_monday_and_covers_whole_weeks(client, officer):
    html = client.get(admin_url(CALENDAR), {"month": "2026-11"}).text
    dates = re.findall(r'data-date="([\d-]+)"', html)
    # 1 November 2026 is a Sunday: the first week starts on Monday 26 October.
    assert dates[0] == "2026-10-26"
    assert dates[-1] == "2026-12-06"
    assert len(dates) % 7 == 0


def test_previous_and_next_month_links(client, officer):
    html = client.get(admin_url(CALENDAR), {"month": "2026-01"}).text
    assert 'href="?month=2025-12"' in html
    assert 'href="?month=2026-02"' in html


def test_without_a_month_the_calendar_shows_this_month(client, officer):
    html = client.get(admin_url(CALENDAR), {"month": "không phải tháng"}).text
    today = timezone.localdate()
    assert f'data-date="{today:%Y-%m-%d}"' in html
    assert "fanpage-calendar__day--today" in html


def test_posts_of_another_month_or_province_are_not_shown(client, officer, tree):
    fanpage_post(
        tree.tuyen_quang,
        text="Bài tháng mười hai",
        status="planned",
        planned_at=local_time(2026, 12, 15, 9),
    )
    fanpage_post(
        tree.sa_pa, text="Bài của Sa Pa", status="planned",
        planned_at=local_time(2026, 11, 15, 9),
    )  # fmt: skip
    html = client.get(admin_url(CALENDAR), {"month": "2026-11"}).text
    assert "Bài tháng mười hai" not in html
    assert "Bài của Sa Pa" not in html


def test_ideas_without_a_date_are_listed_under_the_grid(client, officer, tree):
    idea = fanpage_post(tree.thuong_lam, text="Ý tưởng: phỏng vấn cô giáo bản")
    html = client.get(admin_url(CALENDAR), {"month": "2026-11"}).text
    undated = html.split("Ý tưởng chưa hẹn ngày", 1)[1]
    assert "phỏng vấn cô giáo bản" in undated
    assert admin_url("wagtailsnippets_campaigns_fanpagepost:edit", idea.pk) in undated


def test_the_list_links_to_the_calendar(client, officer):
    html = client.get(admin_url("wagtailsnippets_campaigns_fanpagepost:list")).text
    assert admin_url(CALENDAR) in html


def test_the_calendar_makes_as_many_queries_for_many_posts_as_for_few(
    client, officer, tree, django_assert_max_num_queries
):
    for day in range(1, 29):
        fanpage_post(tree.thuong_lam, status="planned", planned_at=local_time(2026, 11, day, 9))
    with django_assert_max_num_queries(14):  # 12 when measured; 28 posts, so none per post
        response = client.get(admin_url(CALENDAR), {"month": "2026-11"})
    assert response.text.count("fanpage-post--planned") >= 28


def test_a_user_without_the_permission_cannot_open_the_calendar(client, tree, member):
    from places.models import Role

    client.force_login(member(tree.tuyen_quang, Role.REVIEWER, username="duyet"))
    assert refused_or_hidden(client.get(admin_url(CALENDAR)))
