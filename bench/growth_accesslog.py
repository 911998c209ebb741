"""Bench: pages that read the access log or the destruction ledger, as the data grows.

Issue 10, "Growth": the privacy centre's 내 정보를 본 기록 searched the log with a LIKE scan, the
access log admin paid for its date hierarchy and OFFSET paging, and the destruction ledger
counted every category's due rows on each view. Each page is timed at two sizes of the data
behind it, as a ratio to a baseline measured in the same run: GET of the privacy policy page
(a template over the registry, no database), alternated with the page, request for request,
so that the shared machine's noise hits both alike. Medians of BENCH_GROWTH_ROUNDS (15).

Sizes, grown in place (rows are added, never rewritten):
- the privacy centre of a member named by 50 entries: with an empty log (acceptance: the page
  at 100,000 entries within 1.5x of this), with only their 50 entries, and with 10,000 and
  100,000 entries in all (their 50 are the oldest, so a scan must read the whole table);
- the access log admin (first page, page 50, the 정보주체 filter, one day's date filter) at
  10,000 and 100,000 entries;
- the destruction ledger page at 10,000 and 100,000 members (each with 3 consent records and
  5 usage records; one in ten withdrawn 70 days ago, so their usage records are due).
Entries are one member each, one in ten a list page naming 20 (as the admin's lists do).

Rows are written with set-based SQL; hashes are hash-shaped but the chain is not verified
here (tests do that). Runs against whatever code is checked out: where the subject index
(privacy.AccessLogSubject) exists its rows are written too, and where the ledger keeps a
summary computed by the daily job it is computed once before the ledger is timed, as the job
would have done. PostgreSQL only, in its own database BENCH_GROWTH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/lifemento_bench_growth, created when missing; its name must
start with "lifemento_bench", because its tables are emptied). Skipped, with a message, when
PostgreSQL is not reachable.

    .venv/bin/python bench/growth_accesslog.py     # about 2 minutes
"""

# ruff: noqa: S608 -- every SQL statement here is built from this file's constants.

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

from support import designated_officer, postgres_bench_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_GROWTH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifemento_bench_growth"
)
ROUNDS = int(os.environ.get("BENCH_GROWTH_ROUNDS", "15"))
OWN = 50  # entries naming the centre's member
FIRST_ID = 1_000_000  # accounts written by SQL start here, clear of the ORM's sequence


def database_ready() -> bool:
    problem = postgres_bench_database(DATABASE_URL, "BENCH_GROWTH_DATABASE_URL")
    if problem:
        print(f"growth (access log) bench skipped: {problem}")
    return problem is None


if __name__ == "__main__" and not database_ready():
    sys.exit(0)

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
os.environ["DEBUG"] = "false"  # no query log, templates as in production

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User, new_member_username  # noqa: E402
from privacy.consents.services import consents_record_signup  # noqa: E402
from privacy.retention import engine  # noqa: E402

HAS_INDEX = "accesslogsubject" in {
    m._meta.model_name for m in apps.get_app_config("privacy").get_models()
}
LOG_TABLES = ["privacy_accesslogentry", "privacy_accessloghead", "privacy_accesslogcheckpoint"]
if HAS_INDEX:
    LOG_TABLES.insert(0, "privacy_accesslogsubject")
OTHER_TABLES = [
    "usage_usageevent",
    "privacy_consentrecord",
    "privacy_datakey",
    "retention_destructionrun",
    "accounts_user",
]
SUMMARY = getattr(engine, "pending_summary_refresh", None)


def sql(statement: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def reset() -> tuple[User, User]:
    """Empty tables (the log's triggers switched off for it: we own this database), then the
    member whose centre is timed and the officer who reads the admin."""
    sql("SET session_replication_role = replica")  # no user triggers, no FK checks
    tables = [*LOG_TABLES, *OTHER_TABLES]
    try:
        sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    finally:
        sql("SET session_replication_role = DEFAULT")
    if SUMMARY is not None:
        apps.get_model("retention", "PendingSummary").objects.all().delete()
    member = User.objects.create_user(
        new_member_username(), role=Role.MEMBER, name="김지원", phone="010-2846-1357"
    )
    consents_record_signup(member=member, optional={})
    officer = designated_officer("officer", "officer-password-123")
    return member, officer


def grow_log(upto: int, member_id: int) -> None:
    """Entries until the access chain has `upto`; the first OWN name the member."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(max(seq), 0), COALESCE(max(id), 0) FROM privacy_accesslogentry"
        )
        have, last_id = cursor.fetchone()
    if upto <= have:
        return
    start = timezone.now() - datetime.timedelta(days=700)
    sql(
        f"""INSERT INTO privacy_accesslogentry (chain, seq, at, actor_id, actor_role, ip, action,
                subjects, target_type, target_id, reason, detail, prev_hash, hash, mac)
            SELECT 'access', i, %(start)s + i * interval '10 minutes', 2 + i %% 7, 'staff',
                '10.0.' || (i %% 250) || '.' || (i %% 200),
                CASE WHEN i %% 10 = 0 THEN 'list' ELSE 'view' END,
                CASE
                    WHEN i <= {OWN} THEN ',' || %(member)s || ','
                    WHEN i %% 10 = 0 THEN (
                        SELECT ',' || string_agg(m::text, ',' ORDER BY m) || ','
                        FROM generate_series({FIRST_ID} + (i * 37) %% 90000,
                                             {FIRST_ID} + (i * 37) %% 90000 + 19) m)
                    ELSE ',' || ({FIRST_ID} + (i * 7919) %% 100000) || ','
                END,
                'profiles.profile', (i %% 100000)::text, '', '{{}}'::jsonb,
                md5('p' || (i - 1)) || md5('q' || (i - 1)), md5('p' || i) || md5('q' || i),
                md5('m' || i) || md5('n' || i)
            FROM generate_series(%(first)s, %(upto)s) i""",
        {"start": start, "member": member_id, "first": have + 1, "upto": upto},
    )
    if HAS_INDEX:
        sql(
            """INSERT INTO privacy_accesslogsubject (entry_id, subject)
                SELECT e.id, s::bigint FROM privacy_accesslogentry e,
                    unnest(string_to_array(trim(both ',' from e.subjects), ',')) s
                WHERE e.id > %s AND e.subjects <> ''""",
            [last_id],
        )
    # The head where the entries end, so that the officer's sign-in appends after them.
    sql("SET session_replication_role = replica")
    try:
        sql("DELETE FROM privacy_accessloghead WHERE chain = 'access'")
        sql(
            """INSERT INTO privacy_accessloghead (chain, seq, hash, at, mac)
                SELECT chain, seq, hash, at, mac FROM privacy_accesslogentry
                WHERE chain = 'access' ORDER BY seq DESC LIMIT 1"""
        )
    finally:
        sql("SET session_replication_role = DEFAULT")
    sql("VACUUM ANALYZE privacy_accesslogentry")
    if HAS_INDEX:
        sql("VACUUM ANALYZE privacy_accesslogsubject")


def grow_members(upto: int) -> None:
    """Members until there are `upto` written by SQL: 3 consents and 5 usage records each,
    one in ten withdrawn 70 days ago (their usage records are then due, 60 days after)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM accounts_user WHERE id >= {FIRST_ID}")
        have = cursor.fetchone()[0]
    if upto <= have:
        return
    now = timezone.now()
    params = {
        "first": FIRST_ID + have,
        "last": FIRST_ID + upto - 1,
        "joined": now - datetime.timedelta(days=400),
        "gone": now - datetime.timedelta(days=70),
    }
    sql(
        """INSERT INTO accounts_user (id, password, is_superuser, username, role, name, phone,
                is_staff, is_active, date_joined, phone_index, subject, withdrawn_at)
            SELECT i, '!', false, 'bench_' || i, 'member', '', '', false, i %% 10 <> 0,
                %(joined)s, '', md5('subject' || i)::uuid,
                CASE WHEN i %% 10 = 0 THEN %(gone)s END
            FROM generate_series(%(first)s, %(last)s) i""",
        params,
    )
    sql(
        """INSERT INTO privacy_consentrecord (purpose, granted, policy_version, channel,
                recorded_at, member_id)
            SELECT p, true, '2025.1', 'signup', %(joined)s, i
            FROM generate_series(%(first)s, %(last)s) i,
                unnest(ARRAY['membership', 'kakaotalk_messages', 'cookies_statistics']) p
            WHERE i %% 10 <> 0""",
        params,
    )
    sql(
        """INSERT INTO usage_usageevent (member_id, at, page, method, os, device, withdrawn_at)
            SELECT i, %(joined)s + k * interval '30 days', 'home:index', 'GET', 'Android 14',
                'SM-S918N', CASE WHEN i %% 10 = 0 THEN %(gone)s END
            FROM generate_series(%(first)s, %(last)s) i, generate_series(1, 5) k""",
        params,
    )
    for table in ("accounts_user", "privacy_consentrecord", "usage_usageevent"):
        sql(f"VACUUM ANALYZE {table}")


def timed(client: Client, url: str) -> dict:
    """Median seconds of `url` and of the baseline, alternated; and the page's query count."""
    baseline = Client(HTTP_HOST="127.0.0.1")

    def get(c: Client, path: str) -> float:
        started = time.perf_counter()
        response = c.get(path)
        seconds = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        return seconds

    get(baseline, "/privacy/policy/")
    get(client, url)  # warm up
    page, base = [], []
    for _ in range(ROUNDS):
        base.append(get(baseline, "/privacy/policy/"))
        page.append(get(client, url))
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    page_s, base_s = statistics.median(page), statistics.median(base)
    return {"ms": page_s * 1000, "ratio": page_s / base_s, "queries": len(queries)}


def main() -> None:
    call_command("migrate", verbosity=0)
    member, officer = reset()
    centre, staff = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    centre.force_login(member)
    grow_members(10_000)
    results: dict[tuple[str, str], dict] = {}

    results[("privacy centre /privacy/me/", "empty log")] = timed(centre, "/privacy/me/")
    grow_log(OWN, member.pk)
    results[("privacy centre /privacy/me/", f"{OWN} entries")] = timed(centre, "/privacy/me/")
    log = "/admin/privacy/accesslogentry/"
    # The second day of the log: a full day of entries (144) at both sizes.
    day = timezone.localdate(timezone.now() - datetime.timedelta(days=699)).isoformat()
    subject = FIRST_ID + 4242
    admin_paths = {
        "access log admin, first page": log,
        "access log admin, page 50": f"{log}?p=50",
        "access log admin, 정보주체 filter": f"{log}?subject={subject}",
        "access log admin, one day": f"{log}?date_from={day}&date_to={day}",
    }
    ledger = "/admin/retention/destructionrun/"
    # Signed in only now: the sign-in is an entry, and the member's OWN must be the first.
    staff.force_login(officer)
    for entries, members in ((10_000, 10_000), (100_000, 100_000)):
        grow_log(entries, member.pk)
        grow_members(members)
        if SUMMARY is not None:
            SUMMARY(now=timezone.now())  # what the daily job leaves for the page
        size = f"{entries:,} entries"
        results[("privacy centre /privacy/me/", size)] = timed(centre, "/privacy/me/")
        for name, url in admin_paths.items():
            results[(name, size)] = timed(staff, url)
        results[("destruction ledger", f"{members:,} members")] = timed(staff, ledger)

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    print(
        f"growth bench (access log, ledger) on PostgreSQL {version}, {ROUNDS} alternated rounds; "
        f"subject index: {'yes' if HAS_INDEX else 'no'}, ledger summary: "
        f"{'yes' if SUMMARY else 'no'}"
    )
    print("  ratio = median page time / median baseline (GET /privacy/policy/) in the same run")
    print(f"  {'page':36s} {'size':>18s} {'ms':>8s} {'ratio':>7s} {'queries':>8s}")
    for (name, size), r in results.items():
        print(f"  {name:36s} {size:>18s} {r['ms']:8.1f} {r['ratio']:6.2f}x {r['queries']:>8d}")
    empty = results[("privacy centre /privacy/me/", "empty log")]
    full = results[("privacy centre /privacy/me/", "100,000 entries")]
    print(
        f"  privacy centre, 100,000 entries vs empty log: {full['ratio'] / empty['ratio']:.2f}x "
        "(acceptance: within 1.5x)"
    )
    for name in [*admin_paths, "destruction ledger"]:
        small, large = [r for (n, _), r in results.items() if n == name]
        print(f"  {name:36s} grows {large['ratio'] / small['ratio']:.2f}x from the small size")


if __name__ == "__main__":
    main()
