"""Benchmark of the access log (privacy.accesslog): append cost, verification and prune time.

Appends run one per transaction, as a request's would; each figure is also given as a ratio to
a plain one-row INSERT measured in the same run (shared machines are noisy). Uses its own
throwaway SQLite database unless DATABASE_URL is set (then the log tables there are emptied
first, behind the triggers: point it at a scratch database only).

    .venv/bin/python bench/access_log.py            # ENTRIES=10000 by default
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
_tmp = tempfile.TemporaryDirectory()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp.name}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from privacy.accesslog.append import Actor, access_log_append  # noqa: E402
from privacy.accesslog.head import access_log_checkpoint  # noqa: E402
from privacy.accesslog.models import AccessLogEntry, AccessLogPruneAllowance  # noqa: E402
from privacy.accesslog.prune import access_log_prune  # noqa: E402
from privacy.accesslog.verify import access_log_verify  # noqa: E402

ENTRIES = int(os.environ.get("ENTRIES", "10000"))
ACTOR = Actor(account_id=1, role="staff", ip="10.0.0.1")


def empty_log() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE privacy_accesslogentry DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE privacy_accesslogcheckpoint DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM privacy_accesslogentry")
            cursor.execute("DELETE FROM privacy_accesslogcheckpoint")
            cursor.execute("DELETE FROM privacy_accessloghead")
            cursor.execute("ALTER TABLE privacy_accesslogentry ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE privacy_accesslogcheckpoint ENABLE TRIGGER USER")
        elif AccessLogEntry.objects.exists():
            raise SystemExit("the SQLite database already holds access log entries")


def plain_insert() -> None:
    # Baseline: one row, one transaction, no chain.
    with transaction.atomic():
        AccessLogPruneAllowance.objects.create(before=timezone.now())


def append(i: int) -> None:
    access_log_append(
        actor=ACTOR,
        action="list",
        subjects=range(i % 1000, i % 1000 + 20),  # a list page of 20 members
        target_type="profiles.profile",
        detail={"rows": 20, "page": 1},
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    empty_log()
    print(f"access log bench on {connection.vendor}, {ENTRIES} entries")

    baseline = []
    for _ in range(500):
        started = time.perf_counter()
        plain_insert()
        baseline.append(time.perf_counter() - started)

    # The first half is written "800 days ago" so that the prune has something to remove.
    real_now = timezone.now
    old = real_now() - timedelta(days=800)
    samples = []
    for i in range(ENTRIES):
        if i < ENTRIES // 2:
            timezone.now = lambda i=i: old + timedelta(seconds=i)
        else:
            timezone.now = real_now
        started = time.perf_counter()
        append(i)
        samples.append(time.perf_counter() - started)
    timezone.now = real_now
    access_log_checkpoint()

    base_ms = statistics.median(baseline) * 1000
    append_ms = statistics.median(samples) * 1000
    print(f"  plain one-row insert (median)      {base_ms:8.3f} ms")
    print(f"  append, 20 subjects (median)       {append_ms:8.3f} ms  ({append_ms / base_ms:.1f}x)")
    p95_ms = sorted(samples)[int(len(samples) * 0.95)] * 1000
    print(f"  append p95                         {p95_ms:8.3f} ms")

    result = access_log_verify()
    assert result.ok, result.first_problem
    per_10k = result.seconds * 10000 / max(ENTRIES, 1)
    print(f"  verify {ENTRIES} entries             {result.seconds:8.3f} s   ({per_10k:.2f} s/10k)")

    started = time.perf_counter()
    removed = access_log_prune()
    prune_s = time.perf_counter() - started
    print(f"  prune {removed['access']} entries past retention   {prune_s:8.3f} s")
    after = access_log_verify()
    assert after.ok, after.first_problem
    print(f"  verify after prune ({after.chains[0].entries} entries)  {after.seconds:8.3f} s  ok")


if __name__ == "__main__":
    main()
