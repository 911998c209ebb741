"""The staff desk in the admin: engagements by due time and the overdue queue, masked as other
personal data is; reassignment that never hands the member's data to a consultant they did not
name; ratings moderation; the consultant's credential note for staff only."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from consulting.catalog import ServiceKind
from consulting.models import (
    ConsultantProfile,
    Engagement,
    EngagementState,
    Rating,
    SessionProposal,
)
from consulting.services import engagement_request, provision_notice
from consulting.snapshots import Selection, load
from notifications.models import Notification
from privacy.accesslog.models import AccessLogEntry
from privacy.api import Actor, SharingPurpose, SharingRefused, shared_view
from privacy.sharing.models import SharingGrant
from profiles.models import Profile
from tests.conftest import make_staff
from tests.consulting.conftest import make_engagement

pytestmark = pytest.mark.django_db
LIST = "/admin/consulting/engagement/"


@pytest.fixture(autouse=True)
def _no_admin_otp(settings):
    settings.ADMIN_REQUIRE_OTP = False


def staff_with(*codenames: str, username="desk1") -> User:
    user = make_staff(username, "desk-password-123")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk():
    return client_for(
        staff_with(
            "view_engagement",
            "change_engagement",
            "view_rating",
            "change_rating",
            "view_consultantprofile",
            "change_consultantprofile",
            "reveal_personal_data",
        )
    )


def listed(username: str, name: str) -> User:
    user = User.objects.create_user(username, "x-password-123", role=Role.CONSULTANT)
    ConsultantProfile.objects.create(consultant=user, display_name=name, is_listed=True)
    return user


def shared_request(member, consultant) -> Engagement:
    Profile.objects.create(member=member, name="김지원", desired_job="서비스 기획")
    selection = Selection(profile=("이름", "희망 직무"))
    now = timezone.now()
    notice = provision_notice(
        consultant_name="이서연",
        service=ServiceKind.COVER_LETTER_REVIEW,
        chosen=load(member, selection, "지원 동기를 봐 주세요"),
        expires_at=now + datetime.timedelta(days=30),
    )
    return engagement_request(
        member=member,
        consultant=consultant,
        service=ServiceKind.COVER_LETTER_REVIEW,
        note="지원 동기를 봐 주세요",
        selection=selection,
        notice=notice,
        now=now,
    )


def sees(viewer, member) -> bool:
    try:
        shared_view(
            viewer=viewer,
            member=member,
            request_or_actor=Actor(account_id=viewer.pk, role="consultant", ip="127.0.0.1"),
            purpose=SharingPurpose.CONSULTANT,
        )
    except SharingRefused:
        return False
    return True


# --- Engagements ------------------------------------------------------------------------------


def test_the_list_shows_state_service_and_due_time_with_the_request_note_masked(
    desk, member, consultant
):
    due = timezone.now() + datetime.timedelta(hours=5)
    make_engagement(member, consultant, state=EngagementState.ACCEPTED, due_at=due)

    page = desk.get(LIST).content.decode()

    assert "자기소개서 첨삭" in page and "수락됨" in page
    assert "기한 초과" in page  # the filter
    assert "첨삭 부탁해요" not in page
    assert AccessLogEntry.objects.filter(
        action="list", target_type="consulting.engagement"
    ).exists()


def test_the_overdue_filter_lists_open_engagements_past_their_due_time(desk, member, consultant):
    now = timezone.now()
    late = make_engagement(
        member,
        consultant,
        state=EngagementState.IN_REVIEW,
        due_at=now - datetime.timedelta(hours=1),
    )
    on_time = make_engagement(
        member, consultant, state=EngagementState.ACCEPTED, due_at=now + datetime.timedelta(hours=1)
    )
    delivered = make_engagement(
        member, consultant, state=EngagementState.DELIVERED, due_at=now - datetime.timedelta(days=1)
    )
    closed = make_engagement(
        member, consultant, state=EngagementState.CLOSED, due_at=now - datetime.timedelta(days=1)
    )

    response = desk.get(LIST, {"overdue": "yes"})

    shown = {e.pk for e in response.context["cl"].result_list}
    assert shown == {late.pk}
    assert {on_time.pk, delivered.pk, closed.pk}.isdisjoint(shown)


def test_the_request_note_is_revealed_only_with_a_reason(desk, member, consultant):
    engagement = make_engagement(member, consultant)
    change = f"{LIST}{engagement.pk}/change/"

    shown = desk.get(change).content.decode()
    assert "첨삭 부탁해요" not in shown
    assert "자기소개서 첨삭" in shown and "요청됨" in shown  # the desk reads them in words
    assert "Member" not in shown and "Consultant" not in shown
    assert "첨삭 부탁해요" not in desk.post(f"{LIST}{engagement.pk}/reveal/", {}).content.decode()
    revealed = desk.post(f"{LIST}{engagement.pk}/reveal/", {"reason": "기한 초과 문의 확인"})

    assert "첨삭 부탁해요" in revealed.content.decode()
    entry = AccessLogEntry.objects.get(action="reveal", target_id=str(engagement.pk))
    assert entry.reason_text == "기한 초과 문의 확인"


def test_staff_without_the_consulting_permission_see_no_engagement(member, consultant):
    engagement = make_engagement(member, consultant)
    outsider = client_for(staff_with("view_user", username="other-staff"))

    assert outsider.get(LIST).status_code == 403
    assert outsider.get(f"{LIST}{engagement.pk}/change/").status_code == 403


def test_nobody_adds_or_deletes_engagements_at_the_desk(desk, member, consultant):
    engagement = make_engagement(member, consultant)

    assert desk.get(f"{LIST}add/").status_code == 403
    assert desk.get(f"{LIST}{engagement.pk}/delete/").status_code == 403


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST).status_code == 200
    return len(captured)


def test_the_list_query_count_does_not_grow_with_the_engagements(desk, member, consultant):
    make_engagement(member, consultant)
    one = queries_for(desk)
    Engagement.objects.bulk_create(
        [
            Engagement(member=member, consultant=consultant, service="career_coaching")
            for _ in range(49)
        ]
    )

    assert queries_for(desk) == one


# --- Reassignment -----------------------------------------------------------------------------


def reassign(desk, engagement, consultant=None):
    data = {"action": "reassign", "_selected_action": [engagement.pk]}
    if consultant is not None:
        data |= {"confirm_reassign": "yes", "consultant": consultant.consultant_profile.pk}
    return desk.post(LIST, data)


def test_reassigning_ends_the_old_access_and_gives_the_new_consultant_nothing(
    desk, member, consultant
):
    ConsultantProfile.objects.create(consultant=consultant, display_name="이서연", is_listed=True)
    engagement = shared_request(member, consultant)
    Engagement.objects.filter(pk=engagement.pk).update(
        state=EngagementState.ACCEPTED, accepted_at=timezone.now(), due_at=timezone.now()
    )
    new = listed("consultant2", "박하늘")
    proposal = SessionProposal.objects.create(
        engagement=engagement, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert sees(consultant, member)

    form = reassign(desk, engagement)
    assert "박하늘" in form.content.decode()
    assert "다시 동의하고 공유해 달라는 알림" in form.content.decode()
    response = reassign(desk, engagement, new)

    assert response.status_code == 302
    engagement.refresh_from_db()
    # The old engagement ends with everything made under the old consent; a new one is asked
    # of the new consultant and holds nothing yet.
    assert engagement.consultant_id == consultant.pk
    assert engagement.state == EngagementState.CANCELLED
    successor = Engagement.objects.get(member=member, consultant=new)
    assert successor.state == EngagementState.REQUESTED
    assert successor.accepted_at is None and successor.due_at is None
    assert successor.request_note == engagement.request_note
    assert not successor.snapshots.exists() and not successor.comments.exists()
    assert not SharingGrant.objects.filter(member=member, revoked_at__isnull=True).exists()
    assert not sees(consultant, member)
    assert not sees(new, member)  # nothing until the member consents to the new consultant
    proposal.refresh_from_db()
    assert proposal.withdrawn_at is not None  # the old consultant's session times are void
    notice = Notification.objects.get(recipient=member, kind="consulting.reassigned")
    assert "다시 골라 공유해 주세요" in notice.text
    assert Notification.objects.filter(recipient=consultant).exists()
    assert AccessLogEntry.objects.filter(action="change", target_id=str(engagement.pk)).exists()


def test_only_listed_active_consultants_are_offered(desk, member, consultant):
    engagement = make_engagement(member, consultant)
    listed("consultant2", "박하늘")
    hidden = User.objects.create_user("consultant3", "x-password-123", role=Role.CONSULTANT)
    ConsultantProfile.objects.create(consultant=hidden, display_name="최은비", is_listed=False)
    gone = listed("consultant4", "정다은")
    gone.is_active = False
    gone.save()

    page = reassign(desk, engagement).content.decode()

    assert "박하늘" in page
    assert "최은비" not in page and "정다은" not in page
    refused = reassign(desk, engagement, gone)
    assert refused.status_code == 200  # the form again: not a choice
    engagement.refresh_from_db()
    assert engagement.consultant_id == consultant.pk


def test_an_ended_engagement_is_not_reassigned(desk, member, consultant):
    engagement = make_engagement(member, consultant, state=EngagementState.CLOSED)
    new = listed("consultant2", "박하늘")

    response = reassign(desk, engagement, new)

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("넘길 수 없어요" in m for m in messages)
    engagement.refresh_from_db()
    assert engagement.consultant_id == consultant.pk
    assert not Notification.objects.filter(recipient=member).exists()


# --- Ratings ---------------------------------------------------------------------------------


def test_ratings_are_hidden_and_shown_again_with_the_line_masked(desk, member, consultant):
    engagement = make_engagement(member, consultant, state=EngagementState.DELIVERED)
    rating = Rating.objects.create(engagement=engagement, score=1, line="김철수 컨설턴트 최악")
    ratings = "/admin/consulting/rating/"

    page = desk.get(ratings).content.decode()
    assert "최악" not in page and "공개" in page

    desk.post(ratings, {"action": "hide", "_selected_action": [rating.pk]})
    rating.refresh_from_db()
    assert rating.hidden_at is not None
    assert [r.pk for r in desk.get(ratings, {"hidden": "yes"}).context["cl"].result_list] == [
        rating.pk
    ]

    desk.post(ratings, {"action": "unhide", "_selected_action": [rating.pk]})
    rating.refresh_from_db()
    assert rating.hidden_at is None
    assert (
        AccessLogEntry.objects.filter(action="change", target_type="consulting.rating").count() == 2
    )


# --- Consultants ------------------------------------------------------------------------------


def test_the_credential_note_is_on_the_staff_screen(desk, consultant):
    profile = ConsultantProfile.objects.create(
        consultant=consultant, display_name="이서연", credential_note="재직증명서 확인 (2026-11-30)"
    )

    page = desk.get(f"/admin/consulting/consultantprofile/{profile.pk}/change/").content.decode()

    assert "재직증명서 확인 (2026-11-30)" in page
    assert "회원에게도 컨설턴트 본인에게도 보이지 않아요" in page
