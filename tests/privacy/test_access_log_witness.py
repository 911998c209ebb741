"""접속기록 against the database's owner (issue 17): someone who can switch the triggers off and
write any SQL, but holds neither ACCESS_LOG_HMAC_KEY nor the external witness.

Each attack is done the way such an operator would: raw SQL through `connection.cursor()` with
the log's triggers disabled (tests.privacy.test_access_log.behind_the_apps_back), no keys. Each
must be reported by `manage.py verify_access_log` (exit code 1 and a message naming it), never
accepted silently and never a 500.
"""

import datetime
import json
import logging
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from privacy.accesslog import witness
from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.checkpoints import access_log_witness_sync
from privacy.accesslog.hashing import GENESIS_HASH, HASHED_FIELDS, entry_hash, entry_mac, head_mac
from privacy.accesslog.head import AccessLogBroken, access_log_checkpoint
from privacy.accesslog.models import (
    AccessLogAction,
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogCheckpointKind,
    AccessLogEntry,
    AccessLogHead,
)
from privacy.accesslog.reasons import UNREADABLE_REASON
from privacy.accesslog.verify import access_log_verify
from tests.privacy.test_access_log import append, behind_the_apps_back, clock, verify

STAFF = Actor(account_id=7, role="staff", ip="10.1.2.3")


def witness_dir(settings) -> Path:
    return Path(settings.ACCESS_LOG_WITNESS.removeprefix("file://"))


def checkpoint_and_witness():
    """The daily checkpoint, and its copy in the witness (after the commit, in production)."""
    checkpoints = access_log_checkpoint()
    sync = access_log_witness_sync()
    assert not sync.errors and not sync.pending
    return checkpoints


def raw(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def saved_head(cursor, chain: str = "access"):
    cursor.execute(
        "SELECT chain, seq, hash, at, mac FROM privacy_accessloghead WHERE chain = %s", [chain]
    )
    return cursor.fetchone()


def put_head_back(cursor, row) -> None:
    cursor.execute("DELETE FROM privacy_accessloghead WHERE chain = %s", [row[0]])
    cursor.execute(
        "INSERT INTO privacy_accessloghead (chain, seq, hash, at, mac) VALUES (%s, %s, %s, %s, %s)",
        list(row),
    )


# --- Guards on every table of the log -------------------------------------------------------


def test_database_refuses_to_delete_the_head(db):
    append(2)

    with pytest.raises(DatabaseError, match="DELETE refused"), transaction.atomic():
        raw("DELETE FROM privacy_accessloghead WHERE chain = 'access'")
    with pytest.raises(DatabaseError, match="DELETE refused"), transaction.atomic():
        AccessLogHead.objects.filter(chain="access").delete()
    assert AccessLogHead.objects.get(chain="access").seq == 2


def test_database_refuses_a_head_inserted_for_a_chain_that_has_entries(db):
    append(2)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE privacy_accessloghead DISABLE TRIGGER privacy_accessloghead_guard"
            )
            cursor.execute("DELETE FROM privacy_accessloghead WHERE chain = 'access'")
            cursor.execute(
                "ALTER TABLE privacy_accessloghead ENABLE TRIGGER privacy_accessloghead_guard"
            )
        else:
            cursor.execute("DROP TRIGGER privacy_accessloghead_no_delete")
            cursor.execute("DELETE FROM privacy_accessloghead WHERE chain = 'access'")

    with pytest.raises(DatabaseError, match="cannot be installed again"), transaction.atomic():
        raw(
            "INSERT INTO privacy_accessloghead (chain, seq, hash, at, mac) "
            "VALUES ('access', 0, %s, NULL, '')",
            [GENESIS_HASH],
        )


@pytest.mark.postgres
def test_postgresql_refuses_to_truncate_the_head_table(db):
    append(1)
    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        raw("TRUNCATE privacy_accessloghead")


def test_checkpoints_are_numbered_per_chain_and_each_signs_the_previous_one(db):
    append(2)
    access_log_checkpoint()
    access_log_checkpoint()

    rows = list(
        AccessLogCheckpoint.objects.filter(chain="access")
        .order_by("number")
        .values_list("number", "kind", "prev_mac", "mac")
    )
    assert [(n, k) for n, k, _, _ in rows] == [(1, "install"), (2, "daily"), (3, "daily")]
    assert rows[0][2] == "" and rows[1][2] == rows[0][3] and rows[2][2] == rows[1][3]
    assert verify()[0] == 0


# --- Tail cut, wipe, rewind: the witness ----------------------------------------------------


@pytest.mark.postgres
def test_tail_cut_with_the_head_put_back_is_reported_by_the_witness(db, settings):
    append(3)
    checkpoint_and_witness()
    with connection.cursor() as cursor:
        head_at_3 = saved_head(cursor)
    append(3)
    checkpoint_and_witness()  # checkpoint 3 and the head at 6 are now outside the database

    # The operator removes entries 4–6, the checkpoint that names them, and puts back the head
    # saved at 3 (its MAC is genuine): inside the database, the log is consistent again.
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "DELETE FROM privacy_accesslogsubject WHERE entry_id IN "
            "(SELECT id FROM privacy_accesslogentry WHERE chain='access' AND seq > 3)"
        )
        cursor.execute("DELETE FROM privacy_accesslogentry WHERE chain = 'access' AND seq > 3")
        cursor.execute(
            "DELETE FROM privacy_accesslogcheckpoint WHERE chain='access' AND number = 3"
        )
        put_head_back(cursor, head_at_3)

    code, output = verify()
    assert code == 1
    assert "외부 증인 저장소에 있는 체크포인트 3번이 데이터베이스에 없어요" in output


@pytest.mark.postgres
def test_tail_cut_keeping_the_checkpoint_is_reported_even_without_the_witness(db, settings):
    settings.ACCESS_LOG_WITNESS = ""
    append(3)
    with connection.cursor() as cursor:
        head_at_3 = saved_head(cursor)
    append(3)
    access_log_checkpoint()

    with behind_the_apps_back() as cursor:
        cursor.execute(
            "DELETE FROM privacy_accesslogsubject WHERE entry_id IN "
            "(SELECT id FROM privacy_accesslogentry WHERE chain='access' AND seq > 3)"
        )
        cursor.execute("DELETE FROM privacy_accesslogentry WHERE chain = 'access' AND seq > 3")
        put_head_back(cursor, head_at_3)

    code, output = verify()
    assert code == 1 and "뒷부분 삭제" in output


def wipe_the_log() -> None:
    """What the database's owner does to erase the log: every row of every log table, with the
    triggers off."""
    with behind_the_apps_back() as cursor:
        for table in (
            "privacy_accesslogsubject",
            "privacy_accesslogentry",
            "privacy_accesslogcheckpoint",
            "privacy_accessloghead",
        ):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names


@pytest.mark.postgres
def test_whole_log_wipe_is_reported_and_the_next_append_does_not_restart_at_1(db, settings):
    append(4)
    checkpoint_and_witness()

    wipe_the_log()

    code, output = verify()
    assert code == 1
    assert "[접속기록]" in output and "데이터베이스에 없어요" in output and "전체 삭제" in output
    with pytest.raises(AccessLogBroken, match="외부 증인"):
        append(1)
    assert not AccessLogEntry.objects.exists()


def test_a_wipe_without_the_installation_record_does_not_verify(db, settings):
    """Even with no witness: entries and a head without their chain's installation record."""
    settings.ACCESS_LOG_WITNESS = ""
    append(2)
    with behind_the_apps_back() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogcheckpoint WHERE chain = 'access'")

    code, output = verify()
    assert code == 1 and "설치 기록이 없어요" in output


@pytest.mark.postgres
def test_rewind_to_an_older_backup_is_reported_when_the_checkpoints_disagree(db, settings):
    append(2)
    with connection.cursor() as cursor:
        head_at_2 = saved_head(cursor)
    append(2)
    checkpoint_and_witness()  # checkpoint 2: the head at 4

    # Restore "the backup taken at 2": the later entries and checkpoint go, the head goes back.
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "DELETE FROM privacy_accesslogsubject WHERE entry_id IN "
            "(SELECT id FROM privacy_accesslogentry WHERE chain='access' AND seq > 2)"
        )
        cursor.execute("DELETE FROM privacy_accesslogentry WHERE chain = 'access' AND seq > 2")
        cursor.execute("DELETE FROM privacy_accesslogcheckpoint WHERE number >= 2")
        put_head_back(cursor, head_at_2)
    # The application carries on over the restored database: its next checkpoint is number 2
    # again, with other content than the one the witness holds.
    append(1)
    access_log_checkpoint()
    witnessed = witness.configured().get(witness.record_name("access", 2))
    access_log_witness_sync()
    assert witness.configured().get(witness.record_name("access", 2)) == witnessed  # kept

    code, output = verify()
    assert code == 1
    assert "체크포인트 2번이 외부 증인 저장소의 것과 달라요" in output


@pytest.mark.postgres
def test_witness_records_are_written_once_and_never_rewritten(db, settings):
    append(1)
    (checkpoint, _) = checkpoint_and_witness()
    path = witness_dir(settings) / witness.record_name("access", checkpoint.number)
    record = json.loads(path.read_bytes())
    assert record["mac"] == checkpoint.mac and record["head"]["seq"] == 1

    backend = witness.configured()
    with pytest.raises(witness.WitnessError, match="other content"):
        backend.put(witness.record_name("access", checkpoint.number), b"{}")
    assert json.loads(path.read_bytes()) == record


# --- The head's time ------------------------------------------------------------------------


@pytest.mark.postgres
def test_head_time_moved_to_2099_does_not_stamp_later_entries_and_is_reported(db, caplog):
    append(2)
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "UPDATE privacy_accessloghead SET at = '2099-01-01T00:00:00+00:00' WHERE chain='access'"
        )

    code, output = verify()
    assert code == 1 and "체인 끝 기록의 서명(HMAC)이 맞지 않아요" in output

    with caplog.at_level(logging.ERROR, logger="privacy.accesslog.head"):
        (entry,) = append(1)
    assert entry.at.year == timezone.now().year  # the clock, not 2099
    assert "fails its signature" in caplog.text
    # The head is signed again, but the alert it left stays in the numbered checkpoints.
    code, output = verify()
    assert code == 1 and "체인 끝 변조" in output


def test_a_signed_head_far_ahead_of_the_clock_is_not_followed(db, caplog, settings):
    """A web server whose clock ran a day ahead: its signed head must not drag every later
    entry along (nor take entries out of the monthly review and the prune)."""
    ahead = timezone.now() + datetime.timedelta(days=1)
    with clock(ahead):
        append(1)
    code, output = verify()
    assert code == 1 and "체인 끝 시각" in output and "시각 변조" in output
    with caplog.at_level(logging.ERROR, logger="privacy.accesslog.head"):
        (entry,) = append(1)

    assert entry.at < ahead and "beyond the clock" in caplog.text


# --- Checkpoints: gap, deleted in the middle, rewritten -------------------------------------


def days_of_checkpoints(n: int) -> datetime.datetime:
    """n daily checkpoints at 00:05 KST of the n days after installation; the moment after."""
    append(1)  # installs the chain if the test database has no installation record
    install = AccessLogCheckpoint.objects.get(chain="access", kind="install").created_at
    first = timezone.localtime(install).replace(hour=0, minute=5) + datetime.timedelta(days=1)
    for day in range(n):
        with clock(first + datetime.timedelta(days=day)):
            append(1)
            access_log_checkpoint()
    return first + datetime.timedelta(days=n - 1, hours=1)


def test_daily_checkpoints_every_day_since_installation_verify(db):
    after = days_of_checkpoints(3)
    with clock(after):
        code, output = verify()
    assert code == 0, output


def test_a_day_without_its_checkpoint_is_reported_with_the_date(db):
    after = days_of_checkpoints(3)
    with clock(after + datetime.timedelta(days=2)):  # two days on, no job ran
        code, output = verify()
    assert code == 1
    missing = [timezone.localdate(after + datetime.timedelta(days=n)) for n in (1,)]
    assert "일일 체크포인트가 없는 날" in output and str(missing[0]) in output


@pytest.mark.postgres
def test_a_checkpoint_deleted_in_the_middle_is_reported(db):
    after = days_of_checkpoints(4)
    with behind_the_apps_back() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogcheckpoint WHERE chain='access' AND number=3")

    with clock(after):
        code, output = verify()
    assert code == 1 and "체크포인트 3번이 없어요" in output


@pytest.mark.postgres
def test_the_last_checkpoints_deleted_leave_days_without_one_and_are_reported(db):
    after = days_of_checkpoints(4)
    with behind_the_apps_back() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogcheckpoint WHERE chain='access' AND number>=4")

    with clock(after + datetime.timedelta(days=1)):
        code, output = verify()
    assert code == 1 and "일일 체크포인트가 없는 날" in output


@pytest.mark.postgres
def test_a_checkpoint_rewritten_to_fill_a_gap_is_reported(db):
    after = days_of_checkpoints(3)
    # Move checkpoint 3 a day on to cover a day the job missed: its signature covers the time.
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "UPDATE privacy_accesslogcheckpoint SET created_at = created_at + interval '1 day' "
            "WHERE chain = 'access' AND number = 4"
        )
    with clock(after + datetime.timedelta(days=1)):
        code, output = verify()
    assert code == 1 and "체크포인트" in output and "서명" in output


@pytest.mark.postgres
def test_two_checkpoints_swapped_in_number_are_reported(db):
    after = days_of_checkpoints(3)
    with behind_the_apps_back() as cursor:
        for old, new in ((2, 99), (3, 2), (99, 3)):
            cursor.execute(
                "UPDATE privacy_accesslogcheckpoint SET number = %s "
                "WHERE chain = 'access' AND number = %s",
                [new, old],
            )
    with clock(after):
        code, output = verify()
    assert code == 1 and "서명" in output


# --- A witness that fails -------------------------------------------------------------------


def test_a_failing_witness_loses_no_checkpoint_blocks_no_append_and_is_reported(
    db, settings, tmp_path
):
    (tmp_path / "not-a-directory").write_text("x")
    good = settings.ACCESS_LOG_WITNESS
    settings.ACCESS_LOG_WITNESS = f"file://{tmp_path / 'not-a-directory' / 'witness'}"
    append(2)
    checkpoints = access_log_checkpoint()
    sync = access_log_witness_sync()
    append(1)

    assert sync.errors and sync.pending == 4  # the install record and the daily, per chain
    assert AccessLogCheckpoint.objects.filter(pk__in=[c.pk for c in checkpoints]).count() == 2
    code, output = verify()
    assert code == 0  # no tampering, but the missing protection is said
    assert "외부 증인 저장소를 읽을 수 없어요" in output

    settings.ACCESS_LOG_WITNESS = good  # the storage is back: the next run catches up
    assert access_log_witness_sync().written == 4
    code, output = verify()
    assert code == 0 and "외부 증인 2개" in output and "경고" not in output


def test_checkpoints_reach_the_witness_when_their_transaction_commits(
    db, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        append(1)
        access_log_checkpoint()
    assert witness.configured().numbers("access") == [1, 2]


# --- S3 Object Lock (moto) ------------------------------------------------------------------


@pytest.fixture
def s3_witness(settings):
    moto = pytest.importorskip("moto")
    import boto3

    with moto.mock_aws():
        client = boto3.client("s3", region_name="ap-northeast-2")
        client.create_bucket(
            Bucket="lifemento-witness",
            ObjectLockEnabledForBucket=True,
            CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"},
        )
        url = "s3://lifemento-witness/access-log"
        settings.ACCESS_LOG_WITNESS = url
        witness._configured[url] = witness.from_url(url, client=client)
        yield client
        witness._configured.pop(url, None)


def test_s3_witness_writes_each_record_once_under_compliance_mode_object_lock(db, s3_witness):
    append(2)
    checkpoint_and_witness()

    keys = [o["Key"] for o in s3_witness.list_objects_v2(Bucket="lifemento-witness")["Contents"]]
    assert "access-log/access/000000000002.json" in keys
    head = s3_witness.head_object(
        Bucket="lifemento-witness", Key="access-log/access/000000000002.json"
    )
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] > timezone.now() + datetime.timedelta(days=1000)
    with pytest.raises(witness.WitnessError, match="other content"):
        witness.configured().put("access/000000000002.json", b"{}")
    version = s3_witness.list_object_versions(Bucket="lifemento-witness")["Versions"][0]
    with pytest.raises(ClientError, match="AccessDenied"):
        s3_witness.delete_object(
            Bucket="lifemento-witness", Key=version["Key"], VersionId=version["VersionId"]
        )
    assert verify()[0] == 0


@pytest.mark.postgres
def test_s3_witness_reports_a_wipe(db, s3_witness):
    append(3)
    checkpoint_and_witness()
    wipe_the_log()

    code, output = verify()
    assert code == 1 and "데이터베이스에 없어요" in output


# --- Reasons, encrypted ---------------------------------------------------------------------


@pytest.mark.postgres
def test_reasons_are_not_readable_from_the_table_and_the_officer_still_reads_them(db):
    entry = access_log_append(
        actor=STAFF,
        action=AccessLogAction.EXPORT,
        subjects=[5],
        reason="민원 #31 확인: 010-2846-1357",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM privacy_accesslogentry WHERE id = %s", [entry.pk])
        (stored,) = cursor.fetchone()

    assert "민원" not in stored and "2846" not in stored
    assert AccessLogEntry.objects.get(pk=entry.pk).reason_text == "민원 #31 확인: 010-2846-1357"
    assert verify()[0] == 0


@pytest.mark.postgres
def test_a_reason_moved_to_another_entry_is_reported_and_shows_a_placeholder(db, caplog):
    first = access_log_append(actor=STAFF, action=AccessLogAction.EXPORT, reason="분기 점검")
    second = access_log_append(actor=STAFF, action=AccessLogAction.EXPORT, reason="다른 사유")
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "UPDATE privacy_accesslogentry SET reason = %s WHERE id = %s", [first.reason, second.pk]
        )

    with caplog.at_level(logging.ERROR, logger="privacy.accesslog.reasons"):
        shown = AccessLogEntry.objects.get(pk=second.pk).reason_text
    assert shown == UNREADABLE_REASON and "cannot be decrypted" in caplog.text
    code, output = verify()
    assert code == 1 and "일련번호 2" in output


def test_shredding_members_leaves_the_log_verifiable_and_its_reasons_readable(db, member):
    from privacy.keys import datakeys

    entry = access_log_append(
        actor=STAFF, action=AccessLogAction.REVEAL, subjects=[member.pk], reason="정정 요구 처리"
    )
    datakeys.destroy_subject_keys(member.subject)

    assert AccessLogEntry.objects.get(pk=entry.pk).reason_text == "정정 요구 처리"
    assert verify()[0] == 0


@pytest.mark.postgres
def test_reasons_written_before_encryption_are_encrypted_and_still_verify(db):
    """The data migration 0013 on an entry written by the previous code: plaintext reason,
    hash over the plaintext (format 1)."""
    import importlib

    from django.apps import apps

    entry = access_log_append(actor=STAFF, action=AccessLogAction.EXPORT, reason="x")
    values = {f: getattr(entry, f) for f in HASHED_FIELDS}
    values["seq"] = entry.seq + 1
    values["prev_hash"] = entry.hash
    values["reason"] = "예전 사유"
    values["at"] = entry.at
    old_hash = entry_hash(values)  # version 1: over the plaintext
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "INSERT INTO privacy_accesslogentry (chain, seq, at, actor_id, actor_role, ip, action,"
            " subjects, target_type, target_id, reason, detail, version, prev_hash, hash, mac)"
            " VALUES ('access', %s, %s, 7, 'staff', '10.1.2.3', 'export', '', '', '', %s, '{}',"
            " NULL, %s, %s, %s)",
            [
                values["seq"],
                entry.at,
                "예전 사유",
                entry.hash,
                old_hash,
                entry_mac("access", old_hash),
            ],
        )
        cursor.execute(
            "UPDATE privacy_accessloghead SET seq = %s, hash = %s, mac = %s WHERE chain='access'",
            [
                values["seq"],
                old_hash,
                head_mac("access", values["seq"], old_hash, entry.at),
            ],
        )
    code, output = verify()
    assert code == 0 and "사유가 암호화되지 않은 항목 1건" in output
    # Readable meanwhile: its own hash vouches for the text.
    assert AccessLogEntry.objects.get(seq=values["seq"]).reason_text == "예전 사유"

    migration = importlib.import_module("privacy.migrations.0013_access_log_reasons_encrypted")
    with connection.schema_editor() as editor:
        migration.encrypt_reasons(apps, editor)

    old = AccessLogEntry.objects.get(seq=values["seq"])
    assert "예전" not in old.reason and old.reason_text == "예전 사유"
    code, output = verify()
    assert code == 0 and "암호화되지 않은" not in output, output


# --- Production configuration ---------------------------------------------------------------


def test_check_deploy_refuses_production_without_a_witness_and_warns_on_a_directory():
    from tests.core.test_settings import PRODUCTION_ENV, manage

    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ACCESS_LOG_WITNESS"}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0 and "privacy.E211" in result.stderr

    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env={**env, "ACCESS_LOG_WITNESS": "file:///var/lib/lifemento/witness"},
    )  # fmt: skip
    assert result.returncode != 0 and "privacy.W212" in result.stderr


def test_summary_counts_what_the_witness_holds(db):
    append(1)
    checkpoint_and_witness()
    result = access_log_verify()
    summary = {c.chain: c for c in result.chains}
    assert result.ok and summary[AccessLogChain.ACCESS].witnessed == 2
    assert AccessLogCheckpoint.objects.filter(kind=AccessLogCheckpointKind.INSTALL).count() == 2


@pytest.mark.django_db
def test_migrate_hands_the_installation_records_to_the_witness_at_once(monkeypatch):
    """Migrations write checkpoints (a chain's installation record) without the append path's
    witness write: `migrate` syncs them, so a log wiped on its first day is caught too."""
    from django.core.management import call_command

    with monkeypatch.context() as patch:  # as a migration writes them: no witness write
        patch.setattr("privacy.accesslog.checkpoints._witness_after_commit", lambda: None)
        append(1)
    backend = witness.configured()
    assert list(backend.numbers("access")) == []

    call_command("migrate", verbosity=0)

    assert list(backend.numbers("access")) == [1]  # the installation record
