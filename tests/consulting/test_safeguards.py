"""Consultants see members' data, so they get the staff's safeguards: the TOTP second factor
(CONSULTANT_REQUIRE_OTP, on in production), the idle timeout, and deactivation that ends every
session and every access at once."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.test.utils import override_settings
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.models import MemberSession, Role, User
from consulting.checks import consultant_second_factor
from tests.conftest import make_staff
from tests.consulting.conftest import make_engagement

PASSWORD = "consultant-password-1"


def code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def next_code(device: TOTPDevice) -> str:
    """The app's code for the step after the last one accepted (no code is accepted twice)."""
    device.refresh_from_db()
    return f"{hotp(device.bin_key, device.last_t + 1, digits=device.digits):0{device.digits}d}"


def sign_in(client, username="consultant1", **fields):
    return client.post("/consulting/login/", {"username": username, "password": PASSWORD, **fields})


@pytest.fixture
def otp_required(settings):
    settings.CONSULTANT_REQUIRE_OTP = True


@pytest.fixture
def device(consultant) -> TOTPDevice:
    return TOTPDevice.objects.create(user=consultant, name="인증 앱", confirmed=True)


# --- TOTP -------------------------------------------------------------------------------------


def test_a_consultant_without_an_app_is_sent_to_set_one_up_before_anything_opens(
    otp_required, client_at, consultant, member
):
    engagement = make_engagement(member, consultant)
    sign_in(client_at)

    for url in ("/consulting/", "/consulting/"):
        response = client_at.get(url)
        assert response.status_code == 302 and response["Location"] == "/consulting/totp/"
    page = client_at.get("/consulting/totp/")
    assert page.status_code == 200
    assert "인증 앱 등록" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")  # the secret is not cached
    assert f'data-engagement="{engagement.pk}"' not in page.content.decode()


def test_setting_up_the_app_verifies_the_session_and_the_next_sign_in_asks_its_code(
    otp_required, client_at, address, consultant
):
    sign_in(client_at)
    client_at.get("/consulting/totp/")
    device = TOTPDevice.objects.get(user=consultant)
    assert not device.confirmed

    response = client_at.post("/consulting/totp/", {"otp_token": code(device)})

    assert response.status_code == 302 and response["Location"] == "/consulting/"
    device.refresh_from_db()
    assert device.confirmed
    assert client_at.get("/consulting/").status_code == 200

    again = Client(REMOTE_ADDR=address)
    refused = sign_in(again)
    assert refused.status_code == 200
    assert "인증 앱에 표시된 인증 코드를 입력해 주세요" in refused.content.decode()
    assert again.get("/consulting/").status_code == 302
    assert again.get("/consulting/")["Location"].startswith("/consulting/login/")

    signed_in = sign_in(again, otp_token=next_code(device))
    assert signed_in.status_code == 302 and signed_in["Location"] == "/consulting/"
    assert again.get("/consulting/").status_code == 200


def test_a_wrong_setup_code_confirms_nothing(otp_required, client_at, consultant):
    sign_in(client_at)
    client_at.get("/consulting/totp/")
    device = TOTPDevice.objects.get(user=consultant)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    response = client_at.post("/consulting/totp/", {"otp_token": wrong})

    assert response.status_code == 200
    assert "인증 코드가 맞지 않아요" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client_at.get("/consulting/")["Location"] == "/consulting/totp/"


def test_a_wrong_code_at_sign_in_is_refused_and_counted(otp_required, client_at, device):
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    response = sign_in(client_at, otp_token=wrong)

    assert "인증 코드가 맞지 않아요" in response.content.decode()
    assert client_at.get("/consulting/").status_code == 302


def test_a_consultant_with_an_app_cannot_replace_it_without_its_code(
    otp_required, consultant, device
):
    # A session opened without the code (e.g. from before the code was required).
    client = Client()
    client.force_login(consultant)

    assert client.get("/consulting/")["Location"] == "/consulting/totp/"
    response = client.get("/consulting/totp/")

    assert response.status_code == 302 and response["Location"] == "/consulting/login/"
    assert SESSION_KEY not in client.session
    assert list(TOTPDevice.objects.filter(user=consultant)) == [device]


def test_members_and_staff_cannot_use_the_setup(otp_required, member, staff, client):
    assert client.get("/consulting/totp/")["Location"].startswith("/consulting/login/")
    for user in (member, staff):
        signed_in = Client()
        signed_in.force_login(user)
        assert signed_in.get("/consulting/totp/").status_code == 403
    assert not TOTPDevice.objects.exists()


def test_in_development_the_code_is_off_as_for_staff(settings, client_at, consultant):
    settings.CONSULTANT_REQUIRE_OTP = False

    sign_in(client_at)

    assert client_at.get("/consulting/").status_code == 200
    assert client_at.get("/consulting/totp/")["Location"] == "/consulting/"


def test_deploy_check_requires_the_consultants_second_factor(settings):
    settings.CONSULTANT_REQUIRE_OTP = False
    assert [e.id for e in consultant_second_factor(None)] == ["consulting.E001"]

    settings.CONSULTANT_REQUIRE_OTP = True
    assert consultant_second_factor(None) == []


# --- Idle timeout -------------------------------------------------------------------------------


def idle_for(client, minutes: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - minutes * 60
    session.save()


@override_settings(STAFF_SESSION_IDLE_MINUTES=30, CONSULTANT_REQUIRE_OTP=False)
def test_a_consultant_session_ends_after_30_idle_minutes(client_at, consultant):
    sign_in(client_at)
    assert abs(client_at.session[LAST_ACTIVITY_KEY] - time.time()) < 5
    idle_for(client_at, 31)

    response = client_at.get("/consulting/")

    assert response.status_code == 302
    assert response["Location"] == "/consulting/login/?next=/consulting/"
    assert SESSION_KEY not in client_at.session
    page = client_at.get(response["Location"]).content.decode()
    assert "30분 동안 사용하지 않아 안전을 위해 로그아웃했어요" in page


@override_settings(STAFF_SESSION_IDLE_MINUTES=30, CONSULTANT_REQUIRE_OTP=False)
def test_consultant_activity_within_30_minutes_keeps_the_session(client_at, consultant):
    sign_in(client_at)
    idle_for(client_at, 29)

    assert client_at.get("/consulting/").status_code == 200
    assert abs(client_at.session[LAST_ACTIVITY_KEY] - time.time()) < 5


def test_members_keep_their_normal_session_length(member):
    client = Client()
    client.force_login(member)
    client.get("/")

    assert LAST_ACTIVITY_KEY not in client.session


# --- Deactivation ---------------------------------------------------------------------------------


@pytest.fixture
def signed_in(consultant, settings):
    settings.CONSULTANT_REQUIRE_OTP = False
    client = Client()
    client.force_login(consultant)
    assert client.get("/consulting/").status_code == 200
    return client


def test_a_consultant_deactivated_from_the_staff_desk_is_refused_at_their_next_request(
    signed_in, consultant, consultant_profile, settings
):
    settings.ADMIN_REQUIRE_OTP = False
    admin = make_staff("desk", "desk-password-123", superuser=True)
    desk = Client()
    desk.force_login(admin)

    response = desk.post(
        "/admin/consulting/consultantprofile/",
        {"action": "deactivate", "_selected_action": [consultant_profile.pk]},
    )

    assert response.status_code == 302
    consultant.refresh_from_db()
    assert not consultant.is_active
    assert not MemberSession.objects.filter(user_id=consultant.pk).exists()
    refused = signed_in.get("/consulting/")
    assert refused.status_code == 302 and refused["Location"].startswith("/consulting/login/")


def test_removing_the_consultant_role_ends_their_sessions(signed_in, consultant):
    consultant.role = Role.MEMBER
    consultant.save()

    assert not MemberSession.objects.filter(user_id=consultant.pk).exists()
    assert signed_in.get("/consulting/").status_code == 302


def test_a_surviving_session_is_refused_by_the_account_as_it_is_now(signed_in, consultant):
    # A change that bypasses save() (and so the session end): the view still refuses.
    User.objects.filter(pk=consultant.pk).update(is_active=False)
    assert signed_in.get("/consulting/").status_code in (302, 403)

    User.objects.filter(pk=consultant.pk).update(is_active=True, role=Role.MEMBER)
    assert signed_in.get("/consulting/").status_code == 403


def test_saving_a_consultant_for_something_else_keeps_their_sessions(signed_in, consultant):
    consultant.last_login = None
    consultant.save(update_fields=["last_login"])
    consultant.save()

    assert MemberSession.objects.filter(user_id=consultant.pk).exists()
    assert signed_in.get("/consulting/").status_code == 200


def test_a_new_consultant_sets_up_the_app_right_after_accepting_the_invitation(
    otp_required, staff, client_at
):
    from consulting.services import invitation_create

    _, token = invitation_create(name="이서연", created_by=staff)

    response = client_at.post(
        f"/consulting/invitation/{token}/",
        {
            "username": "seoyeon",
            "password1": "sy-Strong-pass-2026",
            "password2": "sy-Strong-pass-2026",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/consulting/totp/"
    assert "인증 앱 등록" in response.content.decode()


def test_production_requires_the_consultants_second_factor():
    from tests.core.test_settings import PRODUCTION_ENV, django_python, manage

    shown = django_python(
        "from django.conf import settings; print(settings.CONSULTANT_REQUIRE_OTP)", PRODUCTION_ENV
    )
    assert shown.strip() == "True"

    off = manage("check", "--deploy", env={**PRODUCTION_ENV, "CONSULTANT_REQUIRE_OTP": "false"})
    assert off.returncode != 0 and "consulting.E001" in off.stderr
