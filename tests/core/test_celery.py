import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from core.tasks import ping
from lifemento.celery import app

ROOT = Path(__file__).resolve().parents[2]


def test_celery_is_configured_for_safe_redelivery():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    visibility = conf.broker_transport_options["visibility_timeout"]
    # A task must finish, and a retry must be scheduled, before Redis would redeliver it.
    assert conf.task_time_limit < visibility
    assert ping.retry_backoff_max < visibility
    assert conf.timezone == "Asia/Seoul"


def test_without_redis_tasks_run_in_process():
    # The embedded default (no REDIS_URL) sets CELERY_TASK_ALWAYS_EAGER; simulate it here so
    # the test also runs in CI, where Redis is configured.
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        assert ping.delay("eager").get() == "pong:eager"
    finally:
        app.conf.task_always_eager = before


@pytest.mark.redis
def test_smoke_task_runs_through_a_real_worker_on_redis():
    queue = f"smoke-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lifemento",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env={**os.environ, "REDIS_URL": settings.REDIS_URL},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        token = uuid.uuid4().hex
        result = ping.apply_async(args=[token], queue=queue)
        assert result.get(timeout=60) == f"pong:{token}"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        worker.stderr.close()
