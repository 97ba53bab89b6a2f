"""What the page-weight benchmarks share: a private production-like environment,
the assets a page references, and their size as they travel (gzip)."""

import gzip
import os
import secrets
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
KB = 1024


class AssetLinks(HTMLParser):
    """Collects the stylesheets, scripts and preloaded fonts an HTML page references."""

    def __init__(self):
        super().__init__()
        self.css, self.js, self.fonts = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and attrs.get("href"):
            self.css.append(attrs["href"])
        elif tag == "link" and "preload" in rel and attrs.get("as") == "font":
            self.fonts.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.js.append(attrs["src"])


def configure_environment(workdir):
    """Production settings on a private database, set before Django is imported."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "WARNING",
        }
    )
    for name in ("REDIS_URL", "PLAUSIBLE_HOST", "PLAUSIBLE_DOMAIN"):
        os.environ.pop(name, None)
    # whitenoise warns about a missing STATIC_ROOT; nothing is collected into it.
    (workdir / "static").mkdir()
    sys.path.insert(0, str(ROOT))


def gzip_size(data, level):
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def static_file(url):
    """The bytes of a same-origin static file, or None for another host or path."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    parts = urlsplit(url)
    if parts.netloc or not parts.path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(parts.path.removeprefix(settings.STATIC_URL))
    if not found:
        raise SystemExit(f"the page references {url}, which no static finder has")
    return Path(found).read_bytes()
