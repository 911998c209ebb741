"""처리정지 해제 (개인정보 보호법 제37조): a member whose 처리정지 was granted asks to lift
it, from the suspension's page (or staff enter it from a call); it is handled like any
request, and only its completion ends the hold (privacy.holds)."""

import pytest
from django.urls import reverse

from privacy import holds
from privacy.rights import filing, steps
from privacy.rights.models import HoldPurpose, RightsKind, RightsRequest, RightsStatus
from tests.privacy.rights.support import post_receive
from tests.privacy.rights_support import in_progress

pytestmark = pytest.mark.django_db
MESSAGING = HoldPurpose.MESSAGING


def granted_suspension(member):
    request = in_progress(member, RightsKind.SUSPENSION, suspend_purposes=[MESSAGING])
    return steps.rights_request_complete(request=request, actor=None, result="메시지 발송 정지")


def test_member_lifts_a_granted_suspension_and_the_hold_ends_on_completion(client, member):
    suspension = granted_suspension(member)
    assert not holds.processing_allowed(member, MESSAGING)
    client.force_login(member)

    page = client.get(reverse("rights:detail", args=[suspension.pk])).content.decode()
    assert "처리정지 해제 요구하기" in page and "카카오톡 메시지" in page

    response = client.post(
        reverse("rights:lift", args=[suspension.pk]), {"detail": "다시 받을게요"}
    )
    lift = RightsRequest.objects.get(kind=RightsKind.LIFT_SUSPENSION)
    assert response.url == reverse("rights:detail", args=[lift.pk])
    assert lift.lifts == suspension and lift.purposes == [MESSAGING]
    assert lift.due_date == filing.due_date_for(lift.received_at)
    assert "처리정지 해제 요구를 접수했어요." in client.get(response.url).content.decode()
    # Asking is not lifting: the hold stays until the officer completes the request.
    assert not holds.processing_allowed(member, MESSAGING)

    lift = steps.rights_request_verify_identity(request=lift, actor=None)
    assert not holds.processing_allowed(member, MESSAGING)
    steps.rights_request_complete(request=lift, actor=None, result="해제했어요")
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None
    assert holds.processing_allowed(member, MESSAGING)
    page = client.get(reverse("rights:detail", args=[suspension.pk])).content.decode()
    assert "해제했어요" in page and "처리정지 해제 요구하기" not in page


def test_a_refused_lift_keeps_the_hold(member):
    suspension = granted_suspension(member)
    lift = filing.rights_request_file_lift(member=member, suspension=suspension)
    steps.rights_request_verify_identity(request=lift, actor=None)

    steps.rights_request_refuse(
        request=lift, actor=None, grounds="확인 중인 분쟁이 있어요.", objection="이의 제기"
    )
    assert not holds.processing_allowed(member, MESSAGING)


def test_a_lift_is_asked_once_while_it_is_handled(client, member):
    suspension = granted_suspension(member)
    client.force_login(member)
    client.post(reverse("rights:lift", args=[suspension.pk]))

    page = client.get(reverse("rights:detail", args=[suspension.pk])).content.decode()
    assert "처리정지 해제 요구하기" not in page and "해제 요구</a>를 처리하고 있어요" in page
    response = client.post(reverse("rights:lift", args=[suspension.pk]), follow=True)
    assert "이미 처리하고 있어요" in response.content.decode()
    assert RightsRequest.objects.filter(kind=RightsKind.LIFT_SUSPENSION).count() == 1


def test_only_a_granted_suspension_can_be_lifted(client, member):
    pending = in_progress(member, RightsKind.SUSPENSION, suspend_purposes=[MESSAGING])
    client.force_login(member)

    page = client.get(reverse("rights:detail", args=[pending.pk])).content.decode()
    assert "처리정지 해제 요구하기" not in page
    response = client.post(reverse("rights:lift", args=[pending.pk]), follow=True)
    assert "처리된 처리정지 요구만 해제를 요구할 수 있어요." in response.content.decode()
    assert not RightsRequest.objects.filter(kind=RightsKind.LIFT_SUSPENSION).exists()


def test_another_members_suspension_is_not_found(client, member, other_member):
    suspension = granted_suspension(member)
    client.force_login(other_member)

    assert client.post(reverse("rights:lift", args=[suspension.pk])).status_code == 404
    assert not RightsRequest.objects.filter(kind=RightsKind.LIFT_SUSPENSION).exists()


def test_a_visitor_and_a_consultant_cannot_ask_a_lift(client, member, consultant):
    suspension = granted_suspension(member)
    url = reverse("rights:lift", args=[suspension.pk])

    anonymous = client.post(url)
    client.force_login(consultant)
    as_consultant = client.post(url)

    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    assert as_consultant.status_code in (302, 403, 404)
    assert not RightsRequest.objects.filter(kind=RightsKind.LIFT_SUSPENSION).exists()
    assert holds.hold_reason(member, holds.MESSAGING)  # the suspension still holds


def test_the_general_form_does_not_offer_a_lift(client, member):
    client.force_login(member)

    page = client.get(reverse("rights:new")).content.decode()
    assert "lift_suspension" not in page


def test_a_lift_has_no_partial_step(member):
    lift = filing.rights_request_file_lift(member=member, suspension=granted_suspension(member))
    lift = steps.rights_request_verify_identity(request=lift, actor=None)

    assert "partly_complete" not in steps.rights_steps_allowed(lift)
    assert "complete" in steps.rights_steps_allowed(lift)


def test_staff_enter_a_lift_received_by_phone(officer, member):
    suspension = granted_suspension(member)

    post_receive(officer, "010-2846-1357", kind="lift_suspension")

    lift = RightsRequest.objects.get(kind=RightsKind.LIFT_SUSPENSION)
    assert lift.lifts == suspension and lift.status == RightsStatus.IN_PROGRESS
    steps.rights_request_complete(request=lift, actor=None)
    assert holds.processing_allowed(member, MESSAGING)


def test_staff_are_told_when_there_is_nothing_to_lift(officer, member):
    response = post_receive(officer, "010-2846-1357", kind="lift_suspension", detail="해제 원함")

    page = response.content.decode()
    assert "이 회원에게는 해제할 처리정지가 없어요." in page and "해제 원함" in page
    assert not RightsRequest.objects.exists()


def test_staff_pick_which_suspension_when_there_are_several(officer, member):
    first = granted_suspension(member)
    second = granted_suspension(member)

    response = post_receive(officer, "010-2846-1357", kind="lift_suspension")
    assert f"#{first.pk}" in response.content.decode()
    assert not RightsRequest.objects.filter(kind=RightsKind.LIFT_SUSPENSION).exists()

    post_receive(officer, "010-2846-1357", kind="lift_suspension", lifts=str(second.pk))
    assert RightsRequest.objects.get(kind=RightsKind.LIFT_SUSPENSION).lifts == second
