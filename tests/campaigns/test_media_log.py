"""The media log: its codes after the migration, the press indicator's view of it, the admin."""

import datetime
import importlib

import pytest
from django.apps import apps

from campaigns.models import PRESS_CHANNELS, PRESS_LEVELS, MediaChannel, MediaItem, MediaLevel
from tests.admin_answers import refused_or_hidden
from tests.campaigns.fixtures_media import (  # noqa: F401
    admin_url,
    campaign_fixture,
    media_item,
    officer_fixture,
)

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_campaigns_mediaitem:list"
ADD = "wagtailsnippets_campaigns_mediaitem:add"


def test_the_levels_and_kinds_are_the_issues():
    assert MediaLevel.values == ["central", "provincial", "district", "commune"]
    assert MediaChannel.values[:7] == [
        "newspaper",
        "magazine",
        "online_newspaper",
        "radio",
        "television",
        "loudspeaker",
        "social_post",
    ]


def test_press_is_central_or_provincial_newspapers_magazines_online_radio_and_tv():
    assert set(PRESS_LEVELS) == {"central", "provincial"}
    assert set(PRESS_CHANNELS) == {
        "newspaper",
        "magazine",
        "online_newspaper",
        "radio",
        "television",
    }


def test_the_migration_moves_local_items_to_commune_and_fanpage_items_to_social_posts(tree):
    migration = importlib.import_module(
        "campaigns.migrations.0005_media_log_language_campaign_levels"
    )
    local = media_item(tree.thuong_lam, "Loa xã", level="local", channel="loudspeaker")
    fanpage = media_item(tree.tuyen_quang, "Bài fanpage", level="provincial", channel="fanpage")
    other = media_item(tree.tuyen_quang, "Cổng thông tin", channel="other")
    migration.rename_codes(apps, None)
    assert MediaItem.objects.get(pk=local.pk).level == "commune"
    assert MediaItem.objects.get(pk=fanpage.pk).channel == "social_post"
    assert MediaItem.objects.get(pk=other.pk).channel == "other"
    migration.restore_codes(apps, None)
    assert MediaItem.objects.get(pk=local.pk).level == "local"
    assert MediaItem.objects.get(pk=fanpage.pk).channel == "fanpage"


def test_an_item_is_in_vietnamese_unless_said_otherwise(tree):
    assert media_item(tree.tuyen_quang).language == "vi"


def test_a_row_written_with_sql_without_a_language_is_vietnamese(tree):
    """The bench loads items with COPY and names no language: the database says "vi"."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO campaigns_mediaitem (published_on, title, outlet, channel, level, url, "
            "org_unit_id, note, logged_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [datetime.date(2025, 3, 1), "Tin", "Báo", "radio", "provincial", "",
             tree.tuyen_quang.pk, "", datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)],
        )  # fmt: skip
    assert MediaItem.objects.get().language == "vi"


def test_an_officer_logs_an_item_with_its_language_and_campaign(client, officer, tree, campaign):
    response = client.post(
        admin_url(ADD),
        {
            "title": "Phóng sự bằng tiếng H'Mông",
            "published_on": "2026-11-05",
            "outlet": "Đài PT-TH Tuyên Quang",
            "channel": "television",
            "level": "provincial",
            "url": "https://tuyenquangtv.vn/phong-su",
            "language": "hmn",
            "campaign": campaign.pk,
            "org_unit": tree.tuyen_quang.pk,
            "note": "",
        },
    )
    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert (item.language, item.campaign_id, item.logged_by) == ("hmn", campaign.pk, officer)


def test_the_media_log_filters_by_month(client, officer, tree):
    media_item(tree.tuyen_quang, "Tin tháng ba", published_on=datetime.date(2025, 3, 14))
    media_item(tree.tuyen_quang, "Tin tháng tư", published_on=datetime.date(2025, 4, 1))
    html = client.get(admin_url(LIST), {"month": "2025-03"}).text
    assert "Tin tháng ba" in html
    assert "Tin tháng tư" not in html


def test_the_media_log_filters_by_level_and_kind(client, officer, tree):
    media_item(tree.tuyen_quang, "Tin báo tỉnh")
    media_item(tree.thuong_lam, "Tin loa xã", level="commune", channel="loudspeaker")
    html = client.get(admin_url(LIST), {"level": "commune"}).text
    assert "Tin loa xã" in html
    assert "Tin báo tỉnh" not in html
    html = client.get(admin_url(LIST), {"channel": "newspaper"}).text
    assert "Tin báo tỉnh" in html
    assert "Tin loa xã" not in html


def test_the_media_log_filters_by_campaign(client, officer, tree, campaign):
    media_item(tree.tuyen_quang, "Tin chiến dịch", campaign=campaign)
    media_item(tree.tuyen_quang, "Tin thường")
    html = client.get(admin_url(LIST), {"campaign": campaign.pk}).text
    assert "Tin chiến dịch" in html
    assert "Tin thường" not in html


def test_a_month_that_is_not_a_month_filters_nothing(client, officer, tree):
    media_item(tree.tuyen_quang, "Tin bất kỳ")
    response = client.get(admin_url(LIST), {"month": "tháng ba"})
    assert response.status_code == 200
    assert "Tin bất kỳ" in response.text


def test_the_filtered_media_log_shows_the_users_subtree_only(client, officer, tree):
    media_item(tree.thuong_lam, "Tin Thượng Lâm")
    media_item(tree.sa_pa, "Tin Sa Pa")
    html = client.get(admin_url(LIST), {"month": "2025-03", "level": "provincial"}).text
    assert "Tin Thượng Lâm" in html
    assert "Tin Sa Pa" not in html


def test_the_media_log_links_to_its_import_page(client, officer):
    html = client.get(admin_url(LIST)).text
    assert admin_url("wagtailsnippets_campaigns_mediaitem:import") in html


def test_a_reviewer_reads_the_media_log_but_cannot_import(client, tree, member):
    from places.models import Role

    reviewer = member(tree.tuyen_quang, Role.REVIEWER, username="duyet_tq")
    client.force_login(reviewer)
    assert client.get(admin_url(LIST)).status_code == 200
    assert refused_or_hidden(client.get(admin_url("wagtailsnippets_campaigns_mediaitem:import")))


def test_the_media_log_list_makes_a_bounded_number_of_queries(
    client, officer, tree, campaign, django_assert_max_num_queries
):
    for number in range(30):
        media_item(tree.thuong_lam, f"Tin {number}", campaign=campaign)
    with django_assert_max_num_queries(30):
        response = client.get(admin_url(LIST), {"month": "2025-03"})
    assert response.text.count("Tin 2") >= 10


# --- Demo content -----------------------------------------------------------------------


def test_the_demo_logs_press_items_and_fanpage_posts_and_a_second_run_changes_nothing(tree):
    from campaigns.demo_media import load_media_demo
    from campaigns.fanpage import FanpagePost

    today = datetime.date(2026, 11, 23)
    assert load_media_demo(today) > 0
    counts = (MediaItem.objects.count(), FanpagePost.objects.count())
    assert load_media_demo(today + datetime.timedelta(days=3)) == 0
    assert counts == (MediaItem.objects.count(), FanpagePost.objects.count())
    press = MediaItem.objects.filter(channel__in=PRESS_CHANNELS, level__in=PRESS_LEVELS)
    assert press.filter(org_unit=tree.tuyen_quang).count() >= 3
    assert MediaItem.objects.get(channel="loudspeaker").org_unit.parent == tree.tuyen_quang
    statuses = set(FanpagePost.objects.values_list("status", flat=True))
    assert statuses == {"idea", "planned", "published"}


def test_the_demo_press_items_feed_the_press_indicator(tree):
    from campaigns.demo_media import load_media_demo
    from indicators import engine
    from indicators.periods import parse_period

    load_media_demo(datetime.date(2026, 11, 23))
    _tree, figures = engine.compute(tree.tuyen_quang, parse_period("2026-H2"))
    assert figures["press"][tree.tuyen_quang.pk].numerator >= 3


def test_the_demo_makes_nothing_without_provinces(db):
    from campaigns.demo_media import load_media_demo

    assert load_media_demo() == 0
