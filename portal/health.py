"""Probes for /healthz: each answers "ok" or a short reason, and never raises."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection

PROBE_TIMEOUT_SECONDS = 2


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def cache_backend():
    cache.set("healthz", "ok", timeout=10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was written")
    return "ok"


def broker():
    if not settings.REDIS_URL:
        return "ok"  # in-process tasks: there is no broker to lose
    with Connection(settings.REDIS_URL, connect_timeout=PROBE_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT_SECONDS)
    return "ok"


PROBES = {"database": database, "cache": cache_backend, "broker": broker}


def check_all():
    results = {}
    for name, probe in PROBES.items():
        try:
            results[name] = probe()
        except Exception as exc:  # a health check reports failure; it does not raise it
            results[name] = f"error: {type(exc).__name__}"
    return results
