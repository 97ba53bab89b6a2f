"""Issue 12, item 3: publishing purges a reverse proxy through wagtail.contrib.frontend_cache.

A real HTTP server in a thread stands for nginx's purge listener and records the
PURGE requests it receives (method, path, Host).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from events import follow_ups
from events.models import FollowUp
from portal.frontend_cache import PURGE_FOLLOW_UP

pytestmark = pytest.mark.django_db


@pytest.fixture
def purge_listener(settings):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append((self.path, self.headers["Host"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield received
    server.shutdown()
    server.server_close()


def test_a_publish_purges_the_page_at_once_and_then_every_page_and_the_api_lists(
    demo_site, purge_listener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demo_site.title = "Tháng hành động phòng, chống mại dâm"
        demo_site.save_revision().publish()
    assert ("/vi/", "localhost") in purge_listener or any(
        path == "/vi/" for path, _host in purge_listener
    )
    waiting = FollowUp.objects.filter(kind=PURGE_FOLLOW_UP)
    assert waiting.count() == 1  # one purge for all the rows the publish saved
    follow_ups.dispatch()  # what beat's dispatcher (or the on-commit send) does
    paths = {path for path, _host in purge_listener}
    assert {"/vi/", "/hmn/", "/km/", "/api/v1/materials", "/api/v1/contests"} <= paths
    assert waiting.get().done_at is not None


def test_without_a_proxy_nothing_is_queued(demo_site, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    demo_site.save_revision().publish()
    assert not FollowUp.objects.filter(kind=PURGE_FOLLOW_UP).exists()
