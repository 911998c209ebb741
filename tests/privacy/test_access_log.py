"""접속기록: a hash chain the database will not let anyone edit, and a verifier that names the
first entry changed, removed or reordered behind the application's back."""

import datetime
import importlib
import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from core.jobs import JOBS, KST, load_jobs, run_due_jobs, run_job
from core.models import JobRun
from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.checks import access_log_retention
from privacy.accesslog.hashing import (
    GENESIS_HASH,
    HASHED_FIELDS,
    VERIFIED_FIELDS,
    canonical,
    checkpoint_mac,
    entry_hash,
)
from privacy.accesslog.head import AccessLogBroken, access_log_checkpoint
from privacy.accesslog.models import (
    AccessLogAction,
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogCheckpointKind,
    AccessLogEntry,
    AccessLogHead,
    AccessLogSubject,
)
from privacy.accesslog.prune import _prune_allowance, access_log_prune
from privacy.accesslog.verify import access_log_verify
from privacy.retention import tasks as retention_tasks
from privacy.retention.models import DestructionRun

STAFF = Actor(account_id=7, role="staff", ip="10.1.2.3")
TABLE = "privacy_accesslogentry"
TRIGGERS = importlib.import_module("privacy.migrations.0004_access_log_triggers")
SUBJECT_TRIGGERS = importlib.import_module("privacy.migrations.0008_access_log_subjects_backfill")
INDEX = "privacy_accesslogsubject"


def append(count: int, chain: str = AccessLogChain.ACCESS, **fields) -> list[AccessLogEntry]:
    return [
        access_log_append(
            actor=STAFF,
            action=fields.get("action", AccessLogAction.VIEW),
            chain=chain,
            subjects=fields.get("subjects", [100 + i]),
            target_type="profiles.profile",
            target_id=str(i),
        )
        for i in range(count)
    ]


def verify() -> tuple[int, str]:
    """Run `manage.py verify_access_log`; (exit code, everything it printed)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_access_log", stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue() + err.getvalue() + str(error)
    return 0, out.getvalue() + err.getvalue()


LOG_TABLES = (TABLE, INDEX, "privacy_accessloghead", "privacy_accesslogcheckpoint")


@contextmanager
def behind_the_apps_back():
    """What the database owner can do: switch the triggers off (PostgreSQL), or drop them
    (SQLite), write raw SQL, and put them back. Every table of the log, the head and the
    checkpoints included."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign-key checks are deferred to the commit, and a table with checks pending
            # cannot be altered: run them now, before each switch.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in LOG_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            try:
                yield cursor
            finally:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in LOG_TABLES:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name LIKE 'privacy_accesslog%'"
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            try:
                yield cursor
            finally:
                for _, sql in triggers:
                    cursor.execute(sql)


def delete_entries(cursor, where: str) -> None:
    """Delete entries the way the database owner would have to: their index rows first (the
    foreign key refuses the entries otherwise)."""
    cursor.execute(
        f"DELETE FROM {INDEX} WHERE entry_id IN (SELECT id FROM {TABLE} WHERE {where})"  # noqa: S608
    )
    cursor.execute(f"DELETE FROM {TABLE} WHERE {where}")  # noqa: S608


@contextmanager
def clock(moment: datetime.datetime):
    original = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = original


# --- The chain ------------------------------------------------------------------------------


def test_appends_number_entries_and_link_each_to_the_previous(db):
    first, second, third = append(3)

    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    head = AccessLogHead.objects.get(chain=AccessLogChain.ACCESS)
    assert (head.seq, head.hash) == (3, third.hash)


def test_entry_records_account_role_ip_subjects_action_and_target(db):
    entry = access_log_append(
        actor=STAFF,
        action=AccessLogAction.REVEAL,
        subjects=[42, 5, 42],
        target_type="accounts.user",
        target_id="42",
        reason="정정 요구 처리",
    )
    entry.refresh_from_db()

    assert (entry.actor_id, entry.actor_role, entry.ip) == (7, "staff", "10.1.2.3")
    assert entry.subjects == ",5,42," and entry.subject_ids == [5, 42]
    assert entry.action == "reveal" and entry.reason_text == "정정 요구 처리"
    # Stored encrypted, under the log's own key (issue 17).
    assert "정정" not in entry.reason and entry.reason.startswith("lmlog1$")
    assert entry_hash({f: getattr(entry, f) for f in VERIFIED_FIELDS}) == entry.hash


def test_canonical_form_is_fixed_json_so_old_hashes_stay_checkable():
    values = {
        "chain": "access",
        "seq": 1,
        "at": datetime.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
        "actor_id": 7,
        "actor_role": "staff",
        "ip": "10.1.2.3",
        "action": "view",
        "subjects": ",5,",
        "target_type": "profiles.profile",
        "target_id": "9",
        "reason": "",
        "detail": {"b": 1, "a": ["x"]},
        "prev_hash": GENESIS_HASH,
    }

    assert (
        canonical(values)
        == (
            '{"action":"view","actor_id":7,"actor_role":"staff","at":"2026-01-02T03:04:05.000006Z",'
            '"chain":"access","detail":{"a":["x"],"b":1},"ip":"10.1.2.3","prev_hash":"'
            + GENESIS_HASH
            + '","reason":"","seq":1,"subjects":",5,","target_id":"9",'
            '"target_type":"profiles.profile","v":1}'
        ).encode()
    )


def test_time_never_runs_backwards_along_the_chain(db):
    later = timezone.now() + datetime.timedelta(seconds=30)
    with clock(later):
        append(1)
    # A web server whose clock is behind appends next.
    (entry,) = append(1)

    assert entry.at == later


def test_access_and_permission_chains_are_numbered_separately(db):
    append(2)
    (grant,) = append(1, chain=AccessLogChain.PERMISSION, action=AccessLogAction.PERMISSION_GRANT)

    assert grant.seq == 1 and grant.prev_hash == GENESIS_HASH


def test_append_refuses_to_fork_when_the_head_row_is_gone(db):
    append(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogHead.objects.all().delete()  # the database refuses (issue 17)
    with behind_the_apps_back() as cursor:
        cursor.execute("DELETE FROM privacy_accessloghead")

    with pytest.raises(AccessLogBroken):
        append(1)


def in_threads(count: int, work) -> list[Exception]:
    """Run `work` in `count` threads at once (each its own PostgreSQL connection, released behind
    a barrier); the errors they met."""
    start, errors = threading.Barrier(count), []

    def worker():
        try:
            start.wait()
            work()
        except Exception as error:  # pragma: no cover - reported by the caller
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_processes_starting_a_new_chain_at_once_all_append(settings, tmp_path):
    """The first appends to an empty log race to install the chain: whoever loses waits for the
    winner's head (it must not take the winner's fresh rows for a deleted head and refuse)."""
    from tests.support.access_log import wipe_access_log

    for round_ in range(6):
        wipe_access_log()  # a new installation each round, with a witness of its own
        settings.ACCESS_LOG_WITNESS = f"file://{tmp_path / f'witness-{round_}'}"
        assert not in_threads(6, lambda: append(2))
        seqs = list(AccessLogEntry.objects.order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, 13))
    assert access_log_verify().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain():
    """Eight threads, each its own PostgreSQL connection, append at once: the head row lock
    serialises them into one unbroken sequence."""
    try:
        assert not in_threads(8, lambda: [append(1) for _ in range(10)])
        seqs = list(AccessLogEntry.objects.order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, 81))
        assert access_log_verify().ok
    finally:
        # The flush after a transactional test may only empty an empty log (TRUNCATE trigger).
        with behind_the_apps_back() as cursor:
            delete_entries(cursor, "true")


# --- The database refuses ---------------------------------------------------------------------


def test_database_refuses_to_update_an_entry(db):
    (entry,) = append(1)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="고침")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.reason = "고침"
        entry.save()

    entry.refresh_from_db()
    assert entry.reason == ""


def test_database_refuses_to_delete_an_entry(db):
    (entry,) = append(1)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()

    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_even_the_prune_allowance_cannot_delete_entries_younger_than_a_year(db):
    with clock(timezone.now() - datetime.timedelta(days=200)):
        append(1)

    # Allowance for everything up to now: the trigger still keeps the legal minimum.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        _prune_allowance(timezone.now()),
    ):
        AccessLogEntry.objects.all().delete()

    assert AccessLogEntry.objects.count() == 1


def test_database_refuses_to_change_or_delete_a_checkpoint(db):
    append(1)
    (checkpoint, _) = access_log_checkpoint()

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogCheckpoint.objects.filter(pk=checkpoint.pk).update(seq=0)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogCheckpoint.objects.filter(pk=checkpoint.pk).delete()


def test_database_refuses_to_move_a_chain_head_backwards(db):
    append(3)

    with pytest.raises(DatabaseError, match="forward"), transaction.atomic():
        AccessLogHead.objects.filter(chain=AccessLogChain.ACCESS).update(seq=1)


@pytest.mark.postgres
def test_postgresql_refuses_to_truncate_a_log_holding_entries(db):
    append(1)

    with (
        pytest.raises(DatabaseError, match="TRUNCATE"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE privacy_accesslogentry")


# --- Verification names what was tampered with ----------------------------------------------


def test_verify_passes_and_summarises_an_untouched_log(db):
    append(5)
    append(2, chain=AccessLogChain.PERMISSION, action=AccessLogAction.PERMISSION_CHANGE)
    access_log_checkpoint()

    code, output = verify()

    assert code == 0, output
    assert "접속기록: 5건 (일련번호 1–5)" in output
    assert "권한 변경 기록: 2건" in output
    assert "검증 성공" in output


def test_editing_an_entry_behind_the_apps_back_is_named(db):
    append(6)

    with behind_the_apps_back() as cursor:
        cursor.execute(
            "UPDATE privacy_accesslogentry SET reason = 'x' WHERE chain = 'access' AND seq = 4"
        )

    code, output = verify()
    assert code == 1
    assert "일련번호 4" in output and "변경" in output


def test_editing_an_entry_and_recomputing_every_hash_is_still_named(db):
    """The SHA-256 scheme is public; the per-entry HMAC is not."""
    append(6)
    rows = list(AccessLogEntry.objects.order_by("seq").values(*HASHED_FIELDS, "version", "pk"))
    rows[2]["actor_id"] = 999  # blame someone else for entry 3
    prev = AccessLogEntry.objects.get(chain=AccessLogChain.ACCESS, seq=2).hash
    with behind_the_apps_back() as cursor:
        for row in rows[2:]:
            row["prev_hash"] = prev
            prev = entry_hash(row)
            cursor.execute(
                "UPDATE privacy_accesslogentry SET actor_id = %s, prev_hash = %s, hash = %s "
                "WHERE id = %s",
                [row["actor_id"], row["prev_hash"], prev, row["pk"]],
            )

    code, output = verify()
    assert code == 1
    assert "일련번호 3" in output and "서명 불일치" in output


def test_deleting_an_entry_behind_the_apps_back_is_named(db):
    append(6)

    with behind_the_apps_back() as cursor:
        delete_entries(cursor, "chain = 'access' AND seq = 3")

    code, output = verify()
    assert code == 1
    assert "일련번호 3" in output and "항목이 없어요" in output


def test_deleting_an_entry_and_renumbering_the_rest_is_named(db):
    append(5)

    with behind_the_apps_back() as cursor:
        delete_entries(cursor, "chain = 'access' AND seq = 2")
        for seq in (3, 4, 5):
            cursor.execute(
                "UPDATE privacy_accesslogentry SET seq = %s WHERE chain = 'access' AND seq = %s",
                [seq - 1, seq],
            )

    code, output = verify()
    assert code == 1
    assert "일련번호 2" in output


def test_reordering_entries_behind_the_apps_back_is_named(db):
    append(6)

    with behind_the_apps_back() as cursor:
        cursor.execute(
            "UPDATE privacy_accesslogentry SET seq = 1000 WHERE chain = 'access' AND seq = 4"
        )
        cursor.execute(
            "UPDATE privacy_accesslogentry SET seq = 4 WHERE chain = 'access' AND seq = 5"
        )
        cursor.execute(
            "UPDATE privacy_accesslogentry SET seq = 5 WHERE chain = 'access' AND seq = 1000"
        )

    code, output = verify()
    assert code == 1
    assert "일련번호 4" in output


def test_cutting_entries_from_the_end_is_detected(db):
    append(6)

    with behind_the_apps_back() as cursor:
        delete_entries(cursor, "chain = 'access' AND seq >= 5")

    code, output = verify()
    assert code == 1
    assert "일련번호 5" in output and "뒷부분 삭제" in output


def test_a_forged_checkpoint_is_detected(db):
    append(3)
    (checkpoint, _) = access_log_checkpoint()

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE privacy_accesslogcheckpoint DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER privacy_accesslogcheckpoint_no_update")
        cursor.execute(
            "UPDATE privacy_accesslogcheckpoint SET seq = 2 WHERE id = %s", [checkpoint.pk]
        )

    code, output = verify()
    assert code == 1
    assert f"체크포인트 #{checkpoint.pk}" in output and "서명" in output


def test_verify_view_of_a_broken_chain_names_the_first_problem_only_once_per_chain(db):
    append(4)
    append(3, chain=AccessLogChain.PERMISSION, action=AccessLogAction.PERMISSION_CHANGE)
    with behind_the_apps_back() as cursor:
        for chain, seq in (("access", 2), ("permission", 3)):
            cursor.execute(
                "UPDATE privacy_accesslogentry SET ip = '1.1.1.1' WHERE chain = %s AND seq = %s",
                [chain, seq],
            )

    result = access_log_verify()

    assert [(p.chain, p.seq) for p in result.problems] == [("access", 2), ("permission", 3)]


# --- Retention and checkpoints --------------------------------------------------------------


def test_prune_past_retention_removes_old_entries_and_still_verifies(db, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    now = timezone.now()
    with clock(now - datetime.timedelta(days=800)):
        append(4)
    with clock(now - datetime.timedelta(days=10)):
        kept = append(3)

    removed = access_log_prune(now=now)

    assert removed == {"access": 4, "permission": 0}
    assert list(AccessLogEntry.objects.order_by("seq").values_list("seq", flat=True)) == [5, 6, 7]
    prune = AccessLogCheckpoint.objects.get(kind=AccessLogCheckpointKind.PRUNE)
    assert (prune.seq, prune.pruned) == (4, 4) and prune.hash == kept[0].prev_hash
    code, output = verify()
    assert code == 0, output
    assert "일련번호 5–7" in output


def test_prune_keeps_permission_changes_for_three_years(db, settings):
    now = timezone.now()
    with clock(now - datetime.timedelta(days=900)):
        append(2)
        append(2, chain=AccessLogChain.PERMISSION, action=AccessLogAction.PERMISSION_CHANGE)

    removed = access_log_prune(now=now)

    assert removed == {"access": 2, "permission": 0}
    assert AccessLogEntry.objects.filter(chain=AccessLogChain.PERMISSION).count() == 2
    assert verify()[0] == 0


def test_prune_of_the_whole_chain_then_more_appends_still_verifies(db):
    now = timezone.now()
    with clock(now - datetime.timedelta(days=1000)):
        append(3)
    access_log_prune(now=now)
    append(2)

    code, output = verify()
    assert code == 0, output
    assert "일련번호 4–5" in output


def test_entries_removed_at_the_start_without_a_prune_checkpoint_are_named(db):
    now = timezone.now()
    with clock(now - datetime.timedelta(days=800)):
        append(3)
    append(2)

    # An old entry deleted the way the prune does, but without its signed checkpoint.
    with transaction.atomic(), _prune_allowance(now - datetime.timedelta(days=730)):
        AccessLogSubject.objects.filter(entry__seq=1).delete()
        AccessLogEntry.objects.filter(seq=1).delete()

    code, output = verify()
    assert code == 1 and "일련번호 1" in output


def test_prune_with_a_limit_cuts_a_shorter_prefix_that_still_verifies(db):
    now = timezone.now()
    with clock(now - datetime.timedelta(days=800)):
        append(5)
    append(1)

    assert access_log_prune(now=now, limit=2) == {"access": 2, "permission": 0}
    assert verify()[0] == 0
    assert access_log_prune(now=now, limit=2) == {"access": 2, "permission": 0}
    assert access_log_prune(now=now, limit=2) == {"access": 1, "permission": 0}
    assert access_log_prune(now=now, limit=2) == {"access": 0, "permission": 0}

    prunes = AccessLogCheckpoint.objects.filter(kind=AccessLogCheckpointKind.PRUNE)
    assert list(prunes.order_by("id").values_list("seq", "pruned")) == [(2, 2), (4, 2), (5, 1)]
    assert list(AccessLogEntry.objects.values_list("seq", flat=True)) == [6]
    code, output = verify()
    assert code == 0, output


# --- The daily jobs (core.jobs) -------------------------------------------------------------


def test_checkpoint_and_prune_are_daily_jobs_at_their_kst_times_not_beat_entries(settings):
    load_jobs()

    assert JOBS["access-log-checkpoint"].at == datetime.time(0, 5)
    assert JOBS["access-log-prune"].at == datetime.time(4, 40)
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert not {t for t in tasks if t.startswith("privacy.tasks.access_log")}
    assert "core.tasks.run_due_jobs" in tasks


def test_daily_checkpoint_job_signs_each_chain_head_once_a_day(db):
    entries = append(3)
    just_after = datetime.datetime(2026, 3, 10, 0, 5, tzinfo=KST)

    assert run_due_jobs(now=just_after) == {"access-log-checkpoint": "done"}
    later = just_after + datetime.timedelta(minutes=15)
    assert run_due_jobs(now=later) == {"access-log-checkpoint": "skipped"}

    checkpoint = AccessLogCheckpoint.objects.get(chain=AccessLogChain.ACCESS, kind="daily")
    assert checkpoint.hash == entries[-1].hash
    assert checkpoint.mac == checkpoint_mac(checkpoint)
    # access, permission: one each (after each chain's installation record)
    assert AccessLogCheckpoint.objects.filter(kind="daily").count() == 2
    run = JobRun.objects.get(job="access-log-checkpoint")
    assert run.progress == {"seqs": {"access": 3, "permission": 0}}


def test_checkpoint_command_reports_the_heads(db):
    append(2)
    out = StringIO()

    call_command("access_log_checkpoint", stdout=out)

    assert "접속기록: 체크포인트" in out.getvalue() and "일련번호 2" in out.getvalue()


def prune_today(moment: datetime.datetime | None = None) -> str:
    """Run the prune job as the runner does, for `moment`'s KST day (the triggers compare with
    the database's clock, so the day must be a real one)."""
    moment = moment or timezone.now()
    load_jobs()
    return run_job(JOBS["access-log-prune"], timezone.localdate(moment, KST), lambda: moment)


def test_prune_job_records_each_chain_in_the_destruction_ledger(db, settings):
    now = timezone.now()
    with clock(now - datetime.timedelta(days=1200)):
        append(2, chain=AccessLogChain.PERMISSION, action=AccessLogAction.PERMISSION_CHANGE)
    with clock(now - datetime.timedelta(days=800)):
        append(4, subjects=[987654])
    append(1)

    assert prune_today(now) == "done"

    runs = {run.category: run for run in DestructionRun.objects.filter(job="access-log-prune")}
    assert set(runs) == {"접속기록", "권한 변경 기록"}
    access, permission = runs["접속기록"], runs["권한 변경 기록"]
    assert (access.count, permission.count) == (4, 2)
    assert "제8조" in access.legal_basis and "730일" in access.legal_basis
    assert "제5조" in permission.legal_basis and "1095일" in permission.legal_basis
    assert "체크포인트" in access.method
    assert access.started_at == now and access.finished_at == now and access.errors == ""
    text = " ".join(str(v) for v in DestructionRun.objects.values_list())
    assert "987654" not in text and "10.1.2.3" not in text
    assert verify()[0] == 0


def test_prune_job_works_in_batches_and_a_second_run_the_same_day_does_nothing(db, monkeypatch):
    monkeypatch.setattr(retention_tasks, "ACCESS_LOG_PRUNE_BATCH", 2)
    now = timezone.now()
    with clock(now - datetime.timedelta(days=800)):
        append(5)
    append(1)

    assert prune_today(now) == "done"
    assert prune_today(now + datetime.timedelta(minutes=15)) == "skipped"

    assert list(AccessLogEntry.objects.values_list("seq", flat=True)) == [6]
    prunes = AccessLogCheckpoint.objects.filter(kind=AccessLogCheckpointKind.PRUNE)
    assert list(prunes.order_by("id").values_list("pruned", flat=True)) == [2, 2, 1]
    assert DestructionRun.objects.get(category="접속기록").count == 5
    run = JobRun.objects.get(job="access-log-prune")
    assert run.progress["removed"] == {"access": 5, "permission": 0}
    assert verify()[0] == 0


def test_an_interrupted_prune_resumes_on_the_same_ledger_rows(db, monkeypatch):
    monkeypatch.setattr(retention_tasks, "ACCESS_LOG_PRUNE_BATCH", 2)
    now = timezone.now()
    with clock(now - datetime.timedelta(days=800)):
        append(5)
    calls = []

    def failing_prune(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise DatabaseError("connection lost at entry 3")
        return access_log_prune(**kwargs)

    monkeypatch.setattr(retention_tasks, "access_log_prune", failing_prune)
    assert prune_today(now) == "failed"
    assert AccessLogEntry.objects.count() == 3
    assert DestructionRun.objects.get(category="접속기록").count == 2
    assert verify()[0] == 0  # a batch is all or nothing: the chain verifies between batches

    later = now + datetime.timedelta(minutes=15)
    assert prune_today(later) == "done"
    run = DestructionRun.objects.get(category="접속기록")
    assert (run.count, AccessLogEntry.objects.count()) == (5, 0)
    assert "DatabaseError" in run.errors and "entry 3" not in run.errors
    assert run.finished_at == later
    assert DestructionRun.objects.count() == 2  # the same two rows, resumed
    assert {call["now"] for call in calls} == {now}  # one cutoff for the whole run


def test_prune_is_a_no_op_when_nothing_is_old_but_the_ledger_shows_the_check_ran(db):
    append(3)

    assert prune_today() == "done"

    assert not AccessLogCheckpoint.objects.filter(kind=AccessLogCheckpointKind.PRUNE).exists()
    assert AccessLogEntry.objects.count() == 3
    runs = DestructionRun.objects.filter(job="access-log-prune")
    assert [(r.count, r.finished_at is not None) for r in runs] == [(0, True), (0, True)]


def test_prune_command_runs_todays_job_once(db):
    now = timezone.now()
    with clock(now - datetime.timedelta(days=800)):
        append(3)
    out = StringIO()

    call_command("access_log_prune", stdout=out)
    call_command("access_log_prune", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[:2] == ["접속기록: 3건 삭제", "권한 변경 기록: 0건 삭제"]
    assert lines[2] == "오늘의 보관기간 경과 삭제는 이미 끝났어요."
    assert DestructionRun.objects.get(category="접속기록").count == 3


def test_retention_shorter_than_a_year_is_refused_by_a_system_check(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 364
    settings.ACCESS_LOG_PERMISSION_RETENTION_DAYS = 1000

    ids = {error.id for error in access_log_retention(None)}

    assert ids == {"privacy.E201", "privacy.E202"}


def test_default_retention_is_two_years_and_three_years_for_permissions(settings):
    assert settings.ACCESS_LOG_RETENTION_DAYS == 730
    assert settings.ACCESS_LOG_PERMISSION_RETENTION_DAYS == 1095
    assert access_log_retention(None) == []
