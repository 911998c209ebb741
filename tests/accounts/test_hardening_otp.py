"""With ADMIN_REQUIRE_OTP, the admin takes a password *and* a TOTP code (django-otp); staff
enrol their authenticator app with `manage.py staff_totp`."""

import re
import uuid
from io import StringIO
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "staff-password-123"


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.ADMIN_REQUIRE_OTP = True
    settings.TRUSTED_PROXY_COUNT = 0


@pytest.fixture
def client(db) -> Client:
    # A fresh address per test: throttle counters live in the shared cache (Redis in CI).
    return Client(REMOTE_ADDR=f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}")


@pytest.fixture
def device(staff) -> TOTPDevice:
    return TOTPDevice.objects.create(user=staff, name="인증 앱", confirmed=True)


def code(device: TOTPDevice) -> str:
    """What the authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def next_code(device: TOTPDevice) -> str:
    """The app's code for the time step after the last one accepted (one code is never
    accepted twice); independent of step boundaries and of the drift django-otp learned."""
    device.refresh_from_db()
    return f"{hotp(device.bin_key, device.last_t + 1, digits=device.digits):0{device.digits}d}"


def sign_in(client: Client, **fields):
    data = {"username": "staff1", "password": PASSWORD, "next": "/admin/", **fields}
    return client.post(LOGIN, data)


def test_password_alone_does_not_open_the_admin(client, device):
    response = sign_in(client)

    assert response.status_code == 200
    assert "인증 앱에 표시된 인증 코드를 입력해 주세요" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_password_and_a_valid_totp_code_open_the_admin(client, device):
    response = sign_in(client, otp_token=code(device))

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(client, device):
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    response = sign_in(client, otp_token=wrong)

    assert "인증 코드가 맞지 않아요" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_cannot_be_used_twice(client, device):
    token = code(device)
    assert sign_in(client, otp_token=token).status_code == 302
    client.post("/admin/logout/")

    assert sign_in(client, otp_token=token).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_wrong_password_with_a_valid_code_is_refused(client, device):
    response = sign_in(client, password="wrong-password", otp_token=code(device))

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_missing_codes_count_towards_the_lockout(client, device):
    # Otherwise "code required" would confirm a guessed password without limit.
    for _ in range(5):
        sign_in(client)

    response = sign_in(client, otp_token=code(device))

    assert "로그인을 막았어요" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_staff_without_an_enrolled_app_are_told_how_to_get_one(client, staff):
    response = sign_in(client, otp_token="123456")

    assert "인증 앱이 등록되지 않은 계정이에요" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_password_only_session_is_not_enough(client, staff, device):
    client.force_login(staff)  # signed in, but no device verified in this session

    response = client.get("/admin/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_sign_in_page_asks_for_the_code_in_korean(client, db):
    page = client.get(LOGIN).content.decode()

    assert 'name="otp_token"' in page and "인증 코드" in page
    assert 'autocomplete="one-time-code"' in page


def test_the_sign_in_page_does_not_echo_the_password_back(client, device):
    page = sign_in(client).content.decode()

    assert PASSWORD not in page


def test_with_two_apps_the_person_picks_one(client, staff, device):
    second = TOTPDevice.objects.create(user=staff, name="예비 휴대폰", confirmed=True)

    page = sign_in(client, otp_token=code(second)).content.decode()
    assert "인증 기기를 골라 주세요" in page and "예비 휴대폰" in page

    response = sign_in(client, otp_device=second.persistent_id, otp_token=code(second))
    assert response.status_code == 302 and client.get("/admin/").status_code == 200


def test_without_otp_required_the_password_is_enough(settings, client, device):
    settings.ADMIN_REQUIRE_OTP = False

    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200


# --- Enrolment: manage.py staff_totp ---------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command("staff_totp", *args, stdout=out)
    return out.getvalue()


def test_enrolment_prints_an_otpauth_uri_and_waits_for_confirmation(staff):
    output = run("staff1")

    uri = re.search(r"otpauth://\S+", output).group()
    parts = urlsplit(uri)
    assert parts.netloc == "totp" and unquote(parts.path) == "/라이프멘토:staff1"
    secret = parse_qs(parts.query)["secret"][0]
    assert secret.replace("=", "") in output.replace(" ", "")
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed  # not usable until the app proves it has the secret


def test_confirming_with_the_apps_code_makes_it_the_staff_members_only_app(staff, device):
    run("staff1")
    new = TOTPDevice.objects.get(user=staff, confirmed=False)

    output = run("staff1", "--confirm", code(new))

    assert "now signs in" in output
    assert list(TOTPDevice.objects.filter(user=staff)) == [new]
    new.refresh_from_db()
    assert new.confirmed


def test_the_old_app_keeps_working_until_the_new_one_is_confirmed(client, staff, device):
    run("staff1")
    new = TOTPDevice.objects.get(user=staff, confirmed=False)
    with pytest.raises(CommandError, match="does not match"):
        run("staff1", "--confirm", f"{(int(code(new)) + 1) % 1_000_000:06d}")

    assert sign_in(client, otp_token=code(device)).status_code == 302


def test_enrolled_app_opens_the_admin(client, staff):
    run("staff1")
    new = TOTPDevice.objects.get(user=staff)
    run("staff1", "--confirm", code(new))

    # The confirming code is spent; the app's next one signs in.
    response = sign_in(client, otp_token=next_code(new))

    assert response.status_code == 302 and client.get("/admin/").status_code == 200


def test_remove_deletes_every_app_of_the_person(staff, device):
    output = run("staff1", "--remove")

    assert "Removed 1" in output
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_only_staff_can_be_enrolled(member):
    with pytest.raises(CommandError, match="not staff"):
        run(member.username)
    with pytest.raises(CommandError, match="No account"):
        run("nobody")
    assert User.objects.filter(username="nobody").count() == 0


def test_refusals_after_the_password_are_reported_as_failed_sign_ins(client, device):
    from django.contrib.auth.signals import user_login_failed

    reported = []

    def receiver(sender, credentials, request=None, **kwargs):
        reported.append(credentials["username"])

    user_login_failed.connect(receiver)
    try:
        sign_in(client, otp_token="000000" if code(device) != "000000" else "111111")
        for _ in range(5):
            sign_in(client, password="wrong-password")
        sign_in(client, otp_token=code(device))  # locked
    finally:
        user_login_failed.disconnect(receiver)

    # The wrong code, four wrong passwords (authenticate() itself), then two locked attempts.
    assert reported == ["staff1"] * 7
