"""Staff invite a consultant; the one-time link sets a password and makes the account."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from consulting.models import ConsultantInvitation, ConsultantProfile
from consulting.services import (
    INVITATION_EXPIRED,
    INVITATION_USED,
    invitation_create,
    invitation_token_hash,
)
from tests.conftest import make_staff

PASSWORD = "quiet-harbor-5821"


def accept(client, token, username="seoyeon", password=PASSWORD):
    return client.post(
        f"/consulting/invitation/{token}/",
        {"username": username, "password1": password, "password2": password},
    )


@pytest.fixture
def invited(staff):
    return invitation_create(name="이서연", created_by=staff)


def test_a_valid_link_makes_a_consultant_with_a_profile_and_signs_them_in(client, invited):
    invitation, token = invited

    assert client.get(f"/consulting/invitation/{token}/").status_code == 200
    response = accept(client, token)

    assert response.status_code == 302 and response["Location"] == "/consulting/"
    user = User.objects.get(username="seoyeon")
    assert user.role == Role.CONSULTANT and not user.is_staff
    assert user.check_password(PASSWORD)
    assert ConsultantProfile.objects.get(consultant=user).display_name == "이서연"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.consultant == user
    assert invitation.name == ""  # moved to the profile, under the consultant's key
    assert client.get("/consulting/").status_code == 200


def test_a_used_link_says_so_and_makes_nothing(client, invited):
    _, token = invited
    accept(client, token)

    response = accept(client, token, username="another")

    assert response.status_code == 410
    assert INVITATION_USED in response.content.decode()
    assert not User.objects.filter(username="another").exists()


def test_an_expired_link_says_so(client, invited):
    invitation, token = invited
    ConsultantInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = client.get(f"/consulting/invitation/{token}/")

    assert response.status_code == 410
    assert INVITATION_EXPIRED in response.content.decode()
    assert accept(client, token).status_code == 410


def test_an_unknown_link_is_refused(client, invited):
    response = client.get("/consulting/invitation/not-a-token/")
    assert response.status_code == 410
    assert "올바른 초대 링크가 아니에요" in response.content.decode()


def test_the_invitation_expires_in_seven_days(invited):
    invitation, _ = invited
    left = invitation.expires_at - invitation.created_at
    assert datetime.timedelta(days=6, hours=23) < left <= datetime.timedelta(days=7)


def test_the_token_is_stored_only_as_its_keyed_hash(invited):
    invitation, token = invited

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM consulting_consultantinvitation WHERE id = %s", [invitation.pk]
        )
        row = " ".join(str(value) for value in cursor.fetchone())
    assert token not in row
    assert invitation_token_hash(token) in row
    assert "이서연" not in row  # the name is sealed


def test_django_password_validators_apply(client, invited):
    _, token = invited

    response = accept(client, token, password="1234")

    assert response.status_code == 200
    assert not User.objects.filter(username="seoyeon").exists()


def test_staff_make_an_invitation_in_the_admin_and_see_the_link_once(client, settings, db):
    settings.ADMIN_REQUIRE_OTP = False
    admin = make_staff("boss", "boss-password-123", superuser=True)
    client.force_login(admin)

    response = client.post(
        "/admin/consulting/consultantinvitation/add/", {"name": "최민준"}, follow=True
    )

    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("/consulting/invitation/" in m for m in shown), shown
    link = next(m for m in shown if "/consulting/invitation/" in m)
    token = link.split("/consulting/invitation/")[1].split("/")[0]
    invitation = ConsultantInvitation.objects.get()
    assert invitation.token_hash == invitation_token_hash(token)
    assert invitation.created_by == admin
    assert invitation.name == "최민준"
    # Not shown again.
    page = client.get(f"/admin/consulting/consultantinvitation/{invitation.pk}/change/")
    assert token not in page.content.decode()


def test_the_admin_add_form_asks_only_for_the_name(client, settings, db):
    settings.ADMIN_REQUIRE_OTP = False
    client.force_login(make_staff("boss", "boss-password-123", superuser=True))

    page = client.get("/admin/consulting/consultantinvitation/add/").content.decode()

    assert 'name="name"' in page and "token_hash" not in page
