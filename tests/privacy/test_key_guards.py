"""Master-key guards (issue 17): a canary per key, refusals at start, before a wrap, in
rotate_keys, and a command that says whether a key may be removed."""

import base64
import io
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection, transaction

from accounts.models import User
from privacy.keys import canaries, datakeys, keyguard, masters
from privacy.keys.errors import KeyMismatch
from privacy.keys.models import DataKey, KeyCanary
from profiles.models import Profile
from tests.conftest import make_member

ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("fresh_key_checks")


def random_key(kid: str) -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def current_kid(settings) -> str:
    return settings.FIELD_ENCRYPTION_KEYS[0].split(":", 1)[0]


def restart_with(settings, keys: list[str]) -> None:
    """The operator changes FIELD_ENCRYPTION_KEYS and restarts the processes."""
    settings.FIELD_ENCRYPTION_KEYS = keys
    canaries.forget_verified_keys()
    datakeys.clear_key_cache()


def check_errors() -> str:
    with pytest.raises(SystemCheckError) as refused:
        call_command("check")
    return str(refused.value)


def test_a_key_is_given_a_canary_the_first_time_it_is_seen(member):
    kid = masters.current_master().kid

    call_command("check")

    canary = KeyCanary.objects.get(kind="master", kid=kid)
    assert canaries.master_canary_opens(masters.current_master(), canary.check_value)
    assert masters.current_master().key not in bytes(canary.check_value)


def test_wrong_bytes_for_the_current_key_refuse_the_start_and_wrap_nothing(
    settings, member, caplog
):
    kid = current_kid(settings)
    keys_before = set(DataKey.objects.values_list("pk", "kek_id", "wrapped_key"))
    users_before = User.objects.count()
    # The operator pastes another key under the same id (a typo, a secret from another
    # environment) and restarts.
    restart_with(settings, [random_key(kid), *settings.FIELD_ENCRYPTION_KEYS[1:]])

    errors = check_errors()
    assert "privacy.E020" in errors and repr(kid) in errors

    with pytest.raises(KeyMismatch, match=kid):
        keyguard.refuse_to_start_with_bad_keys()

    # A member who joins meanwhile: refused, rather than wrapped under the wrong key and lost
    # once the right key is back.
    caplog.set_level(logging.CRITICAL, logger="privacy.keys.canaries")
    with pytest.raises(KeyMismatch, match=kid), transaction.atomic():
        make_member(name="새회원", phone="010-5555-0101")
    with pytest.raises(KeyMismatch):
        datakeys.active_key_id(uuid.uuid4())
    assert set(DataKey.objects.values_list("pk", "kek_id", "wrapped_key")) == keys_before
    assert User.objects.count() == users_before
    assert any(kid in r.getMessage() for r in caplog.records if r.levelno == logging.CRITICAL)


def test_deleting_the_canaries_does_not_let_a_wrong_key_in(settings, member):
    kid = current_kid(settings)
    call_command("check")
    # Someone with write access to the database removes the check values, hoping the next
    # start with a wrong key writes new ones.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_keycanary")
    restart_with(settings, [random_key(kid), *settings.FIELD_ENCRYPTION_KEYS[1:]])

    errors = check_errors()

    # The key still has to open a data key wrapped under its id before it gets a canary.
    assert "privacy.E020" in errors and repr(kid) in errors
    assert not KeyCanary.objects.filter(kind="master", kid=kid).exists()
    with pytest.raises(KeyMismatch):
        datakeys.active_key_id(uuid.uuid4())


def test_a_forged_canary_is_refused_not_trusted(settings, member):
    kid = current_kid(settings)
    call_command("check")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_keycanary SET check_value = %s WHERE kid = %s",
            [os.urandom(48), kid],
        )
    restart_with(settings, list(settings.FIELD_ENCRYPTION_KEYS))

    assert "privacy.E020" in check_errors()


def test_a_referenced_key_removed_is_refused_naming_it(settings, member):
    old = current_kid(settings)
    call_command("check")
    # The old key is dropped before rotate_keys has re-wrapped the member's data key.
    restart_with(settings, [random_key("k2027")])

    errors = check_errors()

    assert "privacy.E022" in errors
    assert f"Master key {old!r} is missing" in errors and "1 data key(s)" in errors
    with pytest.raises(CommandError, match=old):
        call_command("rotate_keys", stdout=io.StringIO())
    # Nothing was changed: the member's key is still wrapped under the old key, to be
    # re-wrapped once it is back.
    assert set(DataKey.objects.values_list("kek_id", flat=True)) == {old}


def test_a_new_key_added_first_is_accepted_and_its_canary_written(settings, member):
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    restart_with(settings, [random_key("k2027"), *old])

    call_command("check")

    assert KeyCanary.objects.filter(kind="master", kid="k2027").exists()
    newcomer = make_member(name="새회원", phone="010-5555-0101")
    assert DataKey.objects.get(subject=newcomer.subject).kek_id == "k2027"
    datakeys.clear_key_cache()
    assert User.objects.get(pk=newcomer.pk).name == "새회원"
    assert User.objects.get(pk=member.pk).name == "김지원"


def status(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("master_key_status", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_master_key_status_tells_when_the_old_key_may_go(settings, member, other_member):
    Profile.objects.create(member=member, name="김지원", desired_job="데이터 분석")
    old = current_kid(settings)
    restart_with(settings, [random_key("k2027"), *settings.FIELD_ENCRYPTION_KEYS])

    code, text = status(old)
    assert code == 1
    assert "아직 제거하면 안 돼요 (2개의 데이터 키가 사용 중)" in text

    code, text = status("k2027")
    assert code == 1 and "현재 키라서 제거하면 안 돼요" in text

    call_command("rotate_keys", "--rewrap-only", stdout=io.StringIO())
    code, text = status(old)
    assert code == 0 and "제거해도 돼요" in text

    assert status("never-configured")[0] == 2
    code, text = status()
    assert code == 0 and f"마스터 키 {old}:" in text and "마스터 키 k2027 (현재 키)" in text


def test_a_retired_key_leaves_the_check_clean_only_once_its_canary_is_retired(settings, member):
    old = current_kid(settings)
    restart_with(settings, [random_key("k2027"), *settings.FIELD_ENCRYPTION_KEYS])
    call_command("rotate_keys", "--rewrap-only", stdout=io.StringIO())
    restart_with(settings, settings.FIELD_ENCRYPTION_KEYS[:1])

    # Removed, but it was in use here: the check says so until the operator retires it.
    errors = check_errors()
    assert "privacy.E022" in errors and "has a check value" in errors
    assert status("--retire", "k2027")[0] == 1  # the current key cannot be retired

    code, text = status("--retire", old)

    assert code == 0 and old in text
    call_command("check")
    assert User.objects.get(pk=member.pk).name == "김지원"


def test_key_settings_that_name_an_epoch_like_a_master_key_are_refused(settings, member):
    settings.BLIND_INDEX_KEYS = [random_key(current_kid(settings))]

    errors = check_errors()

    assert "privacy.E024" in errors and "give the blind-index epoch another name" in errors


# --- At start, in real processes ----------------------------------------------------------


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "lifemento.settings", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_a_wrong_key_stops_migrate_check_and_the_web_process_on_a_real_database(tmp_path):
    """End to end on a fresh SQLite file: migrate builds the schema with the key checks on
    (they must not touch tables that do not exist yet), a member's key is wrapped, then the
    processes are started again with other bytes under the same key id."""
    right = random_key("prod1")
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "FIELD_ENCRYPTION_KEYS": right,
        "BLIND_INDEX_KEYS": random_key("bi1"),
        "REDIS_URL": "",
    }
    migrated = _run(["manage.py", "migrate", "--noinput", "-v0"], env)
    assert migrated.returncode == 0, migrated.stderr
    joined = _run(
        [
            "-c",
            "import django, uuid; django.setup()\n"
            "from privacy.keys import datakeys; datakeys.active_key_id(uuid.uuid4())",
        ],
        env,
    )
    assert joined.returncode == 0, joined.stderr

    wrong = {**env, "FIELD_ENCRYPTION_KEYS": random_key("prod1")}
    checked = _run(["manage.py", "check", "--deploy"], wrong)
    web = _run(["-c", "import lifemento.wsgi"], wrong)
    worker = _run(
        ["-m", "celery", "-A", "lifemento", "worker", "--pool", "solo", "-l", "critical"],
        wrong,
        timeout=120,
    )

    assert checked.returncode != 0 and "privacy.E020" in checked.stderr
    assert "'prod1'" in checked.stderr
    assert web.returncode != 0 and "KeyMismatch" in web.stderr and "'prod1'" in web.stderr
    assert worker.returncode != 0 and "The Celery worker refuses to start" in worker.stderr
    assert _run(["manage.py", "check"], env).returncode == 0
