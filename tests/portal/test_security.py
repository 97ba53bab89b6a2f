import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

REPO = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides):
    # A clean environment: only what the operator would set, plus the database of the run.
    env = {key: os.environ[key] for key in ("PATH", "HOME", "DATABASE_URL") if key in os.environ}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_with_debug_off_stops_with_one_clear_sentence():
    result = run_manage("check", env_overrides={"DEBUG": "0"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "SECRET_KEY must be set when DEBUG is off: put a long random value in the "
        "SECRET_KEY environment variable (see the README)."
    ]


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "0",
            "SECRET_KEY": "x7#kP9!vQ2@mZ4$wR8^tY6&uI0*oL3(eN5)aS1-dF" * 2,
            "ALLOWED_HOSTS": "example.org",
            "EMAIL_HOST": "smtp.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_public_pages_carry_a_csp_without_nonce_and_no_inline_script(client, demo_site):
    response = client.get("/vi/")
    policy = response["Content-Security-Policy"]
    assert "'nonce-" not in policy and "'unsafe-inline'" not in policy
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts
    for tag in scripts:
        assert 'src="' in tag and "nonce=" not in tag
    assert re.search(r"<script[^>]*>\s*[^<\s]", response.text) is None


@pytest.mark.django_db
def test_pages_name_no_third_party_host(client, demo_site):
    html = client.get("/vi/").text
    # Canonical and hreflang links name the site itself, absolutely, as search engines want.
    hosts = set(re.findall(r'(?:src|href)="(?:https?:)?//([^/"]+)', html))
    assert hosts <= {demo_site.get_site().hostname, urlsplit(settings.BASE_URL).hostname}


@pytest.mark.parametrize(
    "password",
    ["short7!", "password123", "a" * 65],
    ids=["too-short", "common", "too-long"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_64_character_passphrase_is_accepted():
    validate_password("ngựa phi đường xa, áo bào gió cuốn, mùa thu Hà Nội 2026 xanh ngắt"[:64])


@pytest.mark.django_db
def test_login_locks_after_repeated_failures_for_that_username_and_ip_only(client, settings):
    get_user_model().objects.create_user("officer", password="correct horse battery")
    url = "/admin/login/"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "officer", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post(
        url, {"username": "officer", "password": "correct horse battery"}, REMOTE_ADDR="10.0.0.1"
    )
    assert locked.status_code == 429
    other_ip = client.post(
        url, {"username": "officer", "password": "correct horse battery"}, REMOTE_ADDR="10.0.0.2"
    )
    assert other_ip.status_code == 302
