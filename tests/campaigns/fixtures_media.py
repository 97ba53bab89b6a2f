"""Fixtures and helpers shared by the media log and fanpage tests.

Import the fixtures by their function names (``officer_fixture``); tests ask for them
as ``officer`` and ``campaign``. The tree, roles and member fixtures come from
tests/conftest.py.
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from campaigns.fanpage import FanpagePost
from campaigns.models import CampaignIndexPage, CampaignPage, MediaItem
from places.models import Role


@pytest.fixture(name="officer")
def officer_fixture(tree, member, client):
    """A communication officer of Tuyên Quang, logged in to the admin."""
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tq")
    client.force_login(user)
    return user


@pytest.fixture(name="campaign")
def campaign_fixture(demo_site):
    """A published campaign page under the Vietnamese home page."""
    index = CampaignIndexPage(title="Chiến dịch", slug="chien-dich")
    demo_site.add_child(instance=index)
    page = CampaignPage(
        title="Tháng hành động phòng, chống mại dâm",
        slug="thang-hanh-dong",
        theme="Chung tay phòng, chống mại dâm",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
    )
    index.add_child(instance=page)
    return Page.objects.get(pk=page.pk).specific


def media_item(unit, title="Tin", **fields):
    values = {
        "published_on": datetime.date(2025, 3, 1),
        "outlet": "Báo Tuyên Quang",
        "channel": "newspaper",
        "level": "provincial",
        "org_unit": unit,
        "title": title,
        **fields,
    }
    return MediaItem.objects.create(**values)


def local_time(*args):
    return timezone.make_aware(datetime.datetime(*args))


def fanpage_post(unit, **fields):
    values = {
        "channel": "facebook",
        "text": "Mỗi người đều có quyền được sống an toàn.",
        "status": "idea",
        "org_unit": unit,
        **fields,
    }
    return FanpagePost.objects.create(**values)


def csv_bytes(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def admin_url(name, *args):
    return reverse(name, args=args)
