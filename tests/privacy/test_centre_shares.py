"""The privacy centre shows, per consulting share: to whom (the name the member agreed to) and
what, when, when it ended and why, and each time the consultant opened it (the access log's
entries, in KST); one share's consent, or the provision's as a whole, is withdrawn from there."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from consulting.catalog import ServiceKind
from consulting.services import engagement_request, provision_notice
from consulting.snapshots import Selection, load
from coverletters.models import CoverLetter, Question
from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.models import AccessLogAction
from privacy.consents.models import ConsentChannel, ConsentRecord
from privacy.consents.purposes import Purpose
from privacy.sharing.models import RevokeReason, SharingGrant
from privacy.sharing.provisions import SharingPurpose
from privacy.sharing.refusals import SharingRefused
from privacy.sharing.scope import share_item
from privacy.sharing.selectors import shared_view
from privacy.sharing.services import sharing_grant
from profiles.models import Profile
from tests.core.test_html import audit

pytestmark = pytest.mark.django_db

KST = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture
def letter(member):
    Profile.objects.create(member=member, name="김지원", desired_job="서비스 기획")
    letter = CoverLetter.objects.create(
        member=member, title="한빛은행 2026 하반기", job_title="기획"
    )
    Question.objects.create(cover_letter=letter, position=0, prompt="지원 동기", answer="첫 문장.")
    return letter


def new_consultant(username: str) -> User:
    return User.objects.create_user(username, "consultant-password-9", role=Role.CONSULTANT)


def request_consulting(member, consultant, name: str, selection: Selection, now=None):
    now = now or timezone.now()
    notice = provision_notice(
        consultant_name=name,
        service=ServiceKind.COVER_LETTER_REVIEW,
        chosen=load(member, selection, "봐 주세요"),
        expires_at=now + datetime.timedelta(days=30),
    )
    return engagement_request(
        member=member,
        consultant=consultant,
        service=ServiceKind.COVER_LETTER_REVIEW,
        note="봐 주세요",
        selection=selection,
        notice=notice,
        now=now,
    )


def opens(member, consultant):
    return shared_view(
        viewer=consultant,
        member=member,
        request_or_actor=Actor(consultant.pk, "consultant", "203.0.113.9"),
        purpose=SharingPurpose.CONSULTANT,
    )


def kst(moment) -> str:
    local = moment.astimezone(KST)
    return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M}"


def test_each_share_shows_recipient_items_time_and_every_opening_in_kst(
    client, member, consultant, letter
):
    second = new_consultant("consultant2")
    request_consulting(
        member, consultant, "이서연", Selection(profile=("이름",), cover_letters=(letter.pk,))
    )
    request_consulting(member, second, "박도윤", Selection(profile=("희망 직무",)))
    first_view = opens(member, consultant)
    opens(member, consultant)
    client.force_login(member)

    page = client.get("/privacy/me/").content.decode()

    assert "이서연 컨설턴트 (라이프멘토 제휴 컨설턴트)" in page
    assert "박도윤 컨설턴트 (라이프멘토 제휴 컨설턴트)" in page
    assert "본인 프로필: 이름, 자기소개서: 한빛은행 2026 하반기" in page
    assert "컨설턴트가 열어 본 기록 2번" in page
    assert "컨설턴트가 아직 열어 보지 않았어요." in page  # 박도윤 has not opened it
    grant = SharingGrant.objects.get(pk=first_view.grant_id)
    assert kst(grant.granted_at) + "에 공유" in page
    assert "지금 볼 수 있음" in page and "이 공유의 동의 철회하기" in page
    assert audit(page) == []


def test_withdrawing_one_share_asks_first_then_ends_that_consultant_only(
    client, member, consultant, letter
):
    second = new_consultant("consultant2")
    request_consulting(member, consultant, "이서연", Selection(profile=("이름",)))
    request_consulting(member, second, "박도윤", Selection(cover_letters=(letter.pk,)))
    grant = SharingGrant.objects.get(viewer=consultant)
    url = f"/privacy/me/shares/{grant.pk}/withdraw/"
    client.force_login(member)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "제공 동의를 철회할까요?" in confirm.content.decode()
    assert audit(confirm.content.decode()) == []
    opens(member, consultant)  # nothing changed by looking at the question

    response = client.post(url)

    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_reason == RevokeReason.CONSENT_WITHDRAWN
    with pytest.raises(SharingRefused):
        opens(member, consultant)
    assert opens(member, second)
    row = ConsentRecord.objects.get(
        member=member, purpose=Purpose.CONSULTANT_SHARING, granted=False
    )
    assert row.grant_ref == grant.pk and row.channel == ConsentChannel.PROVISION
    page = client.get("/privacy/me/").content.decode()
    assert f"{kst(grant.revoked_at)}에 끝남 (회원이 제공 동의를 철회)" in page
    assert "컨설턴트가 열어 본 기록 1번" in page


def test_a_share_ended_by_the_engagement_or_its_deadline_says_why(client, member, consultant):
    Profile.objects.create(member=member, name="김지원", desired_job="기획")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40), tick=False):
        request_consulting(member, consultant, "이서연", Selection(profile=("이름",)))
    client.force_login(member)

    page = client.get("/privacy/me/").content.decode()

    grant = SharingGrant.objects.get()
    assert f"{kst(grant.expires_at)}에 끝남 (제공 기한이 지남)" in page
    assert "이 공유의 동의 철회하기" not in page


def test_withdrawing_the_provision_in_the_centre_ends_every_consultants_access(
    client, member, consultant, letter
):
    second = new_consultant("consultant2")
    request_consulting(member, consultant, "이서연", Selection(profile=("이름",)))
    request_consulting(member, second, "박도윤", Selection(cover_letters=(letter.pk,)))
    client.force_login(member)
    assert "모든 컨설턴트에게 제공 동의 철회하기" in client.get("/privacy/me/").content.decode()

    response = client.post(
        f"/privacy/consents/{Purpose.CONSULTANT_SHARING}/", {"granted": "0", "from": "centre"}
    )

    assert response["Location"] == "/privacy/me/"
    for viewer in (consultant, second):
        with pytest.raises(SharingRefused):
            opens(member, viewer)
    assert set(SharingGrant.objects.values_list("revoked_reason", flat=True)) == {
        RevokeReason.CONSENT_WITHDRAWN
    }
    last = ConsentRecord.objects.filter(member=member, purpose=Purpose.CONSULTANT_SHARING).last()
    assert (last.granted, last.channel, last.grant_ref) == (False, "privacy_centre", None)
    # The consent is given on each request's own screen, never from the centre.
    assert (
        client.post(
            f"/privacy/consents/{Purpose.CONSULTANT_SHARING}/", {"granted": "1", "from": "centre"}
        ).status_code
        == 404
    )


def test_a_share_can_be_withdrawn_by_its_member_only(client, member, other_member, consultant):
    Profile.objects.create(member=member, name="김지원", desired_job="기획")
    request_consulting(member, consultant, "이서연", Selection(profile=("이름",)))
    url = f"/privacy/me/shares/{SharingGrant.objects.get().pk}/withdraw/"

    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(consultant)
    assert client.post(url).status_code == 403
    assert SharingGrant.objects.get().revoked_at is None


def _grants_with_views(member, consultant, grants: int, views_each: int) -> None:
    notice = {"recipient": "이서연 컨설턴트", "items": ["본인 프로필: 이름"], "period": "30일"}
    actor = Actor(consultant.pk, "consultant", "203.0.113.9")
    for _ in range(grants):
        # Each new grant replaces the open one: the member shared again.
        grant = sharing_grant(
            member=member,
            viewer=consultant,
            purpose=SharingPurpose.CONSULTANT,
            shares=[share_item(Profile, "이름")],
            expires_at=timezone.now() + datetime.timedelta(days=30),
            notice=notice,
        )
        for _ in range(views_each):
            access_log_append(
                actor=actor,
                action=AccessLogAction.VIEW,
                subjects=[member.pk],
                target_type="privacy.sharinggrant",
                target_id=str(grant.pk),
            )


def test_the_centre_costs_the_same_queries_for_1_or_50_shares(
    client, member, other_member, consultant
):
    def queries(who) -> int:
        client.force_login(who)
        client.get("/privacy/me/")  # warm the per-process caches (policy timeline, keys)
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/privacy/me/").content.decode()
        assert "이서연 컨설턴트" in page
        return len(captured)

    Profile.objects.create(member=member, name="김지원", desired_job="기획")
    Profile.objects.create(member=other_member, name="박서준", desired_job="영업")
    _grants_with_views(member, consultant, grants=1, views_each=1)
    _grants_with_views(other_member, consultant, grants=50, views_each=2)

    one, fifty = queries(member), queries(other_member)

    assert fifty == one
    page = client.get("/privacy/me/").content.decode()
    assert page.count("컨설턴트가 열어 본 기록 2번") == 50


def test_the_download_lists_each_share_and_its_openings(client, member, consultant, letter):
    request_consulting(member, consultant, "이서연", Selection(cover_letters=(letter.pk,)))
    opens(member, consultant)
    client.force_login(member)

    archive = zipfile.ZipFile(io.BytesIO(client.post("/privacy/me/download/").content))

    (share,) = json.loads(archive.read("data.json"))["제3자 제공 내역"]
    assert share["제공받는 자"] == "이서연 컨설턴트 (라이프멘토 제휴 컨설턴트)"
    assert share["제공 항목"] == ["요청 내용 (직접 쓴 메모)", "자기소개서: 한빛은행 2026 하반기"]
    assert len(share["열람 일시"]) == 1 and share["종료 일시"] is None
    assert "이서연 컨설턴트" in archive.read("내정보.html").decode()
    receipt = client.get("/privacy/me/receipt.json").json()
    (sharing,) = [p for p in receipt["services"][0]["purposes"] if p["thirdPartyDisclosure"]]
    assert sharing["thirdPartyName"] == "이서연 컨설턴트 (라이프멘토 제휴 컨설턴트)"


def test_the_consent_receipt_states_the_consent_behind_an_open_share(member, consultant, letter):
    from privacy.centre.export import consent_receipt

    request_consulting(member, consultant, "이서연", Selection(cover_letters=(letter.pk,)))

    receipt = consent_receipt(member)
    (shared,) = [p for p in receipt["services"][0]["purposes"] if p["thirdPartyDisclosure"]]
    assert shared["consentGiven"] is True
    assert "이서연" in shared["thirdPartyName"]
    assert shared["policyVersion"] and shared["consentTimestamp"]
