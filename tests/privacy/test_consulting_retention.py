"""Consulting's retention, enforced by the destruction job from the registry.

Policy 2026-12-10 (컨설팅; 제3자 제공; 파기기한): the copy a member shares with a consultant is
destroyed 7 days after the consultant's access ends (the grant revoked: the consent withdrawn,
the engagement ended; or its deadline passed), and not before; the requests, comments and the
rest go with the account at withdrawal. Each destruction is counted in the 파기 대장 under 컨설팅.
"""

import datetime

import pytest
from django.utils import timezone

import consulting.privacy
import consulting.services
from consulting.catalog import ServiceKind
from consulting.models import Comment, Delivery, Engagement, Rating, Snapshot, SnapshotItem
from consulting.services import (
    engagement_accept,
    engagement_close,
    engagement_deliver,
    engagement_request,
    engagement_start_review,
    provision_notice,
)
from consulting.snapshots import Selection, load
from core.jobs import KST, run_due_jobs
from coverletters.models import CoverLetter, Question
from privacy.registry.categories import (
    CONSULTANT_ACCESS_DAYS,
    CONSULTANT_COPY_KEPT_DAYS,
    CONSULTANT_INVITATION_KEPT_DAYS,
    CONSULTING,
)
from privacy.registry.registry import registry
from privacy.retention.engine import JOB
from privacy.retention.models import DestructionRun
from privacy.sharing.models import SharingGrant
from privacy.sharing.services import sharing_withdraw_consent
from privacy.withdrawal.runner import member_withdraw
from profiles.models import Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(member, consultant):
    Profile.objects.create(member=member, name="김지원", desired_job="서비스 기획")
    letter = CoverLetter.objects.create(member=member, title="한빛은행", job_title="기획")
    Question.objects.create(cover_letter=letter, position=0, prompt="지원 동기", answer="첫 문장.")
    selection = Selection(profile=("이름",), cover_letters=(letter.pk,))
    now = timezone.now()
    return engagement_request(
        member=member,
        consultant=consultant,
        service=ServiceKind.COVER_LETTER_REVIEW,
        note="지원 동기를 봐 주세요",
        selection=selection,
        notice=provision_notice(
            consultant_name="이서연",
            service=ServiceKind.COVER_LETTER_REVIEW,
            chosen=load(member, selection, "지원 동기를 봐 주세요"),
            expires_at=now + datetime.timedelta(days=CONSULTANT_ACCESS_DAYS),
        ),
        now=now,
    )


def day_after(moment: datetime.datetime, days: int, hour: int = 12) -> datetime.datetime:
    """Noon (KST) `days` calendar days after `moment`: one daily run per day."""
    day = timezone.localtime(moment, KST).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=KST)


def consulting_destroyed(job: str) -> int:
    return sum(
        DestructionRun.objects.filter(job=job, category=CONSULTING.name).values_list(
            "count", flat=True
        )
    )


def comment_on(engagement, consultant) -> Comment:
    item = SnapshotItem.objects.filter(snapshot__engagement=engagement, kind="question").get()
    return Comment.objects.create(
        engagement=engagement,
        item=item,
        question_id=item.source_id,
        author=consultant,
        quote="첫 문장.",
        body="구체적인 경험을 한 줄 더해 보세요.",
    )


def test_the_policy_numbers_are_the_ones_consulting_keeps():
    assert consulting.services.ACCESS_DAYS == CONSULTANT_ACCESS_DAYS
    assert consulting.services.SNAPSHOT_GRACE_DAYS == CONSULTANT_COPY_KEPT_DAYS
    assert consulting.privacy.INVITATION_KEPT_DAYS == CONSULTANT_INVITATION_KEPT_DAYS
    assert str(CONSULTANT_COPY_KEPT_DAYS) in CONSULTING.retention.text


def test_the_rule_holds_a_copy_exactly_7_days_after_its_grant_ends(engagement, consultant):
    snapshot = engagement.snapshots.get()
    ended = timezone.now()
    sharing_withdraw_consent(snapshot.grant_id, now=ended)
    due = registry.entry(Snapshot).due
    grace = datetime.timedelta(days=CONSULTANT_COPY_KEPT_DAYS)
    second = datetime.timedelta(seconds=1)

    assert not Snapshot.objects.filter(due(ended + grace - second)).exists()
    assert Snapshot.objects.filter(due(ended + grace + second)).get() == snapshot


def test_a_withdrawn_consents_copy_is_destroyed_by_the_daily_job_7_days_on_not_before(
    engagement, consultant
):
    snapshot = engagement.snapshots.get()
    comment = comment_on(engagement, consultant)
    sharing_withdraw_consent(snapshot.grant_id)
    ended = SharingGrant.objects.get(pk=snapshot.grant_id).revoked_at
    items = SnapshotItem.objects.filter(snapshot=snapshot).count()
    assert items == 4  # the request note, 이름, the letter, its question

    assert run_due_jobs(now=day_after(ended, CONSULTANT_COPY_KEPT_DAYS - 1))[JOB] == "done"
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()
    assert SnapshotItem.objects.filter(snapshot=snapshot).count() == items
    assert consulting_destroyed(JOB) == 0

    assert run_due_jobs(now=day_after(ended, CONSULTANT_COPY_KEPT_DAYS + 1))[JOB] == "done"
    assert not Snapshot.objects.filter(pk=snapshot.pk).exists()
    assert not SnapshotItem.objects.filter(snapshot_id=snapshot.pk).exists()
    # The 파기 대장: the copy and each of its items, under 컨설팅.
    assert consulting_destroyed(JOB) == 1 + items
    # The member's engagement and the consultant's comment stay (with the account): the
    # comment keeps its quote, no longer pointing at the destroyed copy.
    comment.refresh_from_db()
    assert comment.item_id is None and comment.quote == "첫 문장."
    assert Engagement.objects.filter(pk=engagement.pk).exists()


def test_a_closed_engagements_copy_goes_7_days_after_closing(engagement):
    now = timezone.now()
    for step in (engagement_accept, engagement_start_review, engagement_deliver, engagement_close):
        step(engagement, now=now)
    snapshot = engagement.snapshots.get()

    run_due_jobs(now=day_after(now, CONSULTANT_COPY_KEPT_DAYS - 1))
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()
    run_due_jobs(now=day_after(now, CONSULTANT_COPY_KEPT_DAYS + 1))
    assert not Snapshot.objects.filter(pk=snapshot.pk).exists()


def test_a_copy_whose_access_ran_out_goes_7_days_after_its_deadline(engagement):
    snapshot = engagement.snapshots.get()
    deadline = SharingGrant.objects.get(pk=snapshot.grant_id).expires_at
    assert SharingGrant.objects.get(pk=snapshot.grant_id).revoked_at is None

    run_due_jobs(now=day_after(deadline, CONSULTANT_COPY_KEPT_DAYS - 1))
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()
    run_due_jobs(now=day_after(deadline, CONSULTANT_COPY_KEPT_DAYS + 1))
    assert not Snapshot.objects.filter(pk=snapshot.pk).exists()


def test_an_open_engagements_copy_is_kept(engagement):
    snapshot = engagement.snapshots.get()

    run_due_jobs(now=day_after(timezone.now(), CONSULTANT_ACCESS_DAYS - 1))

    assert Snapshot.objects.filter(pk=snapshot.pk).exists()


def test_everything_of_consulting_goes_with_the_account_at_withdrawal(
    engagement, member, consultant
):
    comment_on(engagement, consultant)
    Delivery.objects.create(engagement=engagement, round=1, summary="좋은 출발이에요.")
    Rating.objects.create(engagement=engagement, score=5, line="고마워요")
    kept_before = DestructionRun.objects.filter(job="withdrawal").count()

    member_withdraw(member=member)

    for model in (Engagement, Snapshot, SnapshotItem, Comment, Delivery, Rating):
        assert not model.objects.exists(), model.__name__
    assert DestructionRun.objects.filter(job="withdrawal").count() > kept_before
    # The engagement, its copy and its 4 items, the comment, the summary and the rating.
    assert consulting_destroyed("withdrawal") == 1 + 1 + 4 + 1 + 1 + 1
    assert not SharingGrant.objects.filter(member_id=member.pk).exists()
