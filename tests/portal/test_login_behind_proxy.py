"""Behind the README's proxy, a stranger's wrong passwords lock the stranger's own address,
not the address they write into X-Forwarded-For."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

URL = "/admin/login/"
PROXY = "10.0.0.1"
VICTIM = "198.51.100.7"
STRANGER = "203.0.113.66"


def login(client, password, forwarded):
    # One proxy in front: it appends the address it received the request from.
    return client.post(
        URL,
        {"username": "officer", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_strangers_failures_lock_the_stranger_and_not_the_user(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    get_user_model().objects.create_user("officer", password="correct horse battery")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong", f"{VICTIM}, {STRANGER}")  # the first entry is the stranger's lie

    assert login(client, "correct horse battery", f"{VICTIM}, {STRANGER}").status_code == 429
    client.cookies.clear()
    assert login(client, "correct horse battery", VICTIM).status_code == 302
