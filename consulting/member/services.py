"""The member's side of an engagement: requesting under the consent shown, sharing again,
stopping the sharing, confirming a session time, asking for a revision, closing, rating.

Each write is one transaction with the notification it causes (notifications.notify keys it by
the change, so a retried request never notifies twice)."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.db import IntegrityError, transaction

from consulting.catalog import service_for
from consulting.models import (
    OPEN_STATES,
    ConsultantProfile,
    Engagement,
    EngagementState,
    Rating,
    SessionProposal,
    Snapshot,
)
from consulting.notices import tell_consultant, when_text
from consulting.services import (
    ACCESS_DAYS,
    TransitionRefused,
    engagement_cancel,
    engagement_close,
    engagement_request,
    engagement_request_revision,
    engagement_schedule,
    provision_notice,
    share_snapshot,
)
from consulting.snapshots import Chosen, Selection, load
from privacy.api import sharing_withdraw_consent

# The member may share again while the engagement is open (consulting.models.OPEN_STATES).
SHAREABLE = frozenset(OPEN_STATES)


def notice_for(
    *,
    member,
    consultant: ConsultantProfile,
    service: str,
    selection: Selection,
    now: datetime.datetime,
    note: str = "",
) -> tuple[Chosen, dict]:
    """What the consent screen shows for sharing `selection` with `consultant` now (the five
    items of 제17조 제2항), and the rows it names. SelectionInvalid when the selection names
    anything that is not the member's."""
    chosen = load(member, selection, note)
    notice = provision_notice(
        consultant_name=consultant.display_name,
        service=service,
        chosen=chosen,
        expires_at=now + datetime.timedelta(days=ACCESS_DAYS),
    )
    return chosen, notice


def notice_digest(notice: dict, *, consultant: ConsultantProfile, service: str) -> str:
    """A fingerprint of the consent screen as rendered: the screen carries it in a hidden field
    and the agreement is accepted only if the notice recomputed at that moment has the same
    one, so the ledger keeps exactly what the member read (not a later edit of a letter's
    title, another tab's selection, or a changed date)."""
    payload = json.dumps(
        {"notice": notice, "consultant": consultant.pk, "service": service},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def member_engagement_request(
    *,
    member,
    consultant: ConsultantProfile,
    service: str,
    note: str,
    selection: Selection,
    notice: dict,
    now: datetime.datetime,
    matched: bool,
) -> Engagement:
    """The member's request, its snapshot, grant and consent (consulting.services), and the
    consultant told of it. The notification names the service only: who the member is, the
    consultant learns from what the member chose to share."""
    engagement = engagement_request(
        member=member,
        consultant=consultant.consultant,
        service=service,
        note=note,
        selection=selection,
        notice=notice,
        now=now,
        matched=matched,
    )
    tell_consultant(
        engagement,
        "requested",
        f"새 컨설팅 요청이 왔어요: {service_for(service).label}",
    )
    return engagement


@transaction.atomic
def member_share_again(
    engagement: Engagement,
    *,
    chosen: Chosen,
    selection: Selection,
    notice: dict,
    now: datetime.datetime,
) -> Snapshot:
    """A new snapshot under a new consent; the consultant sees it instead of the last one."""
    if engagement.state not in SHAREABLE:
        raise TransitionRefused("끝난 컨설팅에는 다시 공유할 수 없어요.")
    snapshot = share_snapshot(engagement, chosen, selection, notice=notice, now=now)
    tell_consultant(
        engagement,
        "reshared",
        f"회원이 컨설팅 #{engagement.pk}에 정보를 다시 공유했어요.",
        key=f"{snapshot.pk}",
    )
    return snapshot


def open_grant_ids(engagement: Engagement, *, now: datetime.datetime) -> list[int]:
    """The grants of this engagement the consultant may still read by (at most one: a new
    share replaces the grant before it)."""
    return list(
        Snapshot.objects.filter(
            engagement=engagement,
            grant__isnull=False,
            grant__revoked_at__isnull=True,
            grant__expires_at__gt=now,
        ).values_list("grant_id", flat=True)
    )


@transaction.atomic
def member_sharing_stop(engagement: Engagement, *, now: datetime.datetime) -> bool:
    """The member withdraws the consent of this engagement's sharing: every grant it made ends
    and the ledger records the withdrawal per grant. The consultant's next view is refused;
    the engagement itself goes on (the member may share again). False when nothing was open."""
    stopped = False
    grants = Snapshot.objects.filter(engagement=engagement, grant__isnull=False).values_list(
        "grant_id", flat=True
    )
    for grant_id in list(grants):
        stopped = sharing_withdraw_consent(grant_id, now=now) or stopped
    return stopped


@transaction.atomic
def member_session_confirm(
    engagement: Engagement, *, proposal_id: int, now: datetime.datetime
) -> SessionProposal:
    """The member confirms one of the consultant's proposed times for a 모의면접."""
    proposal = (
        SessionProposal.objects.select_for_update()
        .filter(
            engagement=engagement,
            pk=proposal_id,
            withdrawn_at__isnull=True,
            confirmed_at__isnull=True,
        )
        .first()
    )
    if proposal is None:
        raise TransitionRefused(
            "고를 수 없는 시간이에요. 컨설턴트가 제안한 시간 중에서 골라 주세요."
        )
    if proposal.starts_at <= now:
        raise TransitionRefused("이미 지난 시간이에요. 다른 시간을 골라 주세요.")
    engagement_schedule(engagement, now=now)
    SessionProposal.objects.filter(pk=proposal.pk).update(confirmed_at=now)
    proposal.confirmed_at = now
    tell_consultant(
        engagement,
        "session_confirmed",
        f"회원이 모의면접 시간을 확정했어요: {when_text(proposal.starts_at)}",
    )
    return proposal


@transaction.atomic
def member_revision_request(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    engagement = engagement_request_revision(engagement, now=now)
    tell_consultant(
        engagement,
        "revision_requested",
        f"회원이 컨설팅 #{engagement.pk}의 수정을 요청했어요.",
        key=f"{engagement.pk}:{engagement.revisions_used}",
    )
    return engagement


@transaction.atomic
def member_cancel(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    """Cancelled: the consultant's access ends with it (consulting.services._move)."""
    engagement = engagement_cancel(engagement, now=now)
    tell_consultant(
        engagement,
        "cancelled",
        f"회원이 컨설팅 #{engagement.pk} 요청을 취소했어요.",
    )
    return engagement


def member_close(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    return engagement_close(engagement, now=now)


class RatingRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


RATEABLE = frozenset({EngagementState.DELIVERED, EngagementState.CLOSED})


def member_rate(engagement: Engagement, *, score: int, line: str, now: datetime.datetime) -> Rating:
    """The member's one rating of a delivered engagement (1–5 and a line)."""
    state = Engagement.objects.filter(pk=engagement.pk).values_list("state", flat=True).first()
    if state not in RATEABLE:
        raise RatingRefused("피드백을 받은 뒤에 평가할 수 있어요.")
    if not 1 <= score <= 5:
        raise RatingRefused("평점은 1점부터 5점 중에서 골라 주세요.")
    try:
        with transaction.atomic():
            return Rating.objects.create(
                engagement=engagement, score=score, line=line, created_at=now
            )
    except IntegrityError:
        raise RatingRefused(
            "이미 평가를 남겼어요. 평가는 컨설팅마다 한 번만 남길 수 있어요."
        ) from None
