"""Bench of the access log (privacy.accesslog), as issue 16 measures it: the cost of one append
against a plain insert, and incremental against full verification.

1. Appends, one per transaction as a request's would be, alternated call for call with
   - a plain insert: one small row, one transaction (AccessLogPruneAllowance, no chain), the
     issue's baseline; and
   - the same entry and subject row written without the chain (no head, no hash link): what
     the log would cost as an ordinary table, so the chain's own share shows apart from the
     entry's indexes.
   Medians of BENCH_ALOG_ROUNDS (1,000) each, as ratios to the plain insert.
2. A chain of BENCH_ALOG_ENTRIES (100,000) entries, hashed and signed as the app does but
   written with COPY, then the daily checkpoint, then the appends of step 1 after it (a day's
   worth): `access_log_verify()` incremental (from that checkpoint) against `full=True`.

PostgreSQL only, in its own database BENCH_ALOG_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/lifemento_bench_alog), dropped and created afresh each run
(the log refuses TRUNCATE); its name must start with "lifemento_bench". Skipped, with a message,
when PostgreSQL is not reachable. About a minute.

    .venv/bin/python bench/access_log.py
"""

import datetime
import inspect
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

from support import postgres_bench_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_ALOG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifemento_bench_alog"
)
ROUNDS = int(os.environ.get("BENCH_ALOG_ROUNDS", "1000"))
ENTRIES = int(os.environ.get("BENCH_ALOG_ENTRIES", "100000"))

if __name__ == "__main__":
    problem = postgres_bench_database(DATABASE_URL, "BENCH_ALOG_DATABASE_URL", fresh=True)
    if problem:
        print(f"access log bench skipped: {problem}")
        sys.exit(0)

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
os.environ["DEBUG"] = "false"
# A fresh database against the development witness directory would read as a wiped log.
os.environ["ACCESS_LOG_WITNESS"] = ""

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from privacy.accesslog.append import Actor, access_log_append  # noqa: E402
from privacy.accesslog.hashing import (  # noqa: E402
    FORMAT_VERSION,
    GENESIS_HASH,
    HASHED_FIELDS,
    entry_hash,
    entry_mac,
    head_mac,
)
from privacy.accesslog.head import access_log_checkpoint  # noqa: E402
from privacy.accesslog.models import AccessLogPruneAllowance  # noqa: E402
from privacy.accesslog.verify import access_log_verify  # noqa: E402

ACTOR = Actor(account_id=1, role="staff", ip="10.0.0.1")
# What the append writes: the hashed fields, the format version, the hash and its MAC.
COLUMNS = (*HASHED_FIELDS, "version", "hash", "mac")
UNCHAINED = f"""
    WITH entry AS (
        INSERT INTO privacy_accesslogentry ({", ".join(COLUMNS)})
        VALUES ({", ".join(["%s"] * len(COLUMNS))}) RETURNING id
    )
    INSERT INTO privacy_accesslogsubject (entry_id, subject) SELECT id, %s FROM entry
"""  # noqa: S608 - fixed column names


def plain_insert() -> None:
    with transaction.atomic():
        AccessLogPruneAllowance.objects.create(before=timezone.now())


_unchained_seq = itertools.count(1)


def unchained_insert() -> None:
    # The same row an append writes, in a chain the verifier does not walk, with no link.
    seq = next(_unchained_seq)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            UNCHAINED,
            [
                *("bench", seq, timezone.now(), 1, "staff", "10.0.0.1", "view"),
                *(f",{seq % 1000},", "profiles.profile", str(seq), "", "{}", 2),
                *(GENESIS_HASH, "0" * 64, "0" * 64, seq % 1000),
            ],
        )


_appended = itertools.count(1)


def append() -> None:
    i = next(_appended)
    access_log_append(
        actor=ACTOR,
        action="view",
        subjects=[i % 1000],
        target_type="profiles.profile",
        target_id=str(i),
    )


def append_list_page() -> None:
    i = next(_appended)
    access_log_append(
        actor=ACTOR,
        action="list",
        subjects=range(i % 1000, i % 1000 + 20),
        target_type="profiles.profile",
        detail={"rows": 20, "page": 1},
    )


def alternated(fns: dict, rounds: int) -> dict[str, float]:
    """Median seconds of each, called in turn (the order rotating), so drift hits all alike."""
    for fn in fns.values():
        fn()
    samples = {name: [] for name in fns}
    names = list(fns)
    for i in range(rounds):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            started = time.perf_counter()
            fns[name]()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in samples.items()}


def bulk_chain(count: int) -> None:
    """`count` entries after the chain's current end, hashed and MAC'd as the app does (so the
    chain verifies), written with COPY; their subject rows; the head moved and signed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash, at FROM privacy_accessloghead WHERE chain = 'access'")
        seq, prev, at = cursor.fetchone()
    # Ten microseconds apart after the installing entry: time runs forward along the chain, and
    # the head stays within a second or so of the clock for the appends that follow.
    rows = []
    for i in range(count):
        seq += 1
        at += datetime.timedelta(microseconds=10)
        values = {
            "chain": "access",
            "seq": seq,
            "at": at,
            "actor_id": 1 + i % 7,
            "actor_role": "staff",
            "ip": "10.0.0.1",
            "action": "view",
            "subjects": f",{i % 1000},",
            "target_type": "profiles.profile",
            "target_id": str(i),
            "reason": "",
            "detail": {},
            "version": FORMAT_VERSION,
            "prev_hash": prev,
        }
        values["hash"] = entry_hash(values)
        values["mac"] = entry_mac("access", values["hash"])
        prev = values["hash"]
        values["detail"] = json.dumps(values["detail"])
        rows.append(tuple(values[c] for c in COLUMNS))
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY privacy_accesslogentry ({', '.join(COLUMNS)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            """INSERT INTO privacy_accesslogsubject (entry_id, subject)
               SELECT id, trim(both ',' from subjects)::bigint FROM privacy_accesslogentry
               WHERE chain = 'access' AND seq > %s""",
            [seq - count],
        )
        cursor.execute(
            "UPDATE privacy_accessloghead SET seq = %s, hash = %s, at = %s, mac = %s "
            "WHERE chain = 'access'",
            [seq, prev, at, head_mac("access", seq, prev, at)],
        )
        cursor.execute("ANALYZE privacy_accesslogentry")
        cursor.execute("ANALYZE privacy_accesslogsubject")


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"access log bench on PostgreSQL: {ENTRIES} entries, {ROUNDS} rounds")
    append()  # installs the chain (its head and installation record)
    started = time.perf_counter()
    bulk_chain(ENTRIES - 1)
    print(f"  chain of {ENTRIES} entries written in {time.perf_counter() - started:.1f} s")
    access_log_checkpoint()

    medians = alternated(
        {
            "plain": plain_insert,
            "unchained": unchained_insert,
            "append": append,
            "append20": append_list_page,
        },
        ROUNDS,
    )
    base = medians["plain"]
    print(f"  plain one-row insert (median)          {base * 1000:7.3f} ms")
    for name, label in (
        ("unchained", "same entry, no chain (median)"),
        ("append", "append, 1 subject (median)"),
        ("append20", "append, 20 subjects (median)"),
    ):
        print(f"  {label:<38} {medians[name] * 1000:7.3f} ms  ({medians[name] / base:.2f}x)")
    print(
        f"  append ratio to a plain insert: {medians['append'] / base:.2f}x "
        f"(to the unchained entry: {medians['append'] / medians['unchained']:.2f}x)"
    )

    after = 2 * ROUNDS + 2  # appended since the checkpoint (the warm-up calls included)
    incremental = "full" in inspect.signature(access_log_verify).parameters
    full = access_log_verify(full=True) if incremental else access_log_verify()
    assert full.ok, full.first_problem
    total = sum(c.entries for c in full.chains)
    print(f"  full verification, {total} entries       {full.seconds:7.3f} s")
    if incremental:
        inc = access_log_verify()
        assert inc.ok, inc.first_problem
        print(
            f"  incremental, {after} after the checkpoint  {inc.seconds:7.3f} s  "
            f"({full.seconds / inc.seconds:.0f}x faster than full)"
        )
    else:
        print("  incremental verification: not available in this code (full only)")


if __name__ == "__main__":
    main()
