"""Benchmark of the destruction engine (privacy.retention.engine) against a plain SQL DELETE.

The scenario is the backlog the daily job `destruction-daily` clears: members whose
withdrawal's first step committed (accounts.User.withdrawn_at set, data key shredded, name and
phone blanked, Kakao link and sessions gone; privacy.withdrawal.runner.member_withdraw) but
whose rows are still there, because the inline second step failed or after a mass closure.
Each member has 3 consent records, a profile with 2 학력 and 2 경력, 3-7 experiences (5 on
average), 1-3 cover letters (2) of 2-4 questions (3) with 1-3 answer versions (2) each, one
question-experience link per letter and 5 usage records. The usage records wait 60 days after
withdrawal, so they must survive, and so must a tenth as many active members with the same set
(and their data keys).

Rows are written by set-based SQL (INSERT ... SELECT generate_series), not through the ORM: the
encrypted columns hold ciphertext-shaped tokens ("lmenc1$<key id>$...") of realistic length,
naming the member's data key id, which no longer exists, exactly as after a real withdrawal.
The tokens' bytes are repetitive, so PostgreSQL stores the long ones compressed inline rather
than out of line in TOAST; real ciphertext would make every delete, the plain one included,
more expensive, so the ratio below errs against the engine.

Measured in one run, each on freshly written rows (truncate, populate, VACUUM ANALYZE,
CHECKPOINT):
1. the engine: the real daily job, claimed and run by core.jobs.run_job as the runner does;
   its ledger (retention.DestructionRun) must count exactly the rows that were due, and every
   row not due must still be there;
2. the baseline: plain DELETE statements of the same rows, children first, one transaction.

Memory of the engine run, two ways:
- RSS: this process's resident memory at the start of the run and its high-water mark during
  it (VmHWM of /proc/self/status, reset just before the run through /proc/self/clear_refs).
  Taken in the timed run, at both sizes: it costs nothing to measure. It counts everything
  the process holds, so read the growth and compare the sizes;
- tracemalloc peak: Python allocations at their highest during the run, above what was
  allocated at its start. tracemalloc makes the engine about 3.5 times slower, so it is taken
  in a separate, untimed run on fresh rows: by default at the small size only (the large one
  would add some 5 minutes); BENCH_DESTRUCTION_TRACEMALLOC=all for both sizes, =none for
  neither.
Memory that does not grow with the number of members shows the same figures at both sizes
(BENCH_DESTRUCTION_MEMBERS, default 100,000, and BENCH_DESTRUCTION_SMALL, default 10,000; the
small size is measured first, so its figures are not lowered by memory the large run freed).

PostgreSQL only: it uses BENCH_DESTRUCTION_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/lifemento_bench, created when missing), whose tables it
truncates, so the database name must start with "lifemento_bench"; DATABASE_URL is ignored.
Skipped, with a message, when PostgreSQL is not reachable.

    .venv/bin/python bench/destruction.py     # about 8 minutes on 2 cores
"""

# ruff: noqa: S608 -- every SQL statement here is built from this file's constants.

import datetime
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

from support import postgres_bench_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_DESTRUCTION_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifemento_bench"
)
MEMBERS = int(os.environ.get("BENCH_DESTRUCTION_MEMBERS", "100000"))
SMALL = int(os.environ.get("BENCH_DESTRUCTION_SMALL", "10000"))
TRACE = os.environ.get("BENCH_DESTRUCTION_TRACEMALLOC", "small")  # small | all | none
# Active members, whose rows must survive: a tenth of the withdrawn ones.
ACTIVE_SHARE = 10


def database_ready() -> bool:
    """True when the bench database can be used; creates it when the server has none."""
    problem = postgres_bench_database(DATABASE_URL, "BENCH_DESTRUCTION_DATABASE_URL")
    if problem:
        print(f"destruction bench skipped: {problem}")
    return problem is None


if __name__ == "__main__" and not database_ready():
    sys.exit(0)

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
# No query log: DEBUG keeps the last 9,000 queries, which is memory the engine does not use.
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.jobs import JOBS, KST, load_jobs, run_job  # noqa: E402
from core.models import JobRun  # noqa: E402
from privacy.retention import engine  # noqa: E402
from privacy.retention.engine import JOB  # noqa: E402
from privacy.retention.models import DestructionRun  # noqa: E402

TABLES = (
    "accounts_user",
    "accounts_membersession",
    "privacy_consentrecord",
    "privacy_datakey",
    "socialaccount_socialaccount",
    "profiles_profile",
    "profiles_education",
    "profiles_career",
    "experiences_experience",
    "coverletters_coverletter",
    "coverletters_question",
    "coverletters_question_experiences",
    "coverletters_answerversion",
    "usage_usageevent",
    "retention_destructionrun",
    "core_jobrun",
)


# The long part of every token: base64-shaped, repeated, so that it compresses (see above).
FILLER = ("q0VrZ3Jvd3RoLWxpZmVtZW50by1iZW5jaC1jaXBoZXJ0ZXh0LWZpbGxlcg+/" * 90)[:5000]
TOKEN_LENGTHS = (52, 60, 64, 72, 96, 180, 200, 300, 400, 560, 840, 1240, 2040, 4040)


def token(key_id: str, seed: str, length: int) -> str:
    """SQL for a ciphertext-shaped value of `length` characters under data key `key_id`: a
    per-row md5, then the shared filler (a query parameter, so no per-row string building)."""
    assert length in TOKEN_LENGTHS, length
    return f"'lmenc1$' || ({key_id}) || '$' || md5(({seed})::text) || %(filler{length})s"


def populate(withdrawn: int, now: datetime.datetime) -> None:
    """`withdrawn` members past the withdrawal's first step and a tenth as many active ones,
    written with set-based SQL. Member i's data key id is i (deleted for the withdrawn)."""
    active = withdrawn // ACTIVE_SHARE
    params = {
        "n": withdrawn,
        "total": withdrawn + active,
        "now": now,
        "withdrawn_at": now - datetime.timedelta(days=1),
        "joined": now - datetime.timedelta(days=400),
    }
    params.update({f"filler{n}": FILLER[: n - 32] for n in TOKEN_LENGTHS})
    u = "u.id"  # the member's data key id, in statements that join accounts_user u
    m = "s.mid"  # the same, in statements over an ordered list `s` of (mid, pid, k)

    def per_member(counts: str) -> str:
        # Sorted on the small columns before the long tokens are made: sorting finished
        # rows would spill gigabytes to disk.
        return (
            f"SELECT u.id AS mid, u.id AS pid, k FROM accounts_user u, generate_series({counts}) k"
            " ORDER BY u.id, k"
        )

    statements = [
        "TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY CASCADE",
        f"""INSERT INTO accounts_user (id, password, is_superuser, username, role, name, phone,
                is_staff, is_active, date_joined, phone_index, subject, withdrawn_at)
            SELECT i, '!', false, 'bench_' || i, 'member',
                CASE WHEN i <= %(n)s THEN '' ELSE {token("i", "'n' || i", 60)} END,
                CASE WHEN i <= %(n)s THEN '' ELSE {token("i", "'p' || i", 72)} END,
                false, i > %(n)s, %(joined)s,
                CASE WHEN i <= %(n)s THEN '' ELSE 'k1$' || md5('i' || i) || md5('j' || i) END,
                md5('subject' || i)::uuid,
                CASE WHEN i <= %(n)s THEN %(withdrawn_at)s END
            FROM generate_series(1, %(total)s) i""",
        # The withdrawal shredded the withdrawn members' keys: only the active keep theirs.
        """INSERT INTO privacy_datakey (id, subject, wrapped_key, kek_id, state, created_at)
            SELECT i, md5('subject' || i)::uuid, decode(md5('w' || i) || md5('x' || i), 'hex'),
                'k1', 'active', %(joined)s
            FROM generate_series(%(n)s + 1, %(total)s) i""",
        """INSERT INTO privacy_consentrecord (purpose, granted, policy_version, channel,
                recorded_at, member_id)
            SELECT p, p = 'membership' OR u.id %% 2 = 0, '2025.1', 'signup', u.date_joined, u.id
            FROM accounts_user u,
                unnest(ARRAY['membership', 'kakaotalk_messages', 'cookies_statistics']) p
            ORDER BY u.id""",
        # The Kakao link of the withdrawn went in the withdrawal's first step.
        """INSERT INTO socialaccount_socialaccount (provider, uid, last_login, date_joined,
                extra_data, user_id)
            SELECT 'kakao', (4100000000 + u.id)::text, %(now)s, u.date_joined,
                jsonb_build_object('id', 4100000000 + u.id), u.id
            FROM accounts_user u WHERE u.withdrawn_at IS NULL""",
        f"""INSERT INTO profiles_profile (id, name, desired_job, birth_date, desired_industry,
                situation, updated_at, member_id)
            SELECT u.id, {token(u, "'pn' || u.id", 52)}, {token(u, "'pj' || u.id", 64)},
                {token(u, "'pb' || u.id", 52)}, {token(u, "'pi' || u.id", 64)},
                {token(u, "'ps' || u.id", 840)}, %(joined)s, u.id
            FROM accounts_user u""",
        f"""INSERT INTO profiles_education (school, major, status, start_date, end_date,
                position, profile_id)
            SELECT {token(m, "'es' || s.mid || k", 64)}, {token(m, "'em' || s.mid || k", 60)},
                'graduated', DATE '2015-03-01' + k * 1460, DATE '2019-02-20' + k * 1460, k, s.mid
            FROM ({per_member("0, 1")}) s""",
        f"""INSERT INTO profiles_career (company, role, start_date, end_date, is_current,
                description, position, profile_id)
            SELECT {token(m, "'cc' || s.mid || k", 64)}, {token(m, "'cr' || s.mid || k", 52)},
                DATE '2020-01-02' + k * 700, DATE '2021-12-31' + k * 700, false,
                {token(m, "'cd' || s.mid || k", 1240)}, k, s.mid
            FROM ({per_member("0, 1")}) s""",
        f"""INSERT INTO experiences_experience (title, kind, summary, start_date, end_date,
                ongoing, details, star_situation, star_task, star_action, star_result, tags,
                created_at, updated_at, member_id)
            SELECT {token(m, "'xt' || s.mid || k", 96)}, 'project',
                {token(m, "'xs' || s.mid || k", 180)}, DATE '2022-03-01', DATE '2022-08-31',
                false, {token(m, "'xd' || s.mid || k", 2040)},
                {token(m, "'x1' || s.mid || k", 560)}, {token(m, "'x2' || s.mid || k", 560)},
                {token(m, "'x3' || s.mid || k", 560)}, {token(m, "'x4' || s.mid || k", 560)},
                {token(m, "'xg' || s.mid || k", 96)}, %(joined)s, %(joined)s, s.mid
            FROM ({per_member("1, 3 + u.id %% 5")}) s""",
        f"""INSERT INTO coverletters_coverletter (title, job_title, company, deadline,
                requirements, duties, preferences, created_at, updated_at, member_id)
            SELECT {token(m, "'lt' || s.mid || k", 96)}, {token(m, "'lj' || s.mid || k", 64)},
                '라이프전자', DATE '2025-09-30', {token(m, "'lr' || s.mid || k", 400)},
                {token(m, "'ld' || s.mid || k", 400)}, {token(m, "'lp' || s.mid || k", 300)},
                %(joined)s, %(joined)s, s.mid
            FROM ({per_member("1, 1 + u.id %% 3")}) s""",
        f"""INSERT INTO coverletters_question (position, prompt, "limit", limit_unit, answer,
                revision, updated_at, cover_letter_id)
            SELECT k, {token(m, "'qp' || s.pid || k", 200)}, 1000, 'with_spaces',
                {token(m, "'qa' || s.pid || k", 4040)}, 2, %(joined)s, s.pid
            FROM (SELECT c.member_id AS mid, c.id AS pid, k
                FROM coverletters_coverletter c, generate_series(0, 1 + c.id %% 3) k
                ORDER BY c.id, k) s""",
        f"""INSERT INTO coverletters_answerversion (text, revision, reason, created_at,
                question_id)
            SELECT {token(m, "'av' || s.pid || k", 4040)}, k, 'autosave', %(joined)s, s.pid
            FROM (SELECT c.member_id AS mid, q.id AS pid, k
                FROM coverletters_question q
                JOIN coverletters_coverletter c ON c.id = q.cover_letter_id,
                    generate_series(1, 1 + q.id %% 3) k
                ORDER BY q.id, k) s""",
        # Each letter's first question cites the member's first experience.
        """INSERT INTO coverletters_question_experiences (question_id, experience_id)
            SELECT q.id, first.id
            FROM coverletters_question q
            JOIN coverletters_coverletter c ON c.id = q.cover_letter_id
            JOIN (SELECT member_id, min(id) AS id FROM experiences_experience GROUP BY member_id)
                first ON first.member_id = c.member_id
            WHERE q.position = 0 ORDER BY q.id""",
        """INSERT INTO usage_usageevent (member_id, at, page, method, os, device, withdrawn_at)
            SELECT u.id, %(withdrawn_at)s - k * interval '1 hour', 'coverletters:detail', 'GET',
                'Android 14', 'SM-S928N', u.withdrawn_at
            FROM accounts_user u, generate_series(1, 5) k ORDER BY u.id, k""",
        # Rows written with explicit ids (member i's) must not collide with later inserts.
        """SELECT setval(pg_get_serial_sequence(t, 'id'), (SELECT max(id) FROM accounts_user))
            FROM unnest(ARRAY['accounts_user', 'profiles_profile', 'privacy_datakey']) t""",
    ]
    with connection.cursor() as cursor:
        # lz4 compresses the long tokens several times faster than the default pglz.
        cursor.execute("SET default_toast_compression = 'lz4'")
        for sql in statements:
            cursor.execute(sql, params)
    with connection.cursor() as cursor:  # autocommit: VACUUM refuses a transaction
        cursor.execute("VACUUM ANALYZE " + ", ".join(TABLES))
        cursor.execute("CHECKPOINT")


# The rows of withdrawn members, per registry category, as the ledger should count them.
W = "SELECT id FROM accounts_user WHERE withdrawn_at <= %(now)s"
LETTERS = f"SELECT id FROM coverletters_coverletter WHERE member_id IN ({W})"
QUESTIONS = f"SELECT id FROM coverletters_question WHERE cover_letter_id IN ({LETTERS})"
PROFILES = f"SELECT id FROM profiles_profile WHERE member_id IN ({W})"
DUE = {  # table: (category, condition); the order is the plain delete's, children first
    "coverletters_question_experiences": (None, f"question_id IN ({QUESTIONS})"),
    "coverletters_answerversion": ("자기소개서", f"question_id IN ({QUESTIONS})"),
    "coverletters_question": ("자기소개서", f"cover_letter_id IN ({LETTERS})"),
    "coverletters_coverletter": ("자기소개서", f"member_id IN ({W})"),
    "experiences_experience": ("경험 나열", f"member_id IN ({W})"),
    "profiles_education": ("본인 프로필", f"profile_id IN ({PROFILES})"),
    "profiles_career": ("본인 프로필", f"profile_id IN ({PROFILES})"),
    "profiles_profile": ("본인 프로필", f"member_id IN ({W})"),
    "privacy_consentrecord": ("회원가입", f"member_id IN ({W})"),
    "socialaccount_socialaccount": ("회원가입", f"user_id IN ({W})"),
    "accounts_user": ("회원가입", "withdrawn_at <= %(now)s"),
}


def census(now: datetime.datetime) -> tuple[dict[str, int], dict[str, int]]:
    """({table: due rows}, {table: all rows}) for the destroyed tables and the survivors'."""
    due, total = {}, {}
    with connection.cursor() as cursor:
        for table, (_, condition) in DUE.items():
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {condition}", {"now": now})
            due[table] = cursor.fetchone()[0]
        for table in (*DUE, "usage_usageevent", "privacy_datakey"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            total[table] = cursor.fetchone()[0]
    return due, total


def expected_ledger(due: dict[str, int]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, rows in due.items():
        category = DUE[table][0]
        if category:
            counts[category] = counts.get(category, 0) + rows
    return counts


def rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_rss_peak() -> None:
    # Linux: writing 5 resets VmHWM to the current RSS (proc(5), /proc/pid/clear_refs).
    Path("/proc/self/clear_refs").write_text("5")


class StepClock:
    """Seconds per engine step: from each batch call to the next, so a step's time includes
    its batches' commits (the deferred foreign-key checks), ledger and cursor writes. Wraps the
    engine's two batch functions; one perf_counter() per batch of DESTRUCTION_BATCH rows."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.step = "claim and ledger rows"
        self.mark = time.perf_counter()

    def tick(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[self.step] = self.seconds.get(self.step, 0.0) + now - self.mark
        self.step, self.mark = step, now

    def wrap(self, kind: str, fn):
        def timed(entry, *args, **kwargs):
            self.tick(f"{kind} {entry.model._meta.db_table}")
            return fn(entry, *args, **kwargs)

        return timed


def run_engine(now: datetime.datetime, *, trace: bool) -> dict:
    """The daily job, claimed and run as core.jobs.run_due_jobs would: seconds, memory."""
    load_jobs()
    job = JOBS[JOB]
    clock = StepClock()
    originals = engine.shred_keys_batch, engine.delete_rows_batch
    engine.shred_keys_batch = clock.wrap("keys", originals[0])
    engine.delete_rows_batch = clock.wrap("rows", originals[1])
    gc.collect()
    start_rss = rss_kib("VmRSS")
    reset_rss_peak()
    if trace:
        tracemalloc.start()
        tracemalloc.reset_peak()
        traced_start = tracemalloc.get_traced_memory()[0]
    started = clock.mark = time.perf_counter()
    try:
        outcome = run_job(job, timezone.localdate(now, KST), lambda: now)
    finally:
        engine.shred_keys_batch, engine.delete_rows_batch = originals
    seconds = time.perf_counter() - started
    clock.tick("")
    result = {
        "seconds": seconds,
        "steps": clock.seconds,
        "rss_start_kib": start_rss,
        "rss_peak_kib": rss_kib("VmHWM"),
    }
    if trace:
        result["traced_peak_kib"] = (tracemalloc.get_traced_memory()[1] - traced_start) // 1024
        tracemalloc.stop()
    assert outcome == "done", (outcome, JobRun.objects.values("state", "error").first())
    return result


def check_engine(now: datetime.datetime, due: dict[str, int], before: dict[str, int]) -> None:
    """The ledger counts what was due; nothing due is left; everything else is still there."""
    ledger = dict(
        DestructionRun.objects.filter(job=JOB, count__gt=0).values_list("category", "count")
    )
    assert ledger == expected_ledger(due), (ledger, expected_ledger(due))
    assert not DestructionRun.objects.filter(job=JOB, finished_at__isnull=True).exists()
    check_left(now, due, before)


def check_left(now: datetime.datetime, due: dict[str, int], before: dict[str, int]) -> None:
    """Nothing due is left, and everything else (the usage records, the active members' rows
    and keys) is still there."""
    left_due, after = census(now)
    assert not any(left_due.values()), left_due
    for table, rows in before.items():
        assert after[table] == rows - due.get(table, 0), (table, rows, after[table])


def run_plain(now: datetime.datetime) -> dict[str, float]:
    """The same rows by plain DELETE statements, children first, in one transaction:
    seconds per statement, and the COMMIT, where the deferred foreign-key checks run."""
    seconds = {}
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        for table, (_, condition) in DUE.items():
            started = time.perf_counter()
            cursor.execute(f"DELETE FROM {table} WHERE {condition}", {"now": now})
            seconds[table] = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute("COMMIT")
        seconds["COMMIT"] = time.perf_counter() - started
    return seconds


def measure(members: int, *, trace: bool) -> dict:
    """Engine, then (on fresh rows) the engine under tracemalloc, then the plain delete."""
    now = timezone.now()
    started = time.perf_counter()
    populate(members, now)
    populate_s = time.perf_counter() - started
    due, before = census(now)
    result = {"members": members, "due": due, "before": before, "populate_s": populate_s}
    result["engine"] = run_engine(now, trace=False)
    check_engine(now, due, before)
    if trace:
        populate(members, now)
        result["traced_kib"] = run_engine(now, trace=True)["traced_peak_kib"]
        check_engine(now, due, before)
    populate(members, now)
    assert census(now) == (due, before)  # the same rows again
    result["plain"] = run_plain(now)
    check_left(now, due, before)
    result["populations"] = 3 if trace else 2
    return result


def mib(kib: float) -> str:
    return f"{kib / 1024:7.1f} MiB"


def report(large: dict, small: dict | None, seconds: float) -> None:
    due, before = large["due"], large["before"]
    steps, plain = large["engine"]["steps"], large["plain"]
    engine_s, plain_s = large["engine"]["seconds"], sum(plain.values())
    destroyed = sum(due.values())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    print(
        f"destruction bench on PostgreSQL {version}: {large['members']:,} withdrawn members "
        f"(+{large['members'] // ACTIVE_SHARE:,} active ones, who stay), "
        f"DESTRUCTION_BATCH={settings.DESTRUCTION_BATCH}"
    )
    print(f"  {'rows destroyed':44s} {'rows':>10s} {'engine':>9s} {'plain':>9s}")
    for table, rows in due.items():
        # The collector deletes a question's experience links with the question.
        step = steps.get(f"rows {table}")
        shown = "(question)" if table == "coverletters_question_experiences" else f"{step:7.2f} s"
        print(f"    {table:42s} {rows:>10,} {shown:>9s} {plain[table]:7.2f} s")
    others = engine_s - sum(steps.get(f"rows {t}", 0.0) for t in due)
    print(f"    {'engine: keys pass, other registry entries':42s} {'':>10s} {others:7.2f} s")
    commit = plain["COMMIT"]
    print(f"    {'plain: COMMIT (deferred foreign-key checks)':42s} {'':>21s} {commit:7.2f} s")
    print(
        f"  {'total':44s} {destroyed:>10,} {engine_s:7.2f} s {plain_s:7.2f} s   "
        f"ratio {engine_s / plain_s:.2f}x (goal: within 3x)"
    )
    ledger = ", ".join(f"{name} {rows:,}" for name, rows in expected_ledger(due).items())
    print(f"  ledger (retention.DestructionRun) = the rows that were due: {ledger}")
    print(
        f"  kept: {before['usage_usageevent']:,} usage records (due 60 days after withdrawal), "
        f"{before['privacy_datakey']:,} data keys and every row of the active members"
    )
    print()
    print("  engine memory, RSS of this process (start, high-water during the run, growth) and")
    print("  tracemalloc peak (a separate untimed run); the same at both sizes = no growth")
    for size in (small, large):
        if size is None:
            continue
        run = size["engine"]
        traced = mib(size["traced_kib"]) if "traced_kib" in size else "(not run)"
        ratio = run["seconds"] / sum(size["plain"].values())
        print(
            f"    {size['members']:>9,} members  engine {run['seconds']:7.2f} s  ratio "
            f"{ratio:5.2f}x  RSS {mib(run['rss_start_kib'])} -> {mib(run['rss_peak_kib'])} "
            f"(+{(run['rss_peak_kib'] - run['rss_start_kib']) / 1024:.1f})  "
            f"tracemalloc {traced}"
        )
    print(
        f"  populate {large['members']:,} members {large['populate_s']:.0f} s "
        f"({large['populations']} times); "
        f"whole bench {seconds:.0f} s"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    # The small size first: its RSS figures are then not lowered by memory the large run freed.
    small = measure(SMALL, trace=TRACE in ("small", "all")) if SMALL else None
    large = measure(MEMBERS, trace=TRACE == "all")
    report(large, small, time.perf_counter() - started)


if __name__ == "__main__":
    main()
