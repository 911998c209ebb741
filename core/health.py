"""Checks behind GET /healthz. Each returns a short status word for the JSON body.

/healthz is answered by core.middleware.HealthCheckMiddleware before sessions and
authentication, so a probe never waits on the session table, and the database check below
does not depend on the request's pooled connection: when the pool is exhausted (every
connection busy) it asks PostgreSQL directly, so a saturated process reports "busy", not a
database outage, and a load balancer acts (503) only when the database is really gone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# How long the probe waits for a pooled connection before asking PostgreSQL directly.
POOL_WAIT_SECONDS = 0.5
DIRECT_CONNECT_TIMEOUT = 2  # seconds; psycopg's connect_timeout is whole seconds


@dataclass(frozen=True)
class DatabaseHealth:
    database: str  # ok | unavailable
    pool: str  # ok | exhausted | unavailable | off (SQLite, or DATABASE_POOL=false)


def database_status() -> DatabaseHealth:
    connection = connections[DEFAULT_DB_ALIAS]
    pool = connection.pool if connection.vendor == "postgresql" else None
    if pool is None:
        return DatabaseHealth(_through_django(), "off")
    import psycopg
    from psycopg_pool import PoolTimeout

    pool.open()
    try:
        with pool.connection(timeout=POOL_WAIT_SECONDS) as conn:
            conn.execute("SELECT 1")
        return DatabaseHealth("ok", "ok")
    except PoolTimeout:
        pool_state = "exhausted"
    except psycopg.Error:
        pool_state = "ok"  # a connection went bad (a restart); the direct check decides
    params = {**connection.get_connection_params(), "connect_timeout": DIRECT_CONNECT_TIMEOUT}
    try:
        with psycopg.connect(**params) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error:
        # The pool is empty because the database is gone, not because it is busy.
        return DatabaseHealth("unavailable", "unavailable")
    return DatabaseHealth("ok", pool_state)


def _through_django() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "unavailable"
    return "ok"


_migrations_applied = False


def migrations_status(*, may_query: bool = True) -> str:
    # Once this process has seen its migrations applied they stay applied (a deploy migrates,
    # then restarts): later probes cost no query, even when the pool is exhausted.
    global _migrations_applied
    if _migrations_applied:
        return "ok"
    if not may_query:
        return "unknown"
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_applied = not plan
    return "pending" if plan else "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL:
        return "eager"
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        return "unavailable"
    finally:
        client.close()
    return "ok"


def cache_status() -> str:
    """ok | unavailable for the Redis cache (a real PING, which also closes the cache's
    circuit breaker when Redis is back); local for the embedded default's memory cache."""
    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "unavailable"
