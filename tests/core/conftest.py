"""Fixtures for the fault tests: a Redis of the test's own that the app's cache and broker
point at, so a test can stop it (never the shared Redis of REDIS_URL)."""

import pytest

from core.cache import breaker_for
from tests.support.redis_server import redis_server


@pytest.fixture
def own_redis(settings):
    """The app's cache and broker on a fresh redis-server (tests.support.redis_server)."""
    with redis_server() as server:
        url = server.url()
        breaker_for(url).reset()
        settings.REDIS_URL = url
        settings.CELERY_BROKER_URL = url
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.ResilientRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "lifemento-drill",
            }
        }
        yield server
        breaker_for(url).reset()
