"""The request's one transaction: the engagement, its snapshot, the grant and the 제17조 consent
exist together; the consultant reads the snapshot (never the live rows) through shared_view;
the member's withdrawal of this grant's consent ends it and no other."""

import pytest
from django.db import connection
from django.utils import timezone

from consulting.catalog import ServiceKind
from consulting.models import Snapshot, SnapshotItemKind
from consulting.services import engagement_close, engagement_request, provision_notice
from consulting.snapshots import Selection, SelectionInvalid, load
from coverletters.models import CoverLetter, Question
from privacy.api import (
    SharingPurpose,
    SharingRefused,
    shared_view,
    sharing_withdraw_consent,
)
from privacy.consents.models import ConsentRecord
from profiles.models import Profile
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspace(member):
    Profile.objects.create(
        member=member, name="김지원", desired_job="서비스 기획", situation="면접이 두려워요"
    )
    letter = CoverLetter.objects.create(
        member=member, title="한빛은행 2026 하반기", job_title="기획"
    )
    Question.objects.create(
        cover_letter=letter, position=0, prompt="지원 동기", answer="첫 문장. 둘째 문장.", limit=500
    )
    return letter


def _request(member, consultant, selection, now=None):
    now = now or timezone.now()
    chosen = load(member, selection, "지원 동기를 봐 주세요")
    notice = provision_notice(
        consultant_name="이서연",
        service=ServiceKind.COVER_LETTER_REVIEW,
        chosen=chosen,
        expires_at=now + timezone.timedelta(days=30),
    )
    engagement = engagement_request(
        member=member,
        consultant=consultant,
        service=ServiceKind.COVER_LETTER_REVIEW,
        note="지원 동기를 봐 주세요",
        selection=selection,
        notice=notice,
        now=now,
    )
    return engagement, notice


def test_request_shares_a_snapshot_and_records_the_five_items(member, consultant, workspace):
    selection = Selection(profile=("이름", "희망 직무"), cover_letters=(workspace.pk,))
    engagement, _ = _request(member, consultant, selection)

    record = ConsentRecord.objects.get(member=member, channel="provision")
    assert record.granted
    assert {"recipient", "purpose", "items", "period", "refusal"} <= set(record.details)
    assert record.details["items"] == [
        "요청 내용 (직접 쓴 메모)",
        "본인 프로필: 이름",
        "본인 프로필: 희망 직무",
        "자기소개서: 한빛은행 2026 하반기",
    ]
    snapshot = Snapshot.objects.get(engagement=engagement)
    assert record.grant_ref == snapshot.grant_id

    # The member edits after sharing: the consultant still sees the copy.
    Question.objects.filter(cover_letter=workspace).update(answer="")
    shared = shared_view(
        viewer=consultant,
        member=member,
        request_or_actor=_actor(consultant),
        purpose=SharingPurpose.CONSULTANT,
    )
    (copy,) = shared.records
    kinds = [child.get("title") for child in copy.children]
    assert kinds == ["요청 내용", "이름", "희망 직무", "한빛은행 2026 하반기", "지원 동기"]
    question = next(c for c in copy.children if c.get("title") == "지원 동기")
    assert question["body"] == "첫 문장. 둘째 문장."
    assert all("면접이 두려워요" not in str(c.values) for c in copy.children)
    assert snapshot.items.filter(kind=SnapshotItemKind.QUESTION).count() == 1


def _actor(viewer):
    from privacy.api import Actor

    return Actor(account_id=viewer.pk, role="consultant", ip="127.0.0.1")


def test_withdrawing_one_grants_consent_leaves_the_other(member, consultant, workspace):
    second = type(consultant).objects.create_user("consultant2", "pw-x-12345", role="consultant")
    first, _ = _request(member, consultant, Selection(profile=("이름",)))
    _request(member, second, Selection(cover_letters=(workspace.pk,)))

    sharing_withdraw_consent(first.snapshots.get().grant_id)

    with pytest.raises(SharingRefused):
        shared_view(
            viewer=consultant,
            member=member,
            request_or_actor=_actor(consultant),
            purpose=SharingPurpose.CONSULTANT,
        )
    assert shared_view(
        viewer=second,
        member=member,
        request_or_actor=_actor(second),
        purpose=SharingPurpose.CONSULTANT,
    )


def test_closing_ends_access(member, consultant, workspace):
    engagement, _ = _request(member, consultant, Selection(profile=("이름",)))
    from consulting.services import engagement_accept, engagement_deliver, engagement_start_review

    now = timezone.now()
    for step in (engagement_accept, engagement_start_review, engagement_deliver, engagement_close):
        step(engagement, now=now)
    with pytest.raises(SharingRefused):
        shared_view(
            viewer=consultant,
            member=member,
            request_or_actor=_actor(consultant),
            purpose=SharingPurpose.CONSULTANT,
        )


def test_another_members_letter_cannot_be_chosen(member, consultant, workspace):
    other = make_member("박민수", "010-1111-2222")
    with pytest.raises(SelectionInvalid):
        load(other, Selection(cover_letters=(workspace.pk,)))


def test_what_the_consent_screen_showed_is_sealed_in_the_database(member, consultant, workspace):
    _request(member, consultant, Selection(cover_letters=(workspace.pk,)))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT details FROM privacy_consentrecord WHERE channel = %s", ["provision"]
        )
        (raw,) = cursor.fetchone()
    # Neither the consultant's name nor the letter's title is readable without the key.
    assert "이서연" not in raw and "한빛은행" not in raw
    assert ConsentRecord.objects.get(channel="provision").details["items"][-1].endswith("하반기")
