"""A Redis cache that fails open: with Redis unreachable it answers as an empty cache.

A page, an API answer or a contest entry must never fail because the cache is
down: a read finds nothing (the page is rendered), a write is dropped. After a
failure the cache is not tried again for ``RETRY_SECONDS``, so a Redis that
times out costs one timeout per process every few seconds, not one per call.

Only the page cache's purge (``incr``) must know that it did not happen, or a
stale page would be served when Redis returns: ``incr`` raises ``Unavailable``
and the caller keeps the work in the outbox (see ``portal.page_cache.purge``).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class Unavailable(Exception):
    """The cache could not do something that must not be silently dropped."""


def _redis_errors():
    import redis

    return (redis.RedisError, OSError)


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def available(self):
        """False while this process treats Redis as down (after a failure, for a few seconds)."""
        return time.monotonic() >= self._down_until

    def _failed(self, operation, error):
        with self._lock:
            if self.available():
                logger.warning("Cache unavailable (%s): %s; serving without it", operation, error)
            self._down_until = time.monotonic() + RETRY_SECONDS

    def _call(self, operation, default, *args, **kwargs):
        if not self.available():
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except _redis_errors() as error:
            self._failed(operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        if not self.available():
            raise Unavailable("cache down")
        try:
            return super().incr(key, delta, version)
        except _redis_errors() as error:
            self._failed("incr", error)
            raise Unavailable(str(error)) from error


def available(cache):
    """Whether ``cache`` is usable now (any cache but a fail-open one always is)."""
    probe = getattr(cache, "available", None)
    return probe() if probe is not None else True
