"""The shared cache: Redis when CARRE_REDIS_URL is set, the database otherwise.

Every web process and node must see the same cache: allauth counts failed
logins in it, and a per-process cache would give each gunicorn worker its own
count (see carre.checks). Sessions are not in the cache but in the database,
so they survive a restart of a node or of Redis.

A Redis that stops answering must not turn pages into 500s: `RedisCache` here
logs the error and carries on as if the key were missing (reads) or the write
were lost (writes). What must not degrade checks `is_reachable()` first: the
login limits refuse logins while the cache is down (accounts.adapter).
"""

import logging
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# The table of Django's database cache, created by carre's migration 0003.
DATABASE_CACHE_TABLE = "carre_cache"
REDIS_SCHEMES = {"redis", "rediss", "unix"}
# A Redis that hangs must not hold a request for long.
REDIS_TIMEOUT_SECONDS = 2
# Seconds between two log lines about the same outage, per process.
LOG_EVERY = 60

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def cache_settings(redis_url: str) -> dict:
    """The default cache: Redis at redis_url, or Django's database cache."""
    if not redis_url:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
        }
    parts = urlsplit(redis_url)
    if parts.scheme not in REDIS_SCHEMES or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(
            "CARRE_REDIS_URL must look like redis://redis:6379/0 (or rediss://, "
            f"unix://); got {parts.scheme or 'no scheme'}://…"
        )
    return {
        "BACKEND": "carre.cache.RedisCache",
        "LOCATION": redis_url,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
        },
    }


class RedisCache(DjangoRedisCache):
    """Django's Redis cache that degrades instead of failing when Redis is down.

    Reads answer the default, writes are dropped (`add` answers False, so a
    lock taken with it is not taken); each outage is logged. `incr`/`decr`
    still raise: a counter must not silently restart from nothing.
    """

    _last_logged = 0.0

    def is_reachable(self) -> bool:
        try:
            return bool(self._cache.get_client(write=True).ping())
        except UNREACHABLE as error:
            self._log(error)
            return False

    def _log(self, error: Exception) -> None:
        now = time.monotonic()
        if now - RedisCache._last_logged >= LOG_EVERY or not RedisCache._last_logged:
            RedisCache._last_logged = now
            logger.warning("Redis cache unreachable, going on without it: %s", error)

    def _degrade(self, method, default, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as error:
            self._log(error)
            return default

    def get(self, key, default=None, version=None):
        return self._degrade(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._degrade(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._degrade(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, **kwargs):
        return self._degrade(super().add, False, key, value, timeout, **kwargs)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, **kwargs):
        return self._degrade(super().set, None, key, value, timeout, **kwargs)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, **kwargs):
        # Every key failed: set_many's answer is the keys it could not store.
        return self._degrade(super().set_many, list(data), data, timeout, **kwargs)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, **kwargs):
        return self._degrade(super().touch, False, key, timeout, **kwargs)

    def delete(self, key, version=None):
        return self._degrade(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._degrade(super().delete_many, None, keys, version)

    def clear(self):
        return self._degrade(super().clear, False)


def is_reachable(cache) -> bool:
    """Whether the cache answers (always, for backends that cannot be "down")."""
    probe = getattr(cache, "is_reachable", None)
    return probe() if probe else True
