"""The per-account throttle of the expensive endpoints (core.throttle) counts in Redis, and keeps
counting in the process while Redis is down instead of letting every call through."""

import pytest

from core import throttle

pytestmark = pytest.mark.redis


@pytest.fixture(autouse=True)
def _fresh_local_counts():
    throttle.forget_local_counts()
    yield
    throttle.forget_local_counts()


def test_counts_per_account_and_scope(own_redis):
    assert [throttle.throttled("check", 1, per_minute=3) for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]
    # Another account and another endpoint have their own counts.
    assert throttle.throttled("check", 2, per_minute=3) is False
    assert throttle.throttled("spelling", 1, per_minute=3) is False


def test_with_redis_down_the_limit_still_holds_in_the_process(own_redis):
    own_redis.stop()

    answers = [throttle.throttled("check", 1, per_minute=3) for _ in range(5)]

    assert answers == [False, False, False, True, True]
    assert throttle.throttled("check", 2, per_minute=3) is False


def test_a_new_window_starts_a_new_count(own_redis, monkeypatch):
    own_redis.stop()
    clock = [1000.0]
    monkeypatch.setattr(throttle.time, "monotonic", lambda: clock[0])
    for _ in range(4):
        throttle.throttled("check", 1, per_minute=3)
    assert throttle.throttled("check", 1, per_minute=3) is True

    clock[0] += throttle.WINDOW

    assert throttle.throttled("check", 1, per_minute=3) is False
