"""The Redis cache, made to degrade instead of taking the site down with it.

Redis holds nothing the site cannot do without: the policy timeline is a copy of database rows,
the throttles' counters are a safety measure, Celery's queue waits. So when Redis is gone,
every page that does not need it must keep serving from the database (issue 10), and it must
not pay a timeout per cache call to find that out. This backend is Django's RedisCache with:

- short connect and read timeouts, and no retries (redis-py retries by default in some
  versions): a dead or unreachable Redis costs one short wait, not seconds;
- a small circuit breaker shared by every thread of the process: after a connection failure
  the cache is skipped for COOLDOWN seconds, then one call probes it again; a success closes
  the breaker, so recovery needs no restart;
- a clear contract for each kind of call while Redis is unavailable:
  reads (get, get_many, has_key) are a miss; writes (set, set_many, touch) do nothing;
  deletes do nothing now and are replayed once Redis answers again, so an invalidation made
  during the outage (a policy version published) is not lost on a Redis that kept its data;
  add, incr and decr raise CacheUnavailable, because their answer is a decision (a lock won,
  a counter's value, a code seen once) that only the caller can take safely without Redis.
  A CacheUnavailable nobody catches becomes a 503 page (core.errors), never a 500.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Seconds the cache is skipped after a failure. Short: a restarted Redis is used again within
# seconds; long enough that a busy page (several cache calls) pays at most one timeout.
COOLDOWN = 5.0
# Redis is on the local network: a connection takes well under a millisecond, a small read
# a few. These bound what one request can lose to a Redis that accepts but does not answer.
CONNECT_TIMEOUT = 0.25
SOCKET_TIMEOUT = 0.5


class CacheUnavailable(Exception):
    """The cache could not answer a call whose result the caller must decide on."""


class Breaker:
    """Open for COOLDOWN seconds after a failure; then one caller probes, the others skip."""

    def __init__(self, name: str, cooldown: float = COOLDOWN):
        self.name = name
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._open_until = 0.0  # 0: closed
        self._pending_deletes: set[str] = set()

    @property
    def is_open(self) -> bool:
        return self._open_until > time.monotonic()

    @property
    def needs_closing(self) -> bool:
        # Read without the lock, on every successful call: the common case (closed, nothing
        # to replay) costs no lock; a race only defers a replay to the next call.
        return bool(self._open_until or self._pending_deletes)

    def admit(self) -> bool:
        if not self._open_until:  # closed: the common case, without the lock
            return True
        with self._lock:
            if not self._open_until:
                return True
            now = time.monotonic()
            if now < self._open_until:
                return False
            # Half-open: this caller probes; everyone else keeps skipping meanwhile.
            self._open_until = now + self.cooldown
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            was_closed = not self._open_until
            self._open_until = time.monotonic() + self.cooldown
        if was_closed:
            logger.warning(
                "Redis cache %s unavailable (%s): serving without it, retrying every %ss",
                self.name,
                error,
                self.cooldown,
            )

    def succeeded(self) -> None:
        with self._lock:
            was_open = bool(self._open_until)
            self._open_until = 0.0
        if was_open:
            logger.warning("Redis cache %s available again", self.name)

    def take_deletes(self) -> set[str]:
        with self._lock:
            pending, self._pending_deletes = self._pending_deletes, set()
        return pending

    def remember_deletes(self, keys) -> None:
        with self._lock:
            self._pending_deletes.update(keys)

    def reset(self) -> None:
        """Forget every failure (tests; a process that knows Redis is back)."""
        with self._lock:
            self._open_until = 0.0
            self._pending_deletes = set()


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(server: str) -> Breaker:
    # Django makes a cache object per thread; the breaker is per server and process, so one
    # thread's discovery that Redis is down spares the others the wait.
    with _breakers_lock:
        if server not in _breakers:
            _breakers[server] = Breaker(server.rsplit("@", 1)[-1])  # no password in logs
        return _breakers[server]


_base = RedisCacheClient


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        # One immediate retry on a connection error, for a pooled connection that went stale
        # when Redis restarted (it fails at once; the retry reconnects). None on a timeout:
        # a Redis that does not answer would only make us wait twice.
        options.setdefault(
            "retry", Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError,))
        )
        super().__init__(servers, **options)
        self._unreachable = (redis.ConnectionError, redis.TimeoutError)
        self.breaker = breaker_for(",".join(servers))

    def _call(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        if not self.breaker.admit():
            return fallback()
        try:
            if self.breaker.needs_closing:
                self._replay_deletes()
            result = operation()
        except self._unreachable as error:
            self.breaker.failed(error)
            return fallback()
        if self.breaker.needs_closing:
            self.breaker.succeeded()
        return result

    def _replay_deletes(self) -> None:
        """The outage's deletes, before anything else is asked of Redis: the first read after
        it returns must not see a value the outage meant to invalidate. Raises (keeping them
        for later) when Redis is still away."""
        keys = self.breaker.take_deletes()
        if not keys:
            return
        try:
            _base.delete_many(self, list(keys))
        except self._unreachable:
            self.breaker.remember_deletes(keys)
            raise

    @staticmethod
    def _refuse():
        raise CacheUnavailable("Redis cache unavailable")

    def ping(self) -> bool:
        """A real round trip, even while the breaker is open (health checks); its result
        opens or closes the breaker like any other call."""
        try:
            self.get_client(write=True).ping()
            self._replay_deletes()
        except self._unreachable as error:
            self.breaker.failed(error)
            return False
        self.breaker.succeeded()
        return True

    # Reads: a miss.
    def get(self, key, default):
        return self._call(lambda: _base.get(self, key, default), lambda: default)

    def get_many(self, keys):
        keys = list(keys)
        return self._call(lambda: _base.get_many(self, keys), dict)

    def has_key(self, key):
        return self._call(lambda: _base.has_key(self, key), lambda: False)

    # Writes: nothing.
    def set(self, key, value, timeout):
        return self._call(lambda: _base.set(self, key, value, timeout), lambda: None)

    def set_many(self, data, timeout):
        return self._call(lambda: _base.set_many(self, data, timeout), lambda: None)

    def touch(self, key, timeout):
        return self._call(lambda: _base.touch(self, key, timeout), lambda: False)

    # Deletes: nothing now, replayed when Redis answers again.
    def delete(self, key):
        def later():
            self.breaker.remember_deletes([key])
            return False

        return self._call(lambda: _base.delete(self, key), later)

    def delete_many(self, keys):
        keys = list(keys)

        def later():
            self.breaker.remember_deletes(keys)

        return self._call(lambda: _base.delete_many(self, keys), later)

    def clear(self):
        return self._call(lambda: _base.clear(self), lambda: False)

    # Decisions: the caller's.
    def add(self, key, value, timeout):
        return self._call(lambda: _base.add(self, key, value, timeout), self._refuse)

    def incr(self, key, delta):
        return self._call(lambda: _base.incr(self, key, delta), self._refuse)


class ResilientRedisCache(RedisCache):
    """settings.CACHES backend: RedisCache that degrades (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    @property
    def breaker(self) -> Breaker:
        return self._cache.breaker

    def ping(self) -> bool:
        return self._cache.ping()

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None) -> Any:
        # Django's get_or_set() with its add(): without Redis the value is simply computed.
        value = self.get(key, self._missing_key, version=version)
        if value is not self._missing_key:
            return value
        if callable(default):
            default = default()
        try:
            self.add(key, default, timeout=timeout, version=version)
        except CacheUnavailable:
            return default
        return self.get(key, default, version=version)
