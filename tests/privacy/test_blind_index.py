"""The phone blind index has keys of its own, rotated by epochs (issue 17, shredding gaps)."""

import base64
import hashlib
import hmac
import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection, transaction

from accounts.models import User
from privacy.keys import blind_index, canaries, datakeys, masters
from privacy.keys.errors import KeyMismatch
from privacy.keys.fields import blind_lookup
from tests.conftest import make_member

pytestmark = pytest.mark.usefixtures("fresh_key_checks")


def random_key(kid: str) -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def restart_with_index_keys(settings, keys: list[str]) -> None:
    settings.BLIND_INDEX_KEYS = keys
    canaries.forget_verified_keys()
    datakeys.clear_key_cache()


def stored_index(member: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone_index FROM accounts_user WHERE id = %s", [member.pk])
        return cursor.fetchone()[0]


def find(phone: str) -> list[User]:
    return list(User.objects.filter(**blind_lookup(User, "phone_index", phone)))


def test_the_master_key_alone_does_not_invert_the_phone_index(member, other_member):
    """Whoever leaked the master key (and reads the table) tries every number of a range
    around the member's: the index is not keyed from the master key, so nothing matches."""
    stolen = masters.current_master()
    derived = blind_index._index_key(stolen.kid, stolen.key)  # the derivation used before issue 17
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone_index FROM accounts_user WHERE phone_index <> ''")
        digests = {value.partition("$")[2] for (value,) in cursor.fetchall()}

    guesses = {
        hmac.new(derived, f"0102846{n:04d}".encode(), hashlib.sha256).hexdigest()
        for n in range(10000)
    }

    assert len(digests) == 2
    assert not guesses & digests
    # The index's own key does reproduce it: that is the key to keep in fewer places.
    assert stored_index(member) == blind_index.blind_index(
        "01028461357", blind_index.blind_index_keys()[0]
    )


def test_legacy_indexes_keyed_from_the_master_key_match_until_recomputed(member, other_member):
    # A row indexed before BLIND_INDEX_KEYS existed: "<master kid>$<hmac under HKDF(master)>".
    legacy = blind_index.legacy_blind_index("01028461357", masters.current_master())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET phone_index = %s WHERE id = %s", [legacy, member.pk]
        )
    assert find("010-2846-1357") == [member]
    code, text = _status()
    assert code == 0 and "옛 방식 검색 색인 1개" in text

    call_command("rotate_blind_index", stdout=io.StringIO())

    epoch = blind_index.current_blind_index_key().epoch
    assert stored_index(member).startswith(f"{epoch}$")
    assert find("010-2846-1357") == [member]
    assert "옛 방식 검색 색인" not in _status()[1]


def test_an_epoch_rotation_keeps_lookups_working_and_then_lets_the_old_epoch_go(
    settings, member, other_member
):
    old = blind_index.current_blind_index_key().epoch
    restart_with_index_keys(settings, [random_key("bi2027"), *settings.BLIND_INDEX_KEYS])

    # Mid-rotation: old rows are found under the old epoch, new rows get the new one.
    assert find("010-2846-1357") == [member]
    newcomer = make_member(name="새회원", phone="010-5555-0101")
    assert stored_index(newcomer).startswith("bi2027$")
    assert find("01055550101") == [newcomer]
    assert _status(old)[0] == 1

    out = io.StringIO()
    call_command("rotate_blind_index", "--batch-size", "1", stdout=out)

    assert "indexes recomputed in accounts.User.phone_index: 2" in out.getvalue()
    assert {stored_index(u).partition("$")[0] for u in (member, other_member, newcomer)} == {
        "bi2027"
    }
    code, text = _status(old)
    assert code == 0 and "제거해도 돼요" in text

    restart_with_index_keys(settings, settings.BLIND_INDEX_KEYS[:1])
    assert find("010 7712 4490") == [other_member]
    # Removed while it had been in use: the check asks for it to be retired explicitly.
    with pytest.raises(SystemCheckError, match=r"privacy\.E023"):
        call_command("check")
    assert _status("--retire", old)[0] == 0
    call_command("check")


def _status(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("master_key_status", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_an_epoch_removed_while_indexes_use_it_is_refused_naming_it(settings, member):
    old = blind_index.current_blind_index_key().epoch
    restart_with_index_keys(settings, [random_key("bi2027")])

    with pytest.raises(SystemCheckError) as refused:
        call_command("check")

    assert "privacy.E023" in str(refused.value)
    assert f"epoch {old!r} is missing" in str(refused.value) and "1 stored index(es)" in str(
        refused.value
    )
    with pytest.raises(CommandError, match=old):
        call_command("rotate_blind_index", stdout=io.StringIO())
    with pytest.raises(CommandError, match=old):
        call_command("rotate_keys", stdout=io.StringIO())
    assert stored_index(member).startswith(f"{old}$")


def test_wrong_bytes_for_the_index_key_are_refused_before_any_row_is_indexed(settings, member):
    epoch = blind_index.current_blind_index_key().epoch
    call_command("check")
    restart_with_index_keys(settings, [random_key(epoch)])

    with pytest.raises(SystemCheckError) as refused:
        call_command("check")
    assert "privacy.E021" in str(refused.value) and repr(epoch) in str(refused.value)
    users = User.objects.count()
    with pytest.raises(KeyMismatch, match=epoch), transaction.atomic():
        make_member(name="새회원", phone="010-5555-0101")
    assert User.objects.count() == users


def test_wrong_index_bytes_are_refused_even_with_the_canary_deleted(settings, member):
    epoch = blind_index.current_blind_index_key().epoch
    call_command("check")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_keycanary WHERE kind = 'blind_index'")
    restart_with_index_keys(settings, [random_key(epoch)])

    # The member's row, recomputed from the decrypted phone, disproves the new bytes.
    with pytest.raises(SystemCheckError, match=r"privacy\.E021"):
        call_command("check")


def test_recomputation_leaves_shredded_rows_alone(settings, member, other_member):
    datakeys.destroy_subject_keys(member.subject)
    datakeys.clear_key_cache()
    before = stored_index(member)
    restart_with_index_keys(settings, [random_key("bi2027"), *settings.BLIND_INDEX_KEYS])

    call_command("rotate_blind_index", stdout=io.StringIO())

    assert stored_index(member) == before  # nothing to recompute it from
    assert stored_index(other_member).startswith("bi2027$")
