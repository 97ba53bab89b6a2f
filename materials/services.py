"""Counting downloads and QR scans, and the short codes QR codes point to."""

import re
import secrets

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from materials.models import DownloadCount, QrCode, ScanCount

# Crawlers, link previewers and monitors name themselves in their User-Agent.
KNOWN_BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|linkpreview|"
    r"validator|monitor|pingdom|uptime|lighthouse|headlesschrome|phantomjs|"
    r"python-requests|python-urllib|curl/|wget/|go-http-client|okhttp|java/|libwww|httpclient",
    re.IGNORECASE,
)
BATCH_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,32}$")


def is_bot(user_agent):
    """A request without a User-Agent, or from a known robot, is not a reader."""
    return not user_agent.strip() or bool(KNOWN_BOTS.search(user_agent))


def is_counted_download(request):
    """Only a reader's full GET counts: not HEAD, not a Range (a resumed or chunked fetch),
    not a robot. A 304 revalidation is decided by the view, which never counts it."""
    if request.method != "GET":
        return False
    if "HTTP_RANGE" in request.META:
        return False
    return not is_bot(request.META.get("HTTP_USER_AGENT", ""))


def _increment(table, key_columns, key_values):
    """Add one to a day's counter in one statement: concurrent requests never lose an update.

    INSERT … ON CONFLICT DO UPDATE takes the row lock in the database, so on
    PostgreSQL (and SQLite) a hundred simultaneous downloads add exactly a hundred.
    """
    quoted = connection.ops.quote_name
    columns = ", ".join(quoted(c) for c in [*key_columns, "count"])
    placeholders = ", ".join(["%s"] * (len(key_columns) + 1))
    conflict = ", ".join(quoted(c) for c in key_columns)
    table_name = quoted(table)
    sql = (
        f"INSERT INTO {table_name} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {quoted('count')} = "
        f"{table_name}.{quoted('count')} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key_values, 1])


def local_today():
    return timezone.localdate()


def record_download(material, language):
    """Count one real download of ``material`` (the page holding the files) in ``language``."""
    _increment(
        DownloadCount._meta.db_table,
        ["material_id", "language", "day"],
        [material.pk, language, local_today()],
    )


def clean_batch(batch):
    """A print-batch code as printed (e.g. 2025-10); anything else counts as no batch."""
    batch = (batch or "").strip()
    return batch if BATCH_PATTERN.match(batch) else ""


def record_scan(qr_code, batch=""):
    """Count one scan of a printed QR code, per print batch and day."""
    _increment(
        ScanCount._meta.db_table,
        ["qr_code_id", "batch", "day"],
        [qr_code.pk, clean_batch(batch), local_today()],
    )


def qr_code_for(material, language):
    """The short code of ``material`` in ``language``, made once and then reused for every print."""
    existing = QrCode.objects.filter(material=material, language=language).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        code = secrets.token_urlsafe(5).replace("-", "").replace("_", "")[:6].upper()
        if len(code) < 6 or QrCode.objects.filter(code=code).exists():
            continue
        try:
            with transaction.atomic():
                return QrCode.objects.create(code=code, material=material, language=language)
        except IntegrityError:  # a concurrent creation of the same pair, or of the code
            existing = QrCode.objects.filter(material=material, language=language).first()
            if existing is not None:
                return existing
    raise RuntimeError("could not allocate a QR short code")
