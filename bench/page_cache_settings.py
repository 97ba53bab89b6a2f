"""Production settings for bench_page_cache.py: plus a constant view, a fallback
article template, and static files read without a collectstatic run."""

import os

from portal.settings import *  # noqa: F403
from portal.settings import BASE_DIR, STORAGES, TEMPLATES

ROOT_URLCONF = "page_cache_urls"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Used only when campaigns has no article template of its own.
TEMPLATES = [
    *TEMPLATES,
    {
        "NAME": "bench-fallback",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bench" / "templates", *TEMPLATES[0]["DIRS"]],
        "APP_DIRS": True,
        "OPTIONS": TEMPLATES[0]["OPTIONS"],
    },
]
# BENCH_CACHE_URL=redis://… measures with Redis as in production (its own key prefix);
# otherwise each gunicorn worker has a local-memory cache.
if os.environ.get("BENCH_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_CACHE_URL"],
            "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "bench-page-cache"),
        }
    }
