"""Keeping bots and floods out without a third-party CAPTCHA.

Rate limits count requests per client IP and per phone number in fixed
windows in the cache (Redis in production: ``incr`` is atomic, and each
counter expires with its window). The entry form carries a honeypot field
that people never see and a signed time stamp: a form sent back faster than a
person can fill it, or with the honeypot filled, is refused.
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.analytics import client_ip

HONEYPOT_FIELD = "website"
FORM_STAMP_FIELD = "form_stamp"
FORM_STAMP_SALT = "contests.entry-form"
FORM_STAMP_MAX_AGE = 6 * 3600


@dataclass
class Limited(Exception):
    """Too many requests; ``retry_after`` in seconds."""

    retry_after: int

    @property
    def message(self):
        minutes = max(1, math.ceil(self.retry_after / 60))
        return ngettext(
            "Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
            "Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
            minutes,
        ) % {"minutes": minutes}


class FormRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def count(scope: str, subject: str, limit: int, window: int, now: float | None = None) -> int:
    """Count one request of ``subject`` in the current window; Limited beyond ``limit``."""
    now = time.time() if now is None else now
    bucket = int(now // window)
    key = f"contests:rate:{scope}:{subject}:{bucket}"
    # add() only sets a missing key, so the expiry is set once per window.
    cache.add(key, 0, window + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, window + 1)
        used = 1
    if used > limit:
        raise Limited(retry_after=max(1, int((bucket + 1) * window - now)))
    return used


def limit_start(request, phone: str | None = None):
    """Limits on starting attempts: per client IP and, once known, per phone number."""
    limit, window = settings.CONTEST_START_LIMIT_PER_IP
    count("start-ip", client_ip(request) or "unknown", limit, window)
    if phone:
        limit, window = settings.CONTEST_START_LIMIT_PER_PHONE
        count("start-phone", phone, limit, window)


def limit_submit(request):
    limit, window = settings.CONTEST_SUBMIT_LIMIT_PER_IP
    count("submit-ip", client_ip(request) or "unknown", limit, window)


def form_stamp(now: float | None = None) -> str:
    """A signed time stamp for the entry form, checked when the form comes back."""
    return signing.dumps({"t": time.time() if now is None else now}, salt=FORM_STAMP_SALT)


def check_form(data, now: float | None = None):
    """Refuse a form with the honeypot filled, or sent back too fast or without a valid stamp."""
    now = time.time() if now is None else now
    if data.get(HONEYPOT_FIELD):
        raise FormRefused(_("Không gửi được bài dự thi. Vui lòng tải lại trang và thử lại."))
    try:
        stamp = signing.loads(
            data.get(FORM_STAMP_FIELD, ""), salt=FORM_STAMP_SALT, max_age=FORM_STAMP_MAX_AGE
        )
    except signing.BadSignature:
        raise FormRefused(
            _("Trang đã mở quá lâu hoặc không hợp lệ. Vui lòng tải lại trang và điền lại.")
        ) from None
    if now - float(stamp.get("t", now)) < settings.CONTEST_FORM_MIN_SECONDS:
        raise FormRefused(_("Bạn gửi nhanh quá. Vui lòng kiểm tra lại thông tin rồi gửi lại."))
