"""Keeping bots, floods and answer-key oracles out without a third-party CAPTCHA.

Rate limits count requests in fixed windows: per client address (an IPv4
address, or the /64 network of an IPv6 one, which is what one subscriber gets),
per phone number (under a keyed hash, never the number) and per device. All the
counters of one request go to Redis in one command (a small Lua script) on one
connection kept by the process. When there is no Redis, or Redis does not
answer, each process counts in its own memory (a looser limit, never a refused
entrant), and tries Redis again a few seconds later.

The entry form carries a honeypot field that people never see and a signed
stamp that expires; nothing refuses a person for being quick.
"""

import ipaddress
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.analytics import client_ip

HONEYPOT_FIELD = "website"
FORM_STAMP_FIELD = "form_stamp"
FORM_STAMP_SALT = "contests.entry-form"
FORM_STAMP_MAX_AGE = 24 * 3600
KEY_PREFIX = "contests:rate"
# After Redis failed, count in memory for this long before trying it again.
REDIS_RETRY_SECONDS = 5


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


# --- Counters -------------------------------------------------------------------------


class _MemoryCounters:
    """Fixed-window counters in this process: the limiter when Redis is absent or down."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {}

    def hit(self, keys, now):
        with self._lock:
            if len(self._counts) > 100_000:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            counts = []
            for key, expires in keys:
                count, until = self._counts.get(key, (0, expires))
                if until <= now:
                    count, until = 0, expires
                self._counts[key] = (count + 1, until)
                counts.append(count + 1)
            return counts

    def clear(self):
        with self._lock:
            self._counts.clear()


_memory = _MemoryCounters()
_redis = {"url": None, "client": None, "count": None, "down_until": 0.0}
# Every counter of a request in one command (a pipeline of two commands per counter costs
# the web process several times the CPU): each key counted, and given its seconds to live
# (to the end of its window) when new.
COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[i]) end
  counts[i] = n
end
return counts
"""


def _redis_client():
    url = settings.REDIS_URL
    if not url or time.monotonic() < _redis["down_until"]:
        return None
    if _redis["url"] != url:
        import redis

        _redis["client"] = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, health_check_interval=30
        )
        _redis["count"] = _redis["client"].register_script(COUNT_SCRIPT)
        _redis["url"] = url
    return _redis["client"]


def hit(keys: list[tuple[str, int]], now: float | None = None) -> list[int]:
    """Count one request under each ``(key, expires_at)``; the counts so far, in order."""
    now = time.time() if now is None else now
    client = _redis_client()
    if client is not None:
        import redis

        prefix = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:{KEY_PREFIX}"
        try:
            return _redis["count"](
                keys=[f"{prefix}:{key}" for key, _expires in keys],
                args=[max(1, int(expires - now) + 1) for _key, expires in keys],
            )
        except redis.RedisError:
            _redis["down_until"] = time.monotonic() + REDIS_RETRY_SECONDS
    return _memory.hit(keys, now)


def reset():
    """Forget this process's memory counters and Redis state (tests start clean)."""
    _memory.clear()
    _redis.update(url=None, client=None, count=None, down_until=0.0)


def _window(scope, subject, limit_window, now):
    limit, window = limit_window
    bucket = int(now // window)
    return (f"{scope}:{subject}:{bucket}", (bucket + 1) * window), limit


def check(windows, now: float | None = None):
    """Count one request in each ``(scope, subject, (limit, window))``; Limited if any is over."""
    now = time.time() if now is None else now
    keyed = [_window(scope, subject, limit_window, now) for scope, subject, limit_window in windows]
    counts = hit([key for key, _limit in keyed], now)
    over = [
        int(expires - now)
        for ((_key, expires), limit), used in zip(keyed, counts, strict=True)
        if used > limit
    ]
    if over:
        raise Limited(retry_after=max(1, max(over)))


def count(scope: str, subject: str, limit: int, window: int, now: float | None = None) -> int:
    """Count one request of ``subject`` in the current window; Limited beyond ``limit``."""
    now = time.time() if now is None else now
    (key, expires), _limit = _window(scope, subject, (limit, window), now)
    [used] = hit([(key, expires)], now)
    if used > limit:
        raise Limited(retry_after=max(1, int(expires - now)))
    return used


# --- Who is asking --------------------------------------------------------------------


def client_network(request) -> str:
    """The client's address for limits: an IPv4 address, or an IPv6 address's /64."""
    ip = client_ip(request)
    if not ip:
        return "unknown"
    address = ipaddress.ip_address(ip)
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def limit_start(request, phone_key: str | None = None):
    """Limits on starting attempts: per client address and, once known, per phone (hashed)."""
    windows = [("start-ip", client_network(request), settings.CONTEST_START_LIMIT_PER_IP)]
    if phone_key:
        windows.append(("start-phone", phone_key, settings.CONTEST_START_LIMIT_PER_PHONE))
    check(windows)


def limit_code(request, phone_key: str):
    """Limits on sending one-time codes: each costs an SMS and a chance to guess."""
    check(
        [
            ("code-ip", client_network(request), settings.CONTEST_CODE_LIMIT_PER_IP),
            ("code-phone", phone_key, settings.CONTEST_CODE_LIMIT_PER_PHONE),
        ]
    )


def limit_submit(request):
    check([("submit-ip", client_network(request), settings.CONTEST_SUBMIT_LIMIT_PER_IP)])


def may_score_at_once(request, round_id, closes_at, allowed: int, device: str = "") -> bool:
    """Whether this submission's score may be shown before the round closes.

    Each client address (IPv4, or IPv6 /64) and each device sees at most
    ``allowed`` scores per round; past that, as when Redis cannot tell, the
    score waits for the round to close. So learning the answer key from scores
    takes more attempts than one address gets in a round.
    """
    if _redis_client() is None and settings.REDIS_URL:
        return False  # Redis is down: counts per process would multiply the allowance.
    expires = closes_at.timestamp()
    keys = [(f"scored:{round_id}:ip:{client_network(request)}", expires)]
    if device:
        keys.append((f"scored:{round_id}:device:{device}", expires))
    counts = hit(keys)
    if settings.REDIS_URL and _redis_client() is None:
        return False
    return max(counts) <= allowed


# --- The entry form ---------------------------------------------------------------


def form_stamp(now: float | None = None) -> str:
    """A signed stamp for the entry form, checked when the form comes back."""
    return signing.dumps({"t": time.time() if now is None else now}, salt=FORM_STAMP_SALT)


def check_form(data):
    """Refuse a form with the honeypot filled, or without a valid, unexpired stamp.

    However quickly a person sends the form back (after a reload, with the
    browser's autofill), it is accepted: only bots fill the hidden field.
    """
    if data.get(HONEYPOT_FIELD):
        raise FormRefused(_("Không gửi được bài dự thi. Vui lòng tải lại trang và thử lại."))
    try:
        signing.loads(
            data.get(FORM_STAMP_FIELD, ""), salt=FORM_STAMP_SALT, max_age=FORM_STAMP_MAX_AGE
        )
    except signing.BadSignature:
        raise FormRefused(
            _("Trang đã mở quá lâu. Thông tin bạn điền vẫn còn: vui lòng bấm gửi lại.")
        ) from None
