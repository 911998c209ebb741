"""접속기록 at scale: a member's entries are found through the subject index, which is written
with each entry, backfilled for the old ones, pruned with them, protected like them and checked
by the verifier; the privacy centre and the admin list cost the same queries for 1 and 50."""

import datetime
import importlib
import io
import types

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy.accesslog.admin import AccessLogChangeList
from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.models import AccessLogAction, AccessLogEntry, AccessLogSubject
from privacy.accesslog.prune import _prune_allowance, access_log_prune
from privacy.accesslog.verify import access_log_verify
from privacy.centre import export
from tests.conftest import make_staff
from tests.privacy.test_access_log import behind_the_apps_back, clock

BACKFILL = importlib.import_module("privacy.migrations.0008_access_log_subjects_backfill")
STAFF = Actor(account_id=7, role="staff", ip="10.1.2.3")


def seen(subjects, **fields) -> AccessLogEntry:
    return access_log_append(
        actor=fields.pop("actor", STAFF),
        action=fields.pop("action", AccessLogAction.VIEW),
        subjects=subjects,
        target_type="profiles.profile",
        **fields,
    )


def index_of(entry: AccessLogEntry) -> list[int]:
    return sorted(AccessLogSubject.objects.filter(entry=entry).values_list("subject", flat=True))


# --- The index ------------------------------------------------------------------------------


def test_each_append_writes_one_index_row_per_member_named(db):
    list_page = seen([42, 5, 42, 17])
    sign_in = access_log_append(actor=STAFF, action=AccessLogAction.SIGN_IN)

    assert index_of(list_page) == [5, 17, 42]
    assert index_of(sign_in) == []


def test_the_backfill_indexes_entries_appended_before_it_and_the_chain_still_verifies(db, member):
    old = [seen([member.pk]), seen([member.pk, 900]), seen([901])]
    # The log as the migration finds it: entries written before the index existed.
    with behind_the_apps_back() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogsubject")
    assert export.access_history(member) == []

    BACKFILL.backfill(apps, types.SimpleNamespace(connection=connection))

    assert len(export.access_history(member)) == 2
    # Sorted as index_of is: the member's id depends on how many accounts the database made.
    assert [index_of(e) for e in old] == [[member.pk], sorted([member.pk, 900]), [901]]
    assert access_log_verify().ok


def test_entries_written_by_old_code_during_a_deploy_are_named_and_reindexed(db, member):
    from django.core.management import call_command

    seen([member.pk])
    # A process still on the previous code appends without index rows until it restarts.
    with behind_the_apps_back() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogsubject")
    problem = access_log_verify().first_problem
    assert problem is not None and "access_log_reindex" in str(problem)

    call_command("access_log_reindex", stdout=io.StringIO())

    assert access_log_verify().ok
    assert len(export.access_history(member)) == 1


def test_the_backfill_reads_in_batches_and_a_rerun_adds_nothing_twice(db, monkeypatch):
    entries = [seen([100 + i, 200 + i]) for i in range(7)]
    with behind_the_apps_back() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogsubject WHERE subject >= 200")
    monkeypatch.setattr(BACKFILL, "BATCH", 3)

    for _ in range(2):
        BACKFILL.backfill(apps, types.SimpleNamespace(connection=connection))

    assert [index_of(e) for e in entries] == [[100 + i, 200 + i] for i in range(7)]


def test_the_prune_removes_the_index_rows_of_the_entries_it_removes(db, member):
    now = timezone.now()
    with clock(now - datetime.timedelta(days=800)):
        gone = [seen([member.pk]), seen([member.pk, 77])]
    kept = seen([member.pk])

    assert access_log_prune(now=now)["access"] == 2

    assert not AccessLogSubject.objects.filter(entry_id__in=[e.pk for e in gone]).exists()
    assert index_of(kept) == [member.pk]
    assert [row["언제"] for row in export.access_history(member)] == [export._plain(kept.at)]
    assert access_log_verify().ok


def test_the_database_refuses_to_change_or_delete_index_rows(db):
    entry = seen([42])

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogSubject.objects.filter(entry=entry).update(subject=43)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogSubject.objects.filter(entry=entry).delete()
    # Not even under the prune's allowance, while the entry is younger than a year.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        _prune_allowance(timezone.now()),
    ):
        AccessLogSubject.objects.filter(entry=entry).delete()

    assert index_of(entry) == [42]


def test_a_forged_index_row_shows_nothing_in_the_members_history_and_verify_names_it(
    db, member, other_member
):
    seen([member.pk])
    theirs = seen([other_member.pk], reason="민원 처리")
    # Someone who may insert (not the database owner) points the other member's entry at us.
    AccessLogSubject.objects.create(entry=theirs, subject=member.pk)

    history = export.access_history(member)

    assert len(history) == 1 and all(row["사유"] != "민원 처리" for row in history)
    result = access_log_verify()
    assert not result.ok
    assert result.first_problem.seq == theirs.seq
    assert "정보주체 색인" in str(result.first_problem)


def test_a_forged_index_row_shows_nothing_under_the_admins_member_filter(officer_client):
    mine = seen([42])
    theirs = seen([43])
    AccessLogSubject.objects.create(entry=theirs, subject=42)

    _, response = list_queries(officer_client, "?subject=42")

    assert [e.pk for e in response.context["cl"].result_list] == [mine.pk]


def test_an_index_row_removed_behind_the_apps_back_is_named(db, member):
    seen([1])
    hidden = seen([member.pk, 2])
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "DELETE FROM privacy_accesslogsubject WHERE entry_id = %s AND subject = %s",
            [hidden.pk, member.pk],
        )

    result = access_log_verify()

    assert not result.ok and result.first_problem.seq == hidden.seq
    assert "정보주체 색인" in str(result.first_problem)


# --- The privacy centre ---------------------------------------------------------------------


def centre_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/privacy/me/").status_code == 200
    return len(queries)


def test_privacy_centre_costs_the_same_queries_for_1_and_50_entries(client, member, staff):
    client.force_login(member)
    seen([member.pk], actor=Actor(staff.pk, "staff", ""))
    client.get("/privacy/me/")  # warm caches (policy version, content types)
    one = centre_queries(client)
    for i in range(49):
        seen([member.pk, 1000 + i], actor=Actor(staff.pk, "consultant", ""))
    seen([1, 2, 3])  # someone else's

    fifty = centre_queries(client)

    assert fifty == one
    assert len(export.access_history(member, limit=50)) == 50


def test_privacy_centre_history_leaves_out_the_members_own_actions(db, member):
    seen([member.pk], actor=Actor(member.pk, "member", ""))
    seen([member.pk])

    assert len(export.access_history(member)) == 1


# --- The admin list -------------------------------------------------------------------------


@pytest.fixture
def officer_client(client, db):
    client.force_login(make_staff("root", "root-password-123", superuser=True))
    return client


def list_queries(client, query: str = ""):
    url = reverse("admin:privacy_accesslogentry_changelist") + query
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return Count(queries), response


class Count(int):
    """The number of queries, carrying them for a closer look."""

    def __new__(cls, queries):
        number = super().__new__(cls, len(queries))
        number.captured_queries = queries.captured_queries
        return number


@pytest.mark.parametrize("query", ["", "?subject=42", "?recent=7", "?actor=7"])
def test_access_log_admin_list_costs_the_same_queries_for_1_and_50_rows(officer_client, query):
    seen([42])
    list_queries(officer_client, query)  # warm caches
    one, _ = list_queries(officer_client, query)
    for i in range(49):
        seen([42, 100 + i])

    fifty, response = list_queries(officer_client, query)

    assert fifty == one
    assert len(response.context["cl"].result_list) >= 50
    # No date hierarchy: it would select the distinct dates of the whole log on every view.
    assert response.context["cl"].date_hierarchy is None


def test_access_log_admin_pages_without_counting_and_says_where_the_rest_is(
    officer_client, monkeypatch
):
    monkeypatch.setattr(AccessLogChangeList, "MAX_PAGES", 2)
    monkeypatch.setattr("privacy.accesslog.admin.AccessLogEntryAdmin.list_per_page", 2)
    for i in range(7):
        seen([i + 1])

    queries, response = list_queries(officer_client, "?fold=0&p=2")

    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert "최근 2쪽까지만" in response.content.decode()
    _, narrowed = list_queries(officer_client, "?subject=2")
    assert [e.subject_ids for e in narrowed.context["cl"].result_list] == [[2]]
    assert "최근 2쪽까지만" not in narrowed.content.decode()
    assert (
        officer_client.get(reverse("admin:privacy_accesslogentry_changelist") + "?p=3").status_code
        == 302
    )


def test_recent_filter_is_a_range_over_the_time_of_access(client, db):
    with clock(timezone.now() - datetime.timedelta(days=10)):
        older = seen([1])
    newer = seen([2])
    # Signed in after: time runs forward along the chain, so the older entry comes first.
    officer_client = client
    officer_client.force_login(make_staff("root", "root-password-123", superuser=True))

    _, week = list_queries(officer_client, "?recent=7")
    _, month = list_queries(officer_client, "?recent=30")

    # (The officer's own sign-in, just now, is listed too.)
    in_week = {e.pk for e in week.context["cl"].result_list}
    assert newer.pk in in_week and older.pk not in in_week
    assert {older.pk, newer.pk} <= {e.pk for e in month.context["cl"].result_list}
