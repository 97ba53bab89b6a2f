import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from common import plausible
from common.analytics import client_ip, send_event
from common.plausible import PlausibleUnavailable, deliver, post_event
from common.tasks import deliver_plausible_event
from portal.celery import app
from tests.portal.plausible_server import RecordingPlausible

REPO = Path(__file__).resolve().parents[2]
EVENT = {"name": "Download", "domain": "outreach.example", "url": "https://x/vi/", "props": {}}
ANDROID = "Mozilla/5.0 (Linux; Android 10; SM-A105F) AppleWebKit/537.36 Chrome/120 Mobile"


def plausible_at(url):
    return override_settings(PLAUSIBLE_HOST=url, PLAUSIBLE_DOMAIN="outreach.example")


def download_request(**meta):
    return RequestFactory().get(
        "/vi/tai-lieu/to-roi-hmong/tai-ve/hmn/",
        HTTP_USER_AGENT=ANDROID,
        HTTP_REFERER="https://outreach.example/vi/tai-lieu/",
        **meta,
    )


def test_event_carries_the_page_url_the_visitor_agent_and_ip_and_props():
    request = download_request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    with RecordingPlausible() as server, plausible_at(server.url):
        with override_settings(TRUSTED_PROXY_COUNT=1):
            send_event(request, "Download", props={"material": 42, "language": "hmn"})
        [received] = server.wait_for(1)
    assert received["path"] == "/api/event"
    assert received["content_type"] == "application/json"
    assert received["user_agent"] == ANDROID
    assert received["forwarded_for"] == "203.0.113.7"
    assert received["body"] == {
        "name": "Download",
        "domain": "outreach.example",
        "url": "http://testserver/vi/tai-lieu/to-roi-hmong/tai-ve/hmn/",
        "referrer": "https://outreach.example/vi/tai-lieu/",
        "props": {"material": "42", "language": "hmn"},
    }


def test_an_explicit_url_replaces_the_request_address():
    with RecordingPlausible() as server, plausible_at(server.url):
        send_event(download_request(), "QR scan", url="https://outreach.example/vi/to-roi/")
        [received] = server.wait_for(1)
    assert received["body"]["url"] == "https://outreach.example/vi/to-roi/"


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_a_forwarded_for_header_is_ignored():
    request = download_request(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "198.51.100.9"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right():
    # The visitor forged the first entry; the CDN and the load balancer appended theirs.
    request = download_request(
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.1"
    )
    assert client_ip(request) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forwarded_for_that_is_not_an_address_gives_no_ip():
    request = download_request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(request) == ""


def test_nothing_is_sent_when_plausible_is_not_configured():
    with RecordingPlausible() as server:
        with override_settings(PLAUSIBLE_HOST="", PLAUSIBLE_DOMAIN=""):
            send_event(download_request(), "Download")
        assert server.received == []


def test_the_client_waits_two_seconds_at_most_for_a_slow_server():
    assert plausible.TIMEOUT_SECONDS == 2
    with RecordingPlausible(hang=True) as server, plausible_at(server.url):
        with pytest.raises(PlausibleUnavailable):
            post_event(EVENT, ANDROID, "203.0.113.7")
        assert len(server.received) == 1


@pytest.fixture
def eager_retries():
    """Let an eagerly applied task run its retries in turn (Celery ignores the countdown)."""
    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = propagates


def test_the_task_retries_a_server_error_three_times(eager_retries, caplog):
    with RecordingPlausible(statuses=[500]) as server, plausible_at(server.url):
        with caplog.at_level(logging.WARNING):
            result = deliver_plausible_event.apply(args=(EVENT, ANDROID, "203.0.113.7"))
        assert result.failed()
        assert len(server.received) == 4
    assert "Plausible answered 500 to event Download" in caplog.text


def test_a_task_retry_after_a_server_error_delivers_the_event(eager_retries):
    with RecordingPlausible(statuses=[503, 202]) as server, plausible_at(server.url):
        result = deliver_plausible_event.apply(args=(EVENT, ANDROID, "203.0.113.7"))
        assert result.get() == 202
        assert len(server.received) == 2


def test_the_task_logs_a_refused_event_and_does_not_retry_it(eager_retries, caplog):
    with RecordingPlausible(statuses=[400, 202]) as server, plausible_at(server.url):
        with caplog.at_level(logging.ERROR):
            result = deliver_plausible_event.apply(args=(EVENT, ANDROID, "203.0.113.7"))
        assert result.get() == 400
        assert len(server.received) == 1
    assert "Plausible refused event Download with 400" in caplog.text


def test_in_process_delivery_retries_a_server_error_then_gives_up(caplog):
    with RecordingPlausible(statuses=[500]) as server, plausible_at(server.url):
        with caplog.at_level(logging.ERROR):
            assert deliver(EVENT, ANDROID, "203.0.113.7", backoff=0) is None
        assert len(server.received) == 4
    assert "Plausible event Download dropped after 4 attempts" in caplog.text


def test_in_process_delivery_does_not_retry_a_refused_event():
    with RecordingPlausible(statuses=[422, 202]) as server, plausible_at(server.url):
        assert deliver(EVENT, ANDROID, "203.0.113.7", backoff=0) == 422
        assert len(server.received) == 1


def test_a_network_error_is_retryable():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    with plausible_at(f"http://127.0.0.1:{closed_port}"), pytest.raises(PlausibleUnavailable):
        post_event(EVENT, ANDROID, "203.0.113.7")


def test_send_event_returns_before_a_hanging_server_answers():
    with RecordingPlausible(hang=True, statuses=[202]) as server, plausible_at(server.url):
        send_event(download_request(), "Download")
        # A blocking send would have sat through every timed-out attempt by now.
        assert len(server.received) <= 1
        server.wait_for(1)
        server.release()


def test_send_event_with_the_server_down_returns_without_raising():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    with plausible_at(f"http://127.0.0.1:{closed_port}"):
        assert send_event(download_request(), "Download") is None


@pytest.mark.django_db
def test_pages_carry_no_plausible_script_by_default(client, demo_site):
    assert "/js/script.js" not in client.get("/vi/").text


@pytest.mark.django_db
def test_pages_carry_plausible_script_from_the_configured_host(client, demo_site):
    with plausible_at("https://stats.example.org"):
        html = client.get("/vi/").text
    assert 'src="https://stats.example.org/js/script.js"' in html
    assert 'data-domain="outreach.example"' in html


def test_the_policy_allows_the_plausible_host_for_scripts_and_events_only_when_set():
    code = "from django.conf import settings; print(settings.SECURE_CSP['{}'])"
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PLAUSIBLE_HOST": "https://stats.example.org/",
    }

    def directive(name, **extra):
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code.format(name)],
            cwd=REPO,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout

    assert "https://stats.example.org'" in directive("script-src")
    assert "https://stats.example.org'" in directive("connect-src")
    assert "stats.example.org" not in directive("connect-src", PLAUSIBLE_HOST="")
