"""The Redis cache degrades instead of failing (core.cache): with its own redis-server,
stopped, paused (hung) and started again."""

import time

import pytest
from django.core.cache import cache

from core.cache import CacheUnavailable
from tests.support.redis_server import silent_server

pytestmark = pytest.mark.redis

TIMEOUT = 15  # seconds any one wait may take before the test fails


def wait_for(condition, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


def test_with_redis_down_reads_miss_and_writes_do_nothing(own_redis):
    cache.set("greeting", "안녕하세요")
    assert cache.get("greeting") == "안녕하세요"

    own_redis.stop()

    assert cache.get("greeting") is None
    assert cache.get("greeting", "기본값") == "기본값"
    assert cache.get_many(["greeting", "other"]) == {}
    assert cache.has_key("greeting") is False
    cache.set("greeting", "다시")  # no exception: a write is skipped
    cache.set_many({"a": 1, "b": 2})
    assert cache.touch("greeting") is False
    assert cache.delete("greeting") is False
    assert cache.get_or_set("computed", lambda: "계산한 값") == "계산한 값"


def test_with_redis_down_counters_raise_one_exception_type(own_redis):
    cache.set("counter", 1)
    own_redis.stop()

    for call in (
        lambda: cache.add("lock", 1),
        lambda: cache.incr("counter"),
        lambda: cache.decr("counter"),
    ):
        with pytest.raises(CacheUnavailable):
            call()


def test_a_missing_counter_still_raises_value_error_when_redis_is_up(own_redis):
    # Callers (the staff throttle) rely on Django's contract for a key that expired.
    with pytest.raises(ValueError):
        cache.incr("never-set")


def test_a_hung_redis_is_tried_once_then_skipped(settings, monkeypatch):
    """A Redis that accepts but never answers costs one connection and one short timeout;
    every later call within the cooldown skips it without touching the network."""
    with silent_server() as hung:
        settings.CACHES = {
            "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": hung.url()}
        }
        cache.breaker.reset()
        monkeypatch.setattr(cache.breaker, "cooldown", 60)  # a slow, shared machine
        try:
            for _ in range(20):
                assert cache.get("anything") is None
            with pytest.raises(CacheUnavailable):
                cache.incr("anything")
            assert hung.connections == 1
            assert cache.breaker.is_open
        finally:
            cache.breaker.reset()


def test_the_cache_is_used_again_when_redis_comes_back(own_redis, monkeypatch):
    monkeypatch.setattr(cache.breaker, "cooldown", 0.2)
    cache.set("before", 1)
    own_redis.stop()
    assert cache.get("before") is None  # the breaker opens

    own_redis.start()  # an empty Redis on the same port (nothing was saved)

    def round_trip() -> bool:
        cache.set("after", "돌아왔어요")
        return cache.get("after") == "돌아왔어요"

    wait_for(round_trip)
    assert not cache.breaker.is_open
    assert cache.add("after-counter", 0) and cache.incr("after-counter") == 1


def test_a_delete_made_while_redis_hung_is_replayed_when_it_answers(own_redis, monkeypatch):
    """A Redis that hangs and comes back keeps its data: an invalidation made meanwhile (a
    policy version published) must still happen, or the stale copy would be served."""
    monkeypatch.setattr(cache.breaker, "cooldown", 0.2)
    cache.set("policy-timeline", "old")
    own_redis.pause()
    try:
        assert cache.get("anything") is None  # times out: the breaker opens
        # Skipped without a byte sent (the breaker is open), and remembered.
        assert cache.delete("policy-timeline") is False
    finally:
        own_redis.resume()

    # The very first read once Redis answers is already fresh: the replay goes first.
    wait_for(lambda: not cache.breaker.is_open)
    assert cache.get("policy-timeline") is None
