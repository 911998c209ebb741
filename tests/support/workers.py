"""Test-only: real Celery workers and beats on Redis, as subprocesses on the test database.

A worker is `celery -A lifemento worker --pool=solo` (through tests.support.celery_main, for
its clock) on a queue of the test's own, so no other worker takes its tasks. Its database is
pytest-django's test database (the test must be transactional to share rows with it), and its
connections carry the worker's name as application_name, so a test can see them end.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue

from lifemento.celery import app
from tests.support.celery_main import BEAT_EVERY, BEAT_QUEUE, CLOCK_SHIFT

ROOT = Path(__file__).resolve().parents[2]


def database_url(application_name: str) -> str:
    """This process's database (the test database, test_<name>) as a DATABASE_URL."""
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return (
        f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{quote(db['NAME'])}"
        f"?application_name={quote(application_name)}"
    )


def node_name(name: str) -> str:
    return f"{name}@{socket.gethostname()}"


def start_worker(
    name: str,
    queue: str,
    *,
    log: Path,
    clock_shift: datetime.timedelta = datetime.timedelta(0),
    env: dict[str, str] | None = None,
) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.celery_main",
                "-A",
                "lifemento",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                queue,
                "-n",
                node_name(name),
                "--loglevel=WARNING",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url(name),
                "REDIS_URL": settings.REDIS_URL,
                CLOCK_SHIFT: str(clock_shift.total_seconds()),
                **(env or {}),
            },
            stdout=subprocess.DEVNULL,
            stderr=out,
        )


def start_beat(name: str, queue: str, *, every: float, folder: Path) -> subprocess.Popen:
    """A real `celery beat` sending the daily jobs' task to `queue` every `every` seconds,
    with its schedule file, pid file and log in `folder` (each beat its own)."""
    with (folder / f"{name}.log").open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.celery_main",
                "-A",
                "lifemento",
                "beat",
                "--schedule",
                str(folder / f"{name}-schedule"),
                "--pidfile",
                str(folder / f"{name}.pid"),
                "--max-interval",
                "1",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url(name),
                "REDIS_URL": settings.REDIS_URL,
                BEAT_EVERY: str(every),
                BEAT_QUEUE: queue,
            },
            stdout=subprocess.DEVNULL,
            stderr=out,
        )


def beat_sends(name: str, folder: Path) -> int:
    """How many times the beat has sent the daily jobs' task so far (its log says so)."""
    log = folder / f"{name}.log"
    return log.read_text().count("Sending due task run-due-jobs") if log.exists() else 0


def queue_settled(queue: str) -> bool:
    """No message of the queue waiting, and none delivered but not yet acknowledged (with
    acks_late: none still running)."""
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        client = channel.client
        if client.llen(queue):
            return False
        return not any(json.loads(raw)[2] == queue for raw in client.hvals(channel.unacked_key))


def wait_until_ready(workers: dict[str, subprocess.Popen], log: Path, timeout: float = 30) -> None:
    """Until every worker answers a remote-control ping (it consumes from the broker)."""
    waiting = {node_name(name) for name in workers}
    deadline = time.monotonic() + timeout
    while waiting:
        for name, process in workers.items():
            if process.poll() is not None:
                raise RuntimeError(f"worker {name} exited: {log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"workers {waiting} not ready: {log.read_text()[-3000:]}")
        for reply in app.control.ping(destination=sorted(waiting), timeout=0.5):
            waiting -= set(reply)


def stop(process: subprocess.Popen) -> None:
    """Warm shutdown, then a kill if it takes too long; a dead worker is left as it is."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


def database_sessions(name: str) -> int:
    """Open database connections of a worker (its application_name)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])
        return cursor.fetchone()[0]


def in_transaction(name: str) -> bool:
    """Whether a connection of the worker is inside a transaction right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = %s AND xact_start IS NOT NULL",
            [name],
        )
        return cursor.fetchone()[0] > 0


def forget_queue(queue: str) -> None:
    """Drop the queue and any delivery to it still unacknowledged (a killed worker's task),
    which Redis would otherwise redeliver to it after the visibility timeout."""
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        client = channel.client
        for tag, raw in client.hgetall(channel.unacked_key).items():
            _, _, routing_key = json.loads(raw)
            if routing_key == queue:
                client.zrem(channel.unacked_index_key, tag)
                client.hdel(channel.unacked_key, tag)
        # Declared again so this channel knows the bindings it deletes with the queue.
        bound = Queue(queue, Exchange(queue), routing_key=queue).bind(channel)
        bound.declare()
        bound.delete()


@contextlib.contextmanager
def running_workers(
    names: list[str], queue: str, *, log: Path, **options
) -> Iterator[dict[str, subprocess.Popen]]:
    """Workers started and ready; whatever happens, stopped (or reaped if killed) at the end."""
    workers: dict[str, subprocess.Popen] = {}
    try:
        for name in names:
            workers[name] = start_worker(name, queue, log=log, **options)
        wait_until_ready(workers, log)
        yield workers
    finally:
        for process in workers.values():
            stop(process)
        forget_queue(queue)
