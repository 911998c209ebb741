"""Sessions a reader of the database cannot use (issue 17): the table holds a keyed hash of the
cookie's key and data sealed to that hash. The attacks are made as a leaked backup, a read
replica or a rogue operator would make them: SQL through `connection.cursor()`, no keys."""

import logging
import uuid

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import MemberSession
from accounts.session_store import SessionStore, hashed_session_key
from tests.conftest import make_member

STORE_LOGGER = "accounts.session_store"
COOKIE = django_settings.SESSION_COOKIE_NAME


def fresh_client() -> Client:
    # A fresh address per client: the staff sign-in throttle counts per address.
    return Client(REMOTE_ADDR=f"10.17.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}")


@pytest.fixture
def otp_staff(settings, staff):
    settings.ADMIN_REQUIRE_OTP = True
    settings.TRUSTED_PROXY_COUNT = 0
    device = TOTPDevice.objects.create(user=staff, name="인증 앱", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client = fresh_client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "staff1",
            "password": "staff-password-123",
            "otp_token": f"{totp.token():0{device.digits}d}",
            "next": "/admin/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200  # password and second factor both given
    return staff, client


def session_rows_of(user_id: int) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT session_key, session_data FROM accounts_membersession WHERE user_id = %s",
            [user_id],
        )
        return cursor.fetchall()


def alerts(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == STORE_LOGGER and r.levelno >= logging.ERROR
    ]


@pytest.mark.postgres
def test_a_staff_session_read_from_the_table_and_replayed_as_a_cookie_is_not_signed_in(
    otp_staff, caplog
):
    staff, staff_client = otp_staff
    [(stored_key, stored_data)] = session_rows_of(staff.pk)
    # What the table gives away: neither the cookie nor the second factor's verification.
    assert stored_key != staff_client.cookies[COOKIE].value
    assert "otp_device_id" not in stored_data and "_auth_user_id" not in stored_data

    attacker = fresh_client()
    attacker.cookies[COOKIE] = stored_key
    response = attacker.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert attacker.get("/admin/accounts/user/").status_code == 302
    assert any("a cookie carried a stored session row's key" in a for a in alerts(caplog))
    # The staff member's own session is untouched.
    assert staff_client.get("/admin/").status_code == 200


@pytest.mark.postgres
def test_a_staff_session_copied_into_the_attackers_own_row_opens_signed_out(otp_staff, caplog):
    staff, staff_client = otp_staff
    attacker_account = make_member(name="공격자", phone="010-9999-0000")
    attacker = fresh_client()
    attacker.force_login(attacker_account)
    assert attacker.get("/home/").status_code == 200

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_membersession SET session_data = staff.session_data, "
            "user_id = staff.user_id FROM accounts_membersession AS staff "
            "WHERE staff.user_id = %s AND accounts_membersession.user_id = %s",
            [staff.pk, attacker_account.pk],
        )
        assert cursor.rowcount == 1

    response = attacker.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert attacker.get("/home/").status_code == 302  # not even their own account any more
    assert any("was sealed for another row" in a for a in alerts(caplog))
    assert staff_client.get("/admin/").status_code == 200


@pytest.mark.postgres
def test_sealed_data_altered_in_place_opens_as_an_empty_session(member, client, caplog):
    client.force_login(member)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_membersession SET session_data = "
            "left(session_data, length(session_data) - 6) || 'AAAAAA' WHERE user_id = %s",
            [member.pk],
        )

    assert client.get("/home/").status_code == 302
    assert any("was sealed for another row" in a for a in alerts(caplog))


def test_the_row_is_keyed_by_the_hash_of_the_cookie_and_opens_with_it(member, client):
    client.force_login(member)
    cookie = client.cookies[COOKIE].value

    row = MemberSession.objects.get(user_id=member.pk)
    assert row.session_key == hashed_session_key(cookie) != cookie
    assert row.get_decoded()[SESSION_KEY] == str(member.pk)
    assert SessionStore(cookie).exists(cookie)
    assert not SessionStore(row.session_key).exists(row.session_key)


def test_signing_in_replaces_the_anonymous_session_and_signing_out_deletes_it(member, client):
    client.get("/")  # an anonymous session with something in it (e.g. the CSRF check)
    before = client.session
    before["probe"] = 1
    before.save()
    anonymous = client.cookies[COOKIE].value
    client.force_login(member)

    assert client.cookies[COOKIE].value != anonymous  # session fixation: a new key
    assert not MemberSession.objects.filter(pk=hashed_session_key(anonymous)).exists()

    client.post("/accounts/logout/")
    assert not MemberSession.objects.filter(user_id=member.pk).exists()
    assert client.get("/home/").status_code == 302


def test_clear_expired_removes_only_expired_rows(member, client):
    client.force_login(member)
    expired = SessionStore()
    expired.set_expiry(-60)
    expired["probe"] = 1
    expired.save()

    SessionStore.clear_expired()

    assert not SessionStore().exists(expired.session_key)
    assert MemberSession.objects.filter(user_id=member.pk).count() == 1
    assert client.get("/home/").status_code == 200


def test_sessions_survive_a_secret_key_rotation_with_the_old_key_as_fallback(
    member, client, settings
):
    client.force_login(member)
    cookie = client.cookies[COOKIE].value
    old_hash = hashed_session_key(cookie)
    anonymous = SessionStore()
    anonymous["probe"] = 1
    anonymous.save()

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-" + "x" * 40

    assert SessionStore(anonymous.session_key).load() == {"probe": 1}
    assert MemberSession.objects.filter(pk=hashed_session_key(anonymous.session_key)).exists()

    assert client.get("/home/").status_code == 200
    # The row moved to the new hash (Django also cycles the key when the session's auth hash
    # matched a fallback); the old one is gone.
    row = MemberSession.objects.filter(user_id=member.pk).get()
    assert row.pk == hashed_session_key(client.cookies[COOKIE].value)
    assert not MemberSession.objects.filter(pk=old_hash).exists()

    settings.SECRET_KEY_FALLBACKS = []
    assert client.get("/home/").status_code == 200


def test_a_session_without_a_fallback_for_the_old_secret_key_is_signed_out(
    member, client, settings
):
    client.force_login(member)
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-" + "x" * 40

    response = client.get("/home/")

    assert response.status_code == 302


def test_the_session_dict_is_not_readable_in_the_row(member, client):
    client.force_login(member)
    session = client.session
    session["note"] = "김지원의 메모"
    session.save()

    [(_, data)] = session_rows_of(member.pk)
    assert "김지원" not in data and "note" not in data
    assert MemberSession.objects.get(user_id=member.pk).get_decoded()["note"] == "김지원의 메모"


@pytest.mark.django_db
def test_a_new_key_that_is_already_taken_is_drawn_again_never_shared(monkeypatch):
    """New keys are not looked up before use (issue 16): the row's INSERT refuses a taken one,
    and create() draws another. The first session must keep its own data."""
    first = SessionStore()
    first["who"] = "첫 번째"
    first.create()
    taken = first.session_key
    draws = iter([taken, "b" * 32])
    monkeypatch.setattr(SessionStore, "_get_new_session_key", lambda self: next(draws))

    second = SessionStore()
    second["who"] = "두 번째"
    second.create()

    assert second.session_key == "b" * 32
    assert SessionStore(taken).load()["who"] == "첫 번째"
    assert SessionStore("b" * 32).load()["who"] == "두 번째"
