"""Issue 16: appends from several OS processes at once (as gunicorn workers and Celery workers
append) still make one chain: numbered without a gap or a repeat, each entry linked to the one
before, the head at the end, the whole chain verifying. The head row's lock is what orders
them; the unique (chain, seq) constraint is the backstop."""

import itertools
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

from privacy.accesslog.models import AccessLogChain, AccessLogEntry, AccessLogHead, AccessLogSubject
from privacy.accesslog.verify import access_log_verify
from tests.support.access_log import wipe_access_log
from tests.support.workers import ROOT, database_url

PROCESSES = 6
EACH = 25


def start_appenders(folder, count: int) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url("access-log-appender"),
        "ACCESS_LOG_HMAC_KEY": settings.ACCESS_LOG_HMAC_KEY,
        "ACCESS_LOG_WITNESS": "",
        "DEBUG": "false",
    }
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.privacy.accesslog.appender",
                str(folder),
                f"p{n}",
                str(count),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for n in range(PROCESSES)
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_appends_from_several_processes_at_once_make_one_unbroken_chain(tmp_path):
    wipe_access_log()  # an empty log: the processes also race to install the chain
    processes = start_appenders(tmp_path, EACH)
    try:
        deadline = time.monotonic() + 90
        while len(list(tmp_path.glob("*.ready"))) < PROCESSES:
            assert time.monotonic() < deadline, "appenders did not start"
            assert all(p.poll() is None for p in processes), [p.stdout.read() for p in processes]
            time.sleep(0.05)
        (tmp_path / "go").touch()
        for p in processes:
            output = p.communicate(timeout=120)[0].decode()
            assert p.returncode == 0, output

        total = PROCESSES * EACH
        entries = list(
            AccessLogEntry.objects.filter(chain=AccessLogChain.ACCESS)
            .order_by("seq")
            .values("seq", "prev_hash", "hash", "detail")
        )
        assert [e["seq"] for e in entries] == list(range(1, total + 1))
        assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(entries))
        # Every process's appends are all there, and they did interleave.
        by_process = {}
        for e in entries:
            by_process.setdefault(e["detail"]["process"], []).append(e["detail"]["i"])
        assert {name: sorted(i) for name, i in by_process.items()} == {
            f"p{n}": list(range(EACH)) for n in range(PROCESSES)
        }
        assert any(
            a["detail"]["process"] != b["detail"]["process"] for a, b in itertools.pairwise(entries)
        )
        head = AccessLogHead.objects.get(chain=AccessLogChain.ACCESS)
        assert (head.seq, head.hash) == (total, entries[-1]["hash"])
        assert AccessLogSubject.objects.count() == 2 * total
        result = access_log_verify(full=True)
        assert result.ok, result.first_problem
        summary = {c.chain: c for c in result.chains}[AccessLogChain.ACCESS]
        assert (summary.entries, summary.verified) == (total, total)
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
        wipe_access_log()  # the flush after a transactional test may only empty an empty log
