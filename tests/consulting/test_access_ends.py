"""Access that ends stays ended: a consultant deactivated and reactivated sees nothing until a
member shares again; a view-only staff account cannot switch a consultant on; a request the
member stopped sharing can still be declined without reading anything of theirs."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import User
from consulting.models import ConsultantProfile, EngagementState
from privacy.api import sharing_withdraw_consent
from privacy.sharing.models import SharingGrant
from tests.conftest import make_staff
from tests.consulting.workspace_support import share

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_desk(settings):
    settings.ADMIN_REQUIRE_OTP = False
    admin = make_staff("desk", "desk-password-123", superuser=True)
    desk = Client()
    desk.force_login(admin)
    return desk


def test_reactivating_a_consultant_restores_no_access(member, consultant, staff_desk):
    shared = share(member, consultant, state="in_review")
    profile = ConsultantProfile.objects.create(consultant=consultant, display_name="이서연")
    page = Client()
    page.force_login(consultant)
    assert page.get(shared.url).status_code == 200

    for action in ("deactivate", "activate"):
        staff_desk.post(
            "/admin/consulting/consultantprofile/",
            {"action": action, "_selected_action": [profile.pk]},
        )
    consultant.refresh_from_db()
    assert consultant.is_active

    assert not SharingGrant.objects.filter(viewer=consultant, revoked_at__isnull=True).exists()
    page.force_login(consultant)
    assert page.get(shared.url).status_code == 404


def test_staff_who_may_only_view_cannot_deactivate_or_reactivate(member, consultant, settings):
    settings.ADMIN_REQUIRE_OTP = False
    profile = ConsultantProfile.objects.create(consultant=consultant, display_name="이서연")
    consultant.is_active = False
    consultant.save()
    viewer = User.objects.create_user("viewer", "viewer-password-123", role="staff")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_consultantprofile"))
    desk = Client()
    desk.force_login(viewer)
    assert desk.get("/admin/consulting/consultantprofile/").status_code == 200  # may look

    desk.post(
        "/admin/consulting/consultantprofile/",
        {"action": "activate", "_selected_action": [profile.pk]},
    )

    consultant.refresh_from_db()
    assert not consultant.is_active


def test_a_request_whose_sharing_stopped_can_still_be_declined(member, consultant):
    shared = share(member, consultant)
    sharing_withdraw_consent(shared.snapshot.grant_id)
    page = Client()
    page.force_login(consultant)

    refused = page.get(shared.url)
    assert refused.status_code == 404
    assert "요청 거절하기" in refused.content.decode()
    response = page.post(f"/consulting/work/{shared.engagement.pk}/decline/")

    assert response.status_code == 302
    shared.engagement.refresh_from_db()
    assert shared.engagement.state == EngagementState.DECLINED
