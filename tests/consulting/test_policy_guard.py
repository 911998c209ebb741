"""Nothing is provided to a consultant before the policy version that states the provision
(2026-12-10) is in force: until its effective date (KST midnight) no grant is made, whatever
the member consents to, and the request pages say when consulting starts."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from consulting.catalog import ServiceKind
from consulting.models import Engagement
from consulting.services import engagement_request, provision_notice
from consulting.snapshots import Selection, load
from privacy.api import ProvisionNotStated, SharingPurpose, provision_stated
from privacy.consents.models import ConsentRecord
from profiles.models import Profile

pytestmark = [pytest.mark.django_db, pytest.mark.policy_as_published]

KST = ZoneInfo("Asia/Seoul")
EVE = datetime.datetime(2026, 12, 9, 23, 30, tzinfo=KST)
DAY = datetime.datetime(2026, 12, 10, 0, 30, tzinfo=KST)


def _request(member, consultant, now):
    Profile.objects.get_or_create(member=member, defaults={"name": "김지원", "desired_job": "기획"})
    selection = Selection(profile=("이름",))
    notice = provision_notice(
        consultant_name="이서연",
        service=ServiceKind.CAREER_COACHING,
        chosen=load(member, selection),
        expires_at=now + datetime.timedelta(days=30),
    )
    return engagement_request(
        member=member,
        consultant=consultant,
        service=ServiceKind.CAREER_COACHING,
        note="",
        selection=selection,
        notice=notice,
        now=now,
    )


def test_before_the_effective_date_nothing_is_shared_and_nothing_recorded(member, consultant):
    with time_machine.travel(EVE, tick=False):
        assert not provision_stated(SharingPurpose.CONSULTANT)
        with pytest.raises(ProvisionNotStated):
            _request(member, consultant, EVE)
    assert not Engagement.objects.exists()
    assert not ConsentRecord.objects.filter(member=member, channel="provision").exists()


def test_the_request_pages_say_when_consulting_starts(client, member):
    client.force_login(member)
    with time_machine.travel(EVE, tick=False):
        page = client.get("/consulting/my/request/").content.decode()
    assert "2026년 12월 10일부터 컨설팅을 요청할 수 있어요" in page
    assert 'type="radio"' not in page


def test_from_the_effective_date_a_request_is_made(member, consultant):
    with time_machine.travel(DAY, tick=False):
        assert provision_stated(SharingPurpose.CONSULTANT)
        engagement = _request(member, consultant, DAY)
    assert engagement.snapshots.get().grant_id is not None
