"""Test-only: the app served by gunicorn in a subprocess, on a database URL of the test's
choosing (the test database through tests.support.tcp_proxy), with DEBUG off as in production.

A subprocess, not the test client: it has its own connection pool, which is what a PostgreSQL
outage breaks. The test must be transactional to share rows with it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url_at(host: str, port: int) -> str:
    """This process's test database (test_<name>), reached at host:port."""
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{host}:{port}/{quote(db['NAME'])}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def app_server(
    database_url: str, *, log: Path, env: dict[str, str] | None = None, timeout: float = 30
) -> Iterator[str]:
    """Yields the server's base URL once /healthz answers; stops it at the end."""
    port = _free_port()
    child_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "PORT": str(port),
        **(env or {}),
    }
    child_env.pop("REDIS_URL", None)  # the drill is about PostgreSQL: local cache, eager tasks
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lifemento.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=child_env,
            stdout=out,
            stderr=out,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()[-3000:]}")
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError(f"gunicorn not ready: {log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
