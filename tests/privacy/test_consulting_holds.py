"""A processing hold on the consultant purpose (처리정지 of 컨설턴트 제공, 개인정보 보호법 제37조;
or a correction request: "정정 또는 삭제를 완료할 때까지 … 이용하거나 제공하지 않습니다") stops
the consultant's view of a consulting copy at the next request, and lifting it restores the view
under the same grant: the consent and the copy were never withdrawn."""

import datetime

import pytest
from django.utils import timezone

from consulting.catalog import ServiceKind
from consulting.services import engagement_request, provision_notice
from consulting.snapshots import Selection, load
from privacy.accesslog.append import Actor
from privacy.accesslog.models import AccessLogEntry
from privacy.holds import CONSULTANT_VIEW, MESSAGING
from privacy.rights import steps
from privacy.rights.models import RightsKind
from privacy.sharing.provisions import SharingPurpose
from privacy.sharing.refusals import SharingHeld
from privacy.sharing.selectors import shared_view
from profiles.models import Profile
from tests.privacy.rights_support import file_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(member, consultant):
    Profile.objects.create(member=member, name="김지원", desired_job="서비스 기획")
    selection = Selection(profile=("이름", "희망 직무"))
    now = timezone.now()
    return engagement_request(
        member=member,
        consultant=consultant,
        service=ServiceKind.CAREER_COACHING,
        note="방향을 잡고 싶어요",
        selection=selection,
        notice=provision_notice(
            consultant_name="이서연",
            service=ServiceKind.CAREER_COACHING,
            chosen=load(member, selection, "방향을 잡고 싶어요"),
            expires_at=now + datetime.timedelta(days=30),
        ),
        now=now,
    )


def view(member, consultant):
    return shared_view(
        viewer=consultant,
        member=member,
        request_or_actor=Actor(consultant.pk, "consultant", "203.0.113.9"),
        purpose=SharingPurpose.CONSULTANT,
    )


def views_logged() -> int:
    return AccessLogEntry.objects.filter(target_type="privacy.sharinggrant").count()


def suspend(member, purposes):
    request = file_request(member, RightsKind.SUSPENSION, suspend_purposes=purposes)
    return steps.rights_request_verify_identity(request=request, actor=None)


def test_a_suspension_of_the_consultant_purpose_blocks_the_copy_and_lifting_restores_it(
    member, consultant, shared
):
    before = view(member, consultant).grant_id
    request = suspend(member, [CONSULTANT_VIEW])
    logged = views_logged()

    with pytest.raises(SharingHeld) as held:
        view(member, consultant)
    assert "처리정지" in held.value.detail
    assert "처리정지" not in held.value.message  # the consultant is not told why
    assert views_logged() == logged  # a refused view shows nothing and is not an access

    # Lifted: the officer refuses the request (a refused 처리정지 holds nothing).
    steps.rights_request_refuse(
        request=request, actor=None, grounds="법령상 의무 이행", objection="이의 제기 방법 안내"
    )

    restored = view(member, consultant)
    assert restored.grant_id == before
    assert restored.records and views_logged() == logged + 1


def test_a_suspension_of_another_purpose_leaves_the_consultant_view(member, consultant, shared):
    suspend(member, [MESSAGING])

    assert view(member, consultant).records


def test_a_correction_request_holds_the_copy_until_it_is_done(member, consultant, shared):
    request = file_request(member, RightsKind.CORRECTION)
    steps.rights_request_verify_identity(request=request, actor=None)
    with pytest.raises(SharingHeld):
        view(member, consultant)

    steps.rights_request_complete(request=request, actor=None, result="정정했어요")

    assert view(member, consultant).records
