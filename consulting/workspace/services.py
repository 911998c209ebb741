"""The consultant's actions on an engagement, each with what the member is told.

The transitions themselves live in consulting.services and the feedback in consulting.feedback;
here they are joined to the notification the member receives, in the same transaction (the
notification exists exactly when the change does). The views check who may act (the assigned
consultant, through the sharing selector); these functions check what the state allows.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction

from consulting.catalog import service_for
from consulting.feedback import FeedbackRefused, comment_reply, round_deliver
from consulting.models import (
    Comment,
    Delivery,
    Engagement,
    EngagementState,
    Rating,
    SessionProposal,
)
from consulting.notices import tell_member, when_text
from consulting.services import (
    TransitionRefused,
    engagement_accept,
    engagement_decline,
)

S = EngagementState

# Where the member reads about their engagements (the member's pages, consulting/member/).
PROPOSALS_MAX = 5
REPLY_MAX = 1000


@transaction.atomic
def workspace_accept(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    """Accept the request: the turnaround clock starts now, and the member hears of it."""
    engagement_accept(engagement, now=now)
    service = service_for(engagement.service)
    due = f" {when_text(engagement.due_at)}까지 진행해요." if engagement.due_at else ""
    tell_member(
        engagement,
        "accepted",
        f"컨설턴트가 {service.label} 요청을 수락했어요.{due}",
    )
    return engagement


@transaction.atomic
def workspace_decline(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    """Decline the request: the consultant's access ends with it (consulting.services)."""
    engagement_decline(engagement, now=now)
    tell_member(
        engagement,
        "declined",
        f"컨설턴트가 {service_for(engagement.service).label} 요청을 수락하지 못했어요.",
    )
    return engagement


@transaction.atomic
def sessions_propose(
    engagement: Engagement,
    *,
    times: Sequence[datetime.datetime],
    minutes: int,
    where: str,
    now: datetime.datetime,
) -> list[SessionProposal]:
    """Offer the member one or more 모의면접 times; they confirm one (the member's pages). The
    times offered before and not confirmed are withdrawn: the member chooses from one list."""
    locked = Engagement.objects.select_for_update().only("state", "service").get(pk=engagement.pk)
    if not service_for(locked.service).scheduled:
        raise TransitionRefused("일정을 정해서 진행하는 서비스가 아니에요.")
    if locked.state != S.ACCEPTED:
        raise TransitionRefused("요청을 수락한 뒤, 일정이 정해지기 전에만 시간을 제안할 수 있어요.")
    times = sorted(set(times))
    if not times:
        raise TransitionRefused("제안할 시간을 하나 이상 골라 주세요.")
    if len(times) > PROPOSALS_MAX:
        raise TransitionRefused(f"시간은 한 번에 {PROPOSALS_MAX}개까지 제안할 수 있어요.")
    if any(moment <= now for moment in times):
        raise TransitionRefused("지난 시간은 제안할 수 없어요. 앞으로의 시간을 골라 주세요.")
    SessionProposal.objects.filter(
        engagement_id=engagement.pk, confirmed_at=None, withdrawn_at=None
    ).update(withdrawn_at=now)
    proposals = [
        SessionProposal.objects.create(
            engagement=engagement, starts_at=moment, minutes=minutes, where=where, proposed_at=now
        )
        for moment in times
    ]
    listed = ", ".join(when_text(moment) for moment in times[:3])
    more = f" 외 {len(times) - 3}개" if len(times) > 3 else ""
    tell_member(
        engagement,
        "proposed",
        f"컨설턴트가 모의면접 시간을 제안했어요: {listed}{more}. 하나를 골라 확정해 주세요.",
        key=f"{engagement.pk}:{proposals[0].pk}",
    )
    return proposals


@transaction.atomic
def workspace_reply(parent: Comment, *, author, body: str, now: datetime.datetime) -> Comment:
    """The consultant's reply in a thread; once the feedback is delivered the member reads
    it, so they are told."""
    reply = comment_reply(parent, author=author, body=body, now=now)
    engagement = reply.engagement
    if engagement.state == S.DELIVERED:
        tell_member(
            engagement,
            "reply",
            "컨설턴트가 의견에 답글을 달았어요.",
            key=f"{reply.pk}",
        )
    return reply


@transaction.atomic
def workspace_deliver(engagement: Engagement, *, summary: str, now: datetime.datetime) -> Delivery:
    """Close the round with the summary: the member is told their feedback is ready."""
    delivery = round_deliver(engagement, summary=summary, now=now)
    tell_member(
        engagement,
        "delivered",
        f"{service_for(engagement.service).label} 피드백이 도착했어요. 확인해 보세요.",
        key=f"{engagement.pk}:{delivery.round}",
    )
    return delivery


def rating_reply(rating: Rating, *, text: str, now: datetime.datetime) -> Rating:
    """The consultant's one public answer to the member's rating."""
    text = (text or "").strip()
    if not text:
        raise FeedbackRefused("답변 내용을 써 주세요.")
    if len(text) > REPLY_MAX:
        raise FeedbackRefused(f"답변은 {REPLY_MAX:,}자까지 쓸 수 있어요. 지금 {len(text):,}자예요.")
    with transaction.atomic():
        locked = (
            Rating.objects.select_for_update().only("replied_at", "hidden_at").get(pk=rating.pk)
        )
        if locked.replied_at is not None:
            raise FeedbackRefused("이미 답변했어요. 평가에는 한 번만 답변할 수 있어요.")
        if locked.hidden_at is not None:
            raise FeedbackRefused("운영진이 숨긴 평가에는 답변할 수 없어요.")
        rating.reply = text
        rating.replied_at = now
        rating.save(update_fields=["reply", "replied_at"])
    return rating
