"""Checks behind GET /healthz. Each returns a short status word for the JSON body.

/healthz is answered by core.middleware.HealthCheckMiddleware before sessions and
authentication, so a probe never waits on the session table, and the database check below
does not depend on the request's pooled connection: when the pool is exhausted (every
connection busy) it asks PostgreSQL directly, so a saturated process reports "busy", not a
database outage, and a load balancer acts (503) only when the database is really gone.
"""

from __future__ import annotations

import threading
import time
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
    if not _direct_reachable(connection.get_connection_params()):
        # The pool is empty because the database is gone, not because it is busy.
        return DatabaseHealth("unavailable", "unavailable")
    return DatabaseHealth("ok", pool_state)


# The direct check opens a connection outside the pool's limit, exactly when the pool is out of
# them: a flood of probes (several load balancers, or anyone, /healthz being public) must not
# turn a busy pool into max_connections reached. One probe at a time makes it, per process, and
# its answer serves every probe for DIRECT_MEMO_SECONDS.
DIRECT_MEMO_SECONDS = 2.0
_direct_lock = threading.Lock()
_direct_memo: tuple[float, bool] | None = None  # (monotonic time, reachable)


def _direct_reachable(params: dict) -> bool:
    global _direct_memo
    import psycopg

    memo = _direct_memo
    if memo is not None and time.monotonic() - memo[0] < DIRECT_MEMO_SECONDS:
        return memo[1]
    if not _direct_lock.acquire(blocking=False):
        # Another probe is checking right now: answer with what was last seen (or "up": the
        # pool's timeout is not proof that the database is gone).
        return memo[1] if memo is not None else True
    try:
        try:
            with psycopg.connect(**{**params, "connect_timeout": DIRECT_CONNECT_TIMEOUT}) as conn:
                conn.execute("SELECT 1")
            reachable = True
        except psycopg.Error:
            reachable = False
        _direct_memo = (time.monotonic(), reachable)
        return reachable
    finally:
        _direct_lock.release()


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
