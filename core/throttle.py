"""A per-account rate limit for endpoints that cost CPU (the pre-submit check, spelling hints).

The counter lives in the shared cache (Redis), so every web process counts together. While
Redis is unavailable (core.cache raises CacheUnavailable for incr), the limit is kept by a
counter in this process instead: looser, since each process counts alone, but never open — an
outage must not turn an expensive endpoint into one anybody can call in a loop.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import cache

from core.cache import CacheUnavailable

logger = logging.getLogger(__name__)

WINDOW = 60  # seconds

_local_lock = threading.Lock()
_local: dict[str, tuple[float, int]] = {}  # key -> (window start, count)


def throttled(scope: str, account_id: int, *, per_minute: int) -> bool:
    """True when `account_id` has called `scope` more than `per_minute` times in this window."""
    key = f"throttle:{scope}:{account_id}"
    try:
        cache.add(key, 0, timeout=WINDOW)
        return cache.incr(key) > per_minute
    except CacheUnavailable:
        logger.warning("Throttle %s counted in this process: cache unavailable", scope)
        return _local_count(key) > per_minute


def _local_count(key: str) -> int:
    now = time.monotonic()
    with _local_lock:
        if len(_local) > 10_000:  # bound the memory an outage can take: drop ended windows
            for stale in [k for k, (start, _) in _local.items() if now - start >= WINDOW]:
                del _local[stale]
        start, count = _local.get(key, (now, 0))
        if now - start >= WINDOW:
            start, count = now, 0
        _local[key] = (start, count + 1)
        return count + 1


def forget_local_counts() -> None:
    """For tests: start from empty process-local counters."""
    with _local_lock:
        _local.clear()
