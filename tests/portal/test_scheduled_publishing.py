from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Revision

from portal.models import HomePage
from portal.tasks import publish_scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def schedule(page, go_live_at):
    revision = page.save_revision()
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    return revision


def make_due(revision):
    """What the passing of time does to a scheduled revision."""
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=past, content=revision.content
    )


def test_beat_runs_scheduled_publishing_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled"]
    assert entry == {"task": "portal.publish_scheduled", "schedule": 60.0}


def test_a_page_scheduled_in_the_past_is_live_after_the_task(demo_site):
    hmong = HomePage.objects.get(locale__language_code="hmn")
    hmong.unpublish()
    revision = schedule(hmong, timezone.now() + timedelta(hours=1))
    hmong.refresh_from_db()
    assert not hmong.live
    make_due(revision)
    publish_scheduled.delay()
    hmong.refresh_from_db()
    assert hmong.live


def test_a_page_scheduled_in_the_future_stays_as_it_is(demo_site):
    hmong = HomePage.objects.get(locale__language_code="hmn")
    hmong.unpublish()
    schedule(hmong, timezone.now() + timedelta(hours=1))
    publish_scheduled.delay()
    hmong.refresh_from_db()
    assert not hmong.live


def test_scheduled_publishing_purges_the_cached_page(client, demo_site):
    client.get("/vi/")
    demo_site.title = "Tháng hành động vì trẻ em"
    revision = schedule(demo_site, timezone.now() + timedelta(hours=1))
    assert "Tháng hành động vì trẻ em" not in client.get("/vi/").content.decode()
    make_due(revision)
    publish_scheduled.delay()
    assert "Tháng hành động vì trẻ em" in client.get("/vi/").content.decode()


def test_an_expired_page_is_unpublished(demo_site):
    hmong = HomePage.objects.get(locale__language_code="hmn")
    HomePage.objects.filter(pk=hmong.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    publish_scheduled.delay()
    hmong.refresh_from_db()
    assert not hmong.live
    assert hmong.expired
