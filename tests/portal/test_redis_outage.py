"""Issue 12, item 2 (pages, sessions, publishing): with Redis stopped the site goes on, and
what had to wait is done once, not twice, when Redis returns.

A real redis-server that this test starts and stops on a port of its own; the
"web" process that serves and publishes while it is down, the Celery worker and
beat's dispatcher are separate processes sharing the test database.
"""

import json
import subprocess
import sys

import pytest
import redis
from django.contrib.auth import get_user_model

from events.models import FollowUp
from portal.page_cache import GENERATION_KEY, PURGE_FOLLOW_UP
from portal.task_backend import DJANGO_TASK_FOLLOW_UP
from tests.events.test_redis_outage import (
    DISPATCH,
    REPO,
    process_env,
    redis_server,  # noqa: F401 (a fixture)
    run_python,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)

WHILE_DOWN = """
import json, sys
import django; django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page
from tests.portal.sample_tasks import add_and_describe
out = {}
visitor = Client()
out["page"] = [visitor.get("/vi/").status_code for _ in range(2)]
page = Page.objects.get(pk=int(sys.argv[1])).specific
page.title = "Trang chủ khi Redis dừng"
page.save_revision().publish()
out["published"] = Page.objects.get(pk=page.pk).title
add_and_describe.using(backend="celery").enqueue(2, 3)
editor = Client()
editor.force_login(get_user_model().objects.get(username=sys.argv[2]))
out["admin"] = editor.get("/admin/").status_code
out["page_after"] = visitor.get("/vi/").status_code
print(json.dumps(out))
"""


def test_pages_sessions_and_publishing_go_on_while_redis_is_down_and_catch_up_once_after(
    demo_site,
    redis_server,  # noqa: F811 (the fixture)
):
    get_user_model().objects.create_superuser("quantri", "qt@example.org", "matkhau-dai")
    env = process_env(redis_server.url)  # the server is not started: Redis is down

    down = run_python(WHILE_DOWN, str(demo_site.pk), "quantri", env=env)
    assert down.returncode == 0, down.stderr
    seen = json.loads(down.stdout.strip().splitlines()[-1])
    assert seen == {
        "page": [200, 200],
        "published": "Trang chủ khi Redis dừng",
        "admin": 200,
        "page_after": 200,
    }
    waiting = FollowUp.objects.filter(kind__in=[PURGE_FOLLOW_UP, DJANGO_TASK_FOLLOW_UP])
    assert waiting.filter(kind=PURGE_FOLLOW_UP).exists()
    assert waiting.filter(kind=DJANGO_TASK_FOLLOW_UP).count() == 1
    assert not waiting.filter(done_at__isnull=False).exists()

    # Redis returns; a worker starts; beat's dispatcher runs twice, as it may.
    redis_server.start()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=REPO,
        env=env,
    )  # fmt: skip
    try:
        for _minute in range(2):
            dispatched = run_python(DISPATCH, env=env)
            assert dispatched.returncode == 0, dispatched.stderr
        wait_until(
            lambda: not waiting.filter(done_at__isnull=True).exists(),
            "the worker to do what waited",
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    assert all(row.attempts == 1 for row in waiting)  # 0 lost, 0 doubled
    client = redis.Redis.from_url(redis_server.url)
    assert client.keys(f"*{GENERATION_KEY}")  # the purge reached the returned cache
