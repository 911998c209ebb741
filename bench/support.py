"""What the benches share: their own PostgreSQL database, and timing two calls alternately.

Imported by the bench scripts (run as `python bench/<name>.py`, so this folder is on sys.path).
"""

from __future__ import annotations

import statistics
import time
from urllib.parse import urlsplit


def postgres_bench_database(url: str, variable: str, *, fresh: bool = False) -> str | None:
    """Make sure the database `url` names exists, dropped and created afresh when `fresh` (the
    access log refuses TRUNCATE, so a bench that needs it empty drops it). Answers None when it
    can be used, else why not. Refuses any database not named lifemento_bench*: its tables are
    emptied."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name.startswith(
        "lifemento_bench"
    ):
        raise SystemExit(
            f"{variable} must name a PostgreSQL database whose name starts with "
            f"'lifemento_bench' (its tables are emptied), not {url!r}"
        )
    server = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as conn:
            if fresh:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not found:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        return f"PostgreSQL not reachable at {parts.hostname} ({error})"
    return None


def timed_pair(a, b, rounds: int) -> tuple[float, float]:
    """Medians of a and b measured alternately, so drift on a shared machine hits both."""
    a(), b()
    samples_a, samples_b = [], []
    for i in range(rounds):
        for fn, samples in (
            ((a, samples_a), (b, samples_b)) if i % 2 else ((b, samples_b), (a, samples_a))
        ):
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
    return statistics.median(samples_a), statistics.median(samples_b)


def designated_officer(username: str, password: str):
    """A superuser designated as 개인정보 보호책임자 with privacy education today: only designated,
    educated staff open members' data in the admin (privacy.staff.designation, decision 0022),
    so a bench timing those pages must sign in as one. Needs Django set up."""
    import datetime

    from django.utils import timezone

    from accounts.models import User
    from privacy.staff.models import PrivacyEducation, StaffDesignation, StaffRole

    officer = User.objects.create_superuser(username, password)
    today = timezone.localdate()
    StaffDesignation.objects.create(
        staff=officer,
        role=StaffRole.OFFICER,
        scope="벤치마크: 관리자 화면의 개인정보 업무",
        designated_on=today - datetime.timedelta(days=1),
    )
    PrivacyEducation.objects.create(
        staff=officer, course="개인정보 보호 교육", completed_on=today, hours=2
    )
    return officer
