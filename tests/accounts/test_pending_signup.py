"""A pending Kakao sign-up's name and phone are sealed under the future member's own data key
(issue 17): once the member withdraws, or the sign-up is abandoned and cleaned up, a copy of
that session taken before (a backup) opens to nothing personal, even with the master keys."""

import datetime
import json

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from accounts.models import MemberSession, PendingSignup, Role, User
from accounts.session_store import PENDING_SIGNUP, SessionStore
from core.jobs import JOBS, KST, load_jobs, run_due_jobs, run_job
from privacy.keys.models import DataKey
from privacy.retention.engine import JOB

NAME, PHONE = "김지원", "010-2846-1357"
COOKIE = django_settings.SESSION_COOKIE_NAME


def copy_of_session_table() -> list[tuple]:
    """What a backup holds: the rows as they are."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT session_key, session_data, expire_date, user_id FROM accounts_membersession"
        )
        return cursor.fetchall()


def restore(rows) -> None:
    """The backup's rows put back (a restore, or a replica read later), far from expiry."""
    with connection.cursor() as cursor:
        for key, data, _expire, user_id in rows:
            cursor.execute("DELETE FROM accounts_membersession WHERE session_key = %s", [key])
            cursor.execute(
                "INSERT INTO accounts_membersession (session_key, session_data, expire_date, "
                "user_id) VALUES (%s, %s, %s, %s)",
                [key, data, timezone.now() + datetime.timedelta(days=1), user_id],
            )


def everything_in(rows) -> str:
    """Every row of the copy opened with the application's keys, as text."""
    return json.dumps(
        [SessionStore.open_row(key, data) for key, data, *_ in rows], ensure_ascii=False
    )


def pending_subject() -> str:
    return str(PendingSignup.objects.get().subject)


def test_the_pending_signup_is_sealed_under_the_future_members_own_key(kakao, client):
    kakao.sign_in()

    rows = copy_of_session_table()
    assert NAME not in str(rows) and PHONE not in str(rows)
    # Opened with the keys, the row does hold the sign-up (this is what must be shreddable).
    assert NAME in everything_in(rows) and PHONE in everything_in(rows)
    subject = pending_subject()
    assert DataKey.objects.filter(subject=subject).count() == 1

    kakao.consent()

    member = User.objects.get(role=Role.MEMBER)
    assert str(member.subject) == subject  # the same key now encrypts the member's fields
    assert not PendingSignup.objects.exists()
    assert (member.name, member.phone) == (NAME, PHONE)


@pytest.mark.postgres
def test_a_copy_of_the_pending_signup_session_opens_to_nothing_personal_after_withdrawal(
    kakao, client, caplog
):
    kakao.sign_in()
    cookie = client.cookies[COOKIE].value
    backup = copy_of_session_table()
    kakao.consent()
    client.post("/accounts/withdraw/", {"confirm": "on"})
    assert not User.objects.filter(role=Role.MEMBER).exists()

    restore(backup)

    opened = everything_in(backup)
    assert NAME not in opened and PHONE not in opened and "4100000001" not in opened
    # The restored session in a browser: no sign-up to continue, no error.
    client.cookies[COOKIE] = cookie
    response = client.get("/accounts/3rdparty/signup/")
    assert response.status_code == 302
    assert any("pending sign-up's key is shredded" in r.getMessage() for r in caplog.records)


def test_refusing_the_consent_shreds_the_pending_signups_key_at_once(kakao, client):
    kakao.sign_in()
    backup = copy_of_session_table()
    subject = pending_subject()

    client.post("/accounts/signup/cancel/")

    assert not DataKey.objects.filter(subject=subject).exists()
    assert not PendingSignup.objects.exists()
    opened = everything_in(backup)
    assert NAME not in opened and PHONE not in opened


def daily_run(days_later: int) -> str:
    """The destruction job's run of the day `days_later` days from now, at 06:00 KST."""
    at = timezone.localtime(timezone.now(), KST).replace(hour=6, minute=0)
    return run_due_jobs(now=at + datetime.timedelta(days=days_later))[JOB]


def run_right_now() -> str:
    """The destruction job run a few minutes from now, whatever the hour."""
    load_jobs()
    at = timezone.now() + datetime.timedelta(minutes=5)
    return run_job(JOBS[JOB], timezone.localtime(at, KST).date(), lambda: at)


def test_an_abandoned_signups_key_is_shredded_by_the_daily_job_after_its_session_expired(
    kakao, client
):
    kakao.sign_in()
    backup = copy_of_session_table()
    subject = pending_subject()

    assert daily_run(2) == "done"

    assert not DataKey.objects.filter(subject=subject).exists()
    assert not PendingSignup.objects.exists()
    assert not MemberSession.objects.exists()  # the expired session went too
    opened = everything_in(backup)
    assert NAME not in opened and PHONE not in opened
    # Idempotent: the next day's run finds nothing left and does not fail.
    assert daily_run(3) == "done"


def test_a_pending_signup_still_open_keeps_its_key(kakao, client):
    kakao.sign_in()
    subject = pending_subject()

    assert run_right_now() == "done"  # the session has not expired yet

    assert DataKey.objects.filter(subject=subject).exists()
    assert PENDING_SIGNUP in client.session
    assert kakao.consent()["Location"] == "/home/"


def test_the_daily_job_never_shreds_a_members_key_for_a_left_over_pending_row(kakao, client):
    kakao.join()
    member = User.objects.get(role=Role.MEMBER)
    # A pending row left behind for a subject that did join (e.g. a second tab's late save).
    PendingSignup.objects.create(subject=member.subject, expire_date=timezone.now())

    assert daily_run(30) == "done"

    member = User.objects.get(pk=member.pk)
    assert DataKey.objects.filter(subject=member.subject).exists()
    assert (member.name, member.phone) == (NAME, PHONE)


def test_sealing_the_pending_signup_again_moves_its_one_row_to_the_new_expiry(db):
    import uuid

    from accounts.session_store import seal_pending_signup

    subject = uuid.uuid4()
    first = timezone.now() + datetime.timedelta(minutes=30)
    later = first + datetime.timedelta(minutes=10)
    seal_pending_signup(subject, "a" * 64, {"user": {"subject": str(subject)}}, first)
    seal_pending_signup(subject, "a" * 64, {"user": {"subject": str(subject)}}, later)

    (row,) = PendingSignup.objects.filter(subject=subject)
    assert row.expire_date == later
