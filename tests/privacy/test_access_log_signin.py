"""접속기록 of staff sessions (sign-in, sign-out, failed sign-in) and of grants and changes of
access rights (안전성 확보조치 기준 제5조: kept 3 years, in their own chain)."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from privacy.accesslog.hashing import keyed_digest
from privacy.accesslog.models import AccessLogAction, AccessLogChain, AccessLogEntry
from privacy.accesslog.verify import access_log_verify
from tests.conftest import make_staff

PASSWORD = "staff-password-123"


@pytest.fixture
def client(db) -> Client:
    # A fresh address per test: the sign-in throttle counts per address in the shared cache.
    return Client(REMOTE_ADDR=f"10.7.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}")


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ADMIN_REQUIRE_OTP = False
    settings.TRUSTED_PROXY_COUNT = 0


def sign_in(client, username: str, password: str):
    return client.post(
        reverse("admin:login") + "?next=" + reverse("admin:index"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


def only(action: str) -> AccessLogEntry:
    (entry,) = AccessLogEntry.objects.filter(action=action)
    return entry


def test_staff_sign_in_is_recorded_with_account_role_and_address(client, staff):
    response = sign_in(client, "staff1", PASSWORD)

    assert response.status_code == 302
    entry = only(AccessLogAction.SIGN_IN)
    assert (entry.actor_id, entry.actor_role) == (staff.pk, "staff")
    assert entry.ip == client.defaults["REMOTE_ADDR"] and entry.chain == "access"


def test_staff_sign_out_is_recorded(client, staff):
    sign_in(client, "staff1", PASSWORD)

    client.post(reverse("admin:logout"))

    assert only(AccessLogAction.SIGN_OUT).actor_id == staff.pk


def test_failed_sign_in_names_the_account_but_not_what_was_typed(client, staff):
    response = sign_in(client, "staff1", "wrong-password-000")

    assert response.status_code == 200
    entry = only(AccessLogAction.SIGN_IN_FAILED)
    assert entry.actor_id == staff.pk and entry.detail["known_account"] is True
    assert entry.detail["username_digest"] == keyed_digest("staff1")
    assert "staff1" not in entry.hash + str(entry.detail) + entry.reason + entry.target_id


def test_failed_sign_in_with_an_unknown_username_keeps_only_a_keyed_digest(client, db):
    sign_in(client, "my-password-typed-in-the-wrong-box", "x")

    entry = only(AccessLogAction.SIGN_IN_FAILED)
    assert entry.actor_id is None and entry.detail["known_account"] is False
    assert "wrong-box" not in str(entry.detail)


def test_members_signing_in_to_their_own_account_are_not_recorded(client, member):
    client.force_login(member)
    client.logout()

    assert not AccessLogEntry.objects.exists()


def test_consultant_sign_in_is_recorded(client, consultant):
    client.force_login(consultant)

    assert only(AccessLogAction.SIGN_IN).actor_role == "consultant"


# --- Grants and changes of access rights ----------------------------------------------------


@pytest.fixture
def root_client(client):
    root = make_staff("root", "root-password-123", superuser=True)
    client.force_login(root)
    client.root = root
    return client


def change_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "role": user.role,
        "is_active": "on",
        "groups": [],
        "user_permissions": [],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_making_an_account_staff_is_recorded_in_the_permission_chain(root_client, consultant):
    perm = Permission.objects.get(codename="view_profile")

    response = root_client.post(
        reverse("admin:accounts_user_change", args=[consultant.pk]),
        change_form(consultant, role=Role.STAFF, is_staff="on", user_permissions=[perm.pk]),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AccessLogEntry.objects.get(chain=AccessLogChain.PERMISSION)
    assert entry.action == AccessLogAction.PERMISSION_CHANGE
    assert (entry.actor_id, entry.subject_ids) == (root_client.root.pk, [consultant.pk])
    assert entry.detail == {
        "before": {"role": "consultant", "is_staff": False, "permissions": []},
        "after": {"role": "staff", "is_staff": True, "permissions": ["profiles.view_profile"]},
    }
    assert access_log_verify().ok


def test_revoking_staff_access_is_recorded(root_client, staff):
    root_client.post(
        reverse("admin:accounts_user_change", args=[staff.pk]),
        change_form(staff, role=Role.MEMBER, is_active=None),
    )

    entry = AccessLogEntry.objects.get(chain=AccessLogChain.PERMISSION)
    assert entry.action == AccessLogAction.PERMISSION_REVOKE
    assert entry.detail["after"] == {"role": "member", "is_staff": False, "is_active": False}


def test_saving_an_account_without_changing_rights_records_no_permission_entry(root_client, staff):
    root_client.post(
        reverse("admin:accounts_user_change", args=[staff.pk]),
        change_form(staff, is_staff="on"),
    )

    assert not AccessLogEntry.objects.filter(chain=AccessLogChain.PERMISSION).exists()
    assert AccessLogEntry.objects.filter(action=AccessLogAction.CHANGE).exists()


def test_creating_a_staff_account_is_a_grant(root_client):
    response = root_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newstaff",
            "role": Role.STAFF,
            "password1": "a-long-password-4821",
            "password2": "a-long-password-4821",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AccessLogEntry.objects.get(chain=AccessLogChain.PERMISSION)
    assert entry.action == AccessLogAction.PERMISSION_GRANT
    assert entry.subject_ids == [User.objects.get(username="newstaff").pk]


def test_deleting_a_staff_account_is_a_revocation(root_client):
    # Never designated to handle personal data: a designated account is kept, with the record
    # of its designation, and deactivated instead (tests/privacy/staff).
    staff = make_staff(designated=False)
    root_client.post(reverse("admin:accounts_user_delete", args=[staff.pk]), {"post": "yes"})

    entry = AccessLogEntry.objects.get(chain=AccessLogChain.PERMISSION)
    assert entry.action == AccessLogAction.PERMISSION_REVOKE and entry.subject_ids == [staff.pk]


def test_changing_a_groups_permissions_is_recorded_for_every_account_in_it(root_client, staff):
    group = Group.objects.create(name="상담 지원")
    staff.groups.add(group)
    perm = Permission.objects.get(codename="view_experience")

    response = root_client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "상담 지원", "permissions": [perm.pk]},
    )

    assert response.status_code == 302
    entry = AccessLogEntry.objects.get(chain=AccessLogChain.PERMISSION)
    assert entry.action == AccessLogAction.PERMISSION_CHANGE
    assert entry.subject_ids == [staff.pk] and entry.target_type == "auth.group"
    assert entry.detail == {"added": ["experiences.view_experience"], "removed": []}
