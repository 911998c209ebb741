import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_broker_and_migrations(client, db, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["migrations"] == "ok"
    expected_broker = "eager" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"
    assert body["broker"] == expected_broker
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_reports_unreachable_broker_but_still_serves(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = "redis://127.0.0.1:9/0"

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == "unavailable"


def _healthz_in_subprocess(database_url: str) -> tuple[int, dict]:
    """Start the app on a database that is really not there and ask /healthz."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='127.0.0.1').get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lifemento.settings",
        "DATABASE_URL": database_url,
        "DATABASE_POOL_TIMEOUT": "1",
    }
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, body = json.loads(out.stdout.strip().splitlines()[-1])
    return status, body


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://postgres@127.0.0.1:9/lifemento",  # nothing listens on the discard port
        "sqlite:////nonexistent-directory/db.sqlite3",
    ],
)
def test_healthz_on_a_dead_database_answers_503(database_url):
    status, body = _healthz_in_subprocess(database_url)

    assert status == 503
    assert body["database"] == "unavailable"
    assert body["status"] == "error"


@pytest.mark.redis
def test_healthz_with_redis_down_says_degraded_and_names_the_broker(client, db, own_redis):
    assert client.get("/healthz").json()["status"] == "ok"
    own_redis.stop()

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["broker"] == "unavailable"
    assert body["cache"] == "unavailable"
    assert body["database"] == "ok"


@pytest.mark.redis
def test_healthz_says_ok_again_once_redis_returns(client, db, own_redis):
    own_redis.stop()
    assert client.get("/healthz").json()["status"] == "degraded"
    own_redis.start()

    body = client.get("/healthz").json()

    # The probe's real PING also tells the cache's circuit breaker that Redis is back.
    assert body["status"] == "ok" and body["broker"] == "ok" and body["cache"] == "ok"


def test_healthz_does_not_read_the_session_of_a_signed_in_visitor(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    client.get("/healthz")  # the migrations check runs once per process

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "session" in q["sql"]]
    assert not [q["sql"] for q in queries if "accounts_user" in q["sql"]]


@pytest.mark.postgres
def test_healthz_with_every_pooled_connection_busy_says_degraded_not_down(client, member):
    from django.db import connection
    from psycopg_pool import PoolTimeout

    client.force_login(member)  # a session cookie, as an operator's browser would send
    pool = connection.pool
    assert pool is not None, "the pool is on by default on PostgreSQL"
    held = []
    try:
        while True:
            try:
                held.append(pool.getconn(timeout=0.2))
            except PoolTimeout:
                break

        response = client.get("/healthz")
    finally:
        for conn in held:
            pool.putconn(conn)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok" and body["pool"] == "exhausted"


def test_a_flood_of_probes_on_an_exhausted_pool_opens_one_direct_connection(monkeypatch):
    """The direct check connects outside the pool's limit; probes arriving while the pool is
    out of connections must not each open one, or they would use up max_connections."""
    import psycopg

    from core import health

    opened = []

    class FakeConnection:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql):
            return None

    def connect(**params):
        opened.append(params)
        return FakeConnection()

    monkeypatch.setattr(psycopg, "connect", connect)
    monkeypatch.setattr(health, "_direct_memo", None)

    answers = [health._direct_reachable({"dbname": "lifemento"}) for _ in range(50)]

    assert answers == [True] * 50
    assert len(opened) == 1
