"""Staff sessions end after 30 minutes without a request; members keep the normal length."""

import time

import pytest
from django.contrib.auth import SESSION_KEY

from accounts.middleware import LAST_ACTIVITY_KEY

MINUTE = 60


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.ADMIN_REQUIRE_OTP = False
    settings.STAFF_SESSION_IDLE_MINUTES = 30


def idle_for(client, minutes: int) -> None:
    """Pretend the last request was `minutes` ago."""
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - minutes * MINUTE
    session.save()


def test_signing_in_starts_the_staff_idle_clock(client, staff):
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "staff1", "password": "staff-password-123", "next": "/admin/"},
    )

    assert abs(client.session[LAST_ACTIVITY_KEY] - time.time()) < 5


def test_staff_session_ends_after_30_idle_minutes(client, staff):
    client.force_login(staff)
    client.get("/admin/")
    idle_for(client, 31)

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/accounts/user/"
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "30분 동안 사용하지 않아 안전을 위해 로그아웃했어요" in page


def test_staff_activity_within_30_minutes_keeps_the_session(client, staff):
    client.force_login(staff)
    client.get("/admin/")
    idle_for(client, 29)

    assert client.get("/admin/").status_code == 200
    # The request restarted the clock.
    assert abs(client.session[LAST_ACTIVITY_KEY] - time.time()) < 5


def test_staff_session_row_itself_expires_soon_after(client, staff):
    client.force_login(staff)
    client.get("/admin/")

    # Not the 14 days of a member's session: the row goes within an hour of the last request.
    assert client.session.get_expiry_age() == 60 * MINUTE


def test_expired_staff_form_post_is_not_replayed(client, staff):
    client.force_login(staff)
    client.get("/admin/")
    idle_for(client, 45)

    response = client.post("/admin/accounts/user/add/", {"username": "x"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_member_sessions_have_no_idle_limit(client, member):
    client.force_login(member)
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 6 * 60 * MINUTE  # even if one were stamped
    session.save()

    response = client.get("/home/")

    assert response.status_code == 200
    assert client.session[SESSION_KEY] == str(member.pk)
    assert client.session.get_expiry_age() == 14 * 24 * 60 * MINUTE


def test_member_requests_are_not_stamped(client, member):
    client.force_login(member)

    client.get("/home/")

    assert LAST_ACTIVITY_KEY not in client.session
