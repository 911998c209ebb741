"""Bench: the access log admin page (접속기록) at 1,000 and at 100,000 entries.

Issue 15's acceptance: the page with 100,000 entries answers within 2x of the same page with
1,000. The page never counts the log (privacy.accesslog.admin.AccessLogChangeList), reads its
rows through (filter column, at, id) indexes and names the ~100 accounts on it in one query, so
its cost should not follow the size of the table.

Each page is timed against a baseline in the same run, request for request (A B A B: GET of the
privacy policy page, a template over the registry, no database), and the figure is the ratio of
medians, so a shared machine's noise hits both alike; the growth is that ratio at 100,000
divided by the ratio at 1,000. Entries are written with one set-based INSERT
(tests.privacy.accesslog.bulk), one in five a list page naming 20 members, by 5 staff accounts
over 200 members whose names are encrypted as usual (the page decrypts the ones it shows).

PostgreSQL only, in its own database BENCH_ACCESS_LOG_PAGE_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/lifemento_bench_access_log_page, dropped and created afresh:
the log refuses TRUNCATE). Skipped, with a message, when PostgreSQL is not reachable.

    .venv/bin/python bench/access_log_page.py     # about 2 minutes; BENCH_ROUNDS (15)
"""

import datetime
import os
import sys
from pathlib import Path

from support import designated_officer, postgres_bench_database, timed_pair

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_ACCESS_LOG_PAGE_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/lifemento_bench_access_log_page",
)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
ACCEPTANCE = 2.0

if __name__ == "__main__":
    problem = postgres_bench_database(
        DATABASE_URL, "BENCH_ACCESS_LOG_PAGE_DATABASE_URL", fresh=True
    )
    if problem:
        print(f"access log page bench skipped: {problem}")
        sys.exit(0)

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
os.environ["DEBUG"] = "false"  # no query log, templates as in production

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User, new_member_username  # noqa: E402
from tests.privacy.accesslog.bulk import bulk_entries  # noqa: E402

LOG = "/admin/privacy/accesslogentry/"


def people() -> tuple[User, list[int], list[int]]:
    officer = designated_officer("officer", "officer-password-123")
    staff = [User.objects.create_staff(f"staff{i}", "staff-password-123").pk for i in range(5)]
    members = [
        User.objects.create_user(
            new_member_username(), role=Role.MEMBER, name=f"김{i:03d}", phone=f"010-4{i:03d}-0000"
        ).pk
        for i in range(200)
    ]
    return officer, staff, members


def get(client: Client, path: str):
    def fetch() -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return fetch


def measure(staff_client: Client, paths: dict[str, str]) -> dict[str, tuple[float, float, int]]:
    baseline = get(Client(HTTP_HOST="127.0.0.1"), "/privacy/policy/")
    out = {}
    for name, path in paths.items():
        page_s, base_s = timed_pair(get(staff_client, path), baseline, ROUNDS)
        with CaptureQueriesContext(connection) as queries:
            get(staff_client, path)()
        out[name] = (page_s * 1000, page_s / base_s, len(queries))
    return out


def main() -> None:
    call_command("migrate", verbosity=0)
    officer, staff, members = people()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)
    start = timezone.now() - datetime.timedelta(days=200)
    # A day that holds a page and more at both sizes: the 1,000 entries run a minute apart from
    # `start` for 16 hours, so the KST day of start + 8 hours holds at least 480 of them.
    day = timezone.localdate(start + datetime.timedelta(hours=8)).isoformat()
    paths = {
        "first page (list views folded)": LOG,
        "first page, every entry (fold=0)": f"{LOG}?fold=0",
        "page 5": f"{LOG}?p=5",
        "action 상세 조회": f"{LOG}?action__exact=view",
        "one staff account": f"{LOG}?actor={staff[2]}",
        "one member (subject)": f"{LOG}?subject={members[7]}",
        "one day (KST dates)": f"{LOG}?date_from={day}&date_to={day}",
    }
    results = {}
    bulk_entries(1_000, members=members, actors=staff, start=start)
    results["1,000"] = measure(client, paths)
    bulk_entries(
        99_000, members=members, actors=staff, start=start + datetime.timedelta(minutes=1_000)
    )
    results["100,000"] = measure(client, paths)

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    print(f"access log page bench on PostgreSQL {version}, {ROUNDS} alternated rounds")
    print("  ratio = median page time / median baseline (GET /privacy/policy/) in the same run")
    print(f"  {'page':36s} {'entries':>9s} {'ms':>8s} {'ratio':>7s} {'queries':>8s}")
    for size, rows in results.items():
        for name, (ms, ratio, queries) in rows.items():
            print(f"  {name:36s} {size:>9s} {ms:8.1f} {ratio:6.2f}x {queries:>8d}")
    worst = 0.0
    for name in paths:
        growth = results["100,000"][name][1] / results["1,000"][name][1]
        worst = max(worst, growth)
        print(f"  {name:36s} 100,000 vs 1,000: {growth:.2f}x")
    verdict = "ok" if worst <= ACCEPTANCE else "FAILS"
    print(f"  worst growth {worst:.2f}x (acceptance: within {ACCEPTANCE:.0f}x): {verdict}")


if __name__ == "__main__":
    main()
