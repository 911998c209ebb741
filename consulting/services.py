"""Consulting's services: the engagement's transitions, invitations, and consultant accounts."""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import MemberSession, Role
from consulting.catalog import service_for
from consulting.models import (
    OPEN_STATES,
    ConsultantInvitation,
    ConsultantProfile,
    Engagement,
    EngagementState,
    SessionProposal,
    Snapshot,
)
from consulting.notices import tell_consultant, tell_member
from consulting.snapshots import Chosen, Selection, SelectionInvalid, load, take_snapshot
from privacy.api import (
    RevokeReason,
    SharingPurpose,
    share_object,
    sharing_grant,
    sharing_revoke,
)

S = EngagementState

# Every allowed move, in one table: state -> the states it may go to.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.ACCEPTED, S.DECLINED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.IN_REVIEW, S.SCHEDULED, S.CANCELLED}),
    S.IN_REVIEW: frozenset({S.DELIVERED, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.DELIVERED, S.CANCELLED}),
    S.DELIVERED: frozenset({S.REVISION, S.CLOSED}),
    S.REVISION: frozenset({S.DELIVERED, S.CANCELLED}),
    S.CLOSED: frozenset(),
    S.DECLINED: frozenset(),
    S.CANCELLED: frozenset(),
}
ENDED = frozenset({S.CLOSED, S.DECLINED, S.CANCELLED})


class TransitionRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _move(engagement: Engagement, to: str, *, now: datetime.datetime, **changes) -> Engagement:
    """Move to `to` if the table allows it from the state the database holds now."""
    with transaction.atomic():
        current = Engagement.objects.select_for_update().only("state").get(pk=engagement.pk)
        if to not in TRANSITIONS[current.state]:
            raise TransitionRefused(
                f"‘{S(current.state).label}’ 상태의 요청은 ‘{S(to).label}’(으)로 바꿀 수 없어요."
            )
        changes["state"] = to
        if to in ENDED:
            changes["ended_at"] = now
        Engagement.objects.filter(pk=engagement.pk).update(updated_at=now, **changes)
        if to in ENDED:
            # The consultant's access ends with the engagement, in the same transaction.
            for grant_id in Snapshot.objects.filter(
                engagement_id=engagement.pk, grant__isnull=False
            ).values_list("grant_id", flat=True):
                sharing_revoke(grant_id, now=now, reason=RevokeReason.ENDED)
    for name, value in changes.items():
        setattr(engagement, name, value)
    return engagement


def engagement_accept(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    """The consultant accepts: the turnaround clock starts now."""
    turnaround = service_for(engagement.service).turnaround
    due_at = now + turnaround if turnaround is not None else None
    return _move(engagement, S.ACCEPTED, now=now, accepted_at=now, due_at=due_at)


def engagement_decline(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    return _move(engagement, S.DECLINED, now=now)


def engagement_start_review(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    if service_for(engagement.service).scheduled:
        raise TransitionRefused("모의면접은 검토 대신 면접 일정을 정해서 진행해요.")
    return _move(engagement, S.IN_REVIEW, now=now)


def engagement_schedule(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    """The member confirmed the session time the consultant proposed."""
    if not service_for(engagement.service).scheduled:
        raise TransitionRefused("일정을 정해서 진행하는 서비스가 아니에요.")
    return _move(engagement, S.SCHEDULED, now=now)


def engagement_deliver(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    return _move(engagement, S.DELIVERED, now=now)


def engagement_request_revision(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    included = service_for(engagement.service).revision_rounds
    if engagement.revisions_used >= included:
        raise TransitionRefused(f"이 서비스에 포함된 수정 요청({included}회)을 모두 사용했어요.")
    return _move(engagement, S.REVISION, now=now, revisions_used=engagement.revisions_used + 1)


def engagement_close(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    return _move(engagement, S.CLOSED, now=now)


def engagement_cancel(engagement: Engagement, *, now: datetime.datetime) -> Engagement:
    return _move(engagement, S.CANCELLED, now=now)


# --- Requesting and sharing ---------------------------------------------------------------

# How long a consultant may see a snapshot at most (the engagement's end ends it sooner).
ACCESS_DAYS = 30
# Stated on the consent screen; consulting/privacy.py destroys the copy this long after access
# ends (the grant revoked or expired).
SNAPSHOT_GRACE_DAYS = 7
PROVISION_PURPOSE = (
    "원활한 컨설팅 진행을 위한 사전 정보 제공 (컨설턴트가 읽고 의견을 남기는 데만 써요)"
)
REFUSAL_TEXT = (
    "동의하지 않을 수 있어요. 동의하지 않으면 이 컨설팅만 받을 수 없고, "
    "다른 기능은 모두 그대로 쓸 수 있어요."
)


def provision_notice(
    *, consultant_name: str, service: str, chosen: Chosen, expires_at: datetime.datetime
) -> dict:
    """The five items of 개인정보 보호법 제17조 제2항 for this provision, as the consent screen
    shows them and the consent ledger keeps them."""
    until = timezone.localtime(expires_at)
    return {
        "recipient": f"{consultant_name} 컨설턴트 (라이프멘토 제휴 컨설턴트)",
        "purpose": f"{service_for(service).label}: {PROVISION_PURPOSE}",
        "items": chosen.described(),
        "period": (
            "컨설턴트는 컨설팅이 끝날 때까지, 길어도 "
            f"{until.year}년 {until.month}월 {until.day}일까지 볼 수 있어요. "
            f"끝나면 {SNAPSHOT_GRACE_DAYS}일 뒤 공유한 사본을 파기해요."
        ),
        "refusal": REFUSAL_TEXT,
    }


class RequestRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def share_snapshot(
    engagement: Engagement,
    chosen: Chosen,
    selection: Selection,
    *,
    notice: dict,
    now: datetime.datetime,
) -> Snapshot:
    """Copy what was chosen and give it to the engagement's consultant under a grant that rests
    on the consent just given (`notice`: what its screen showed). Replaces what was shared
    before: the consultant sees the newest snapshot only."""
    if list(notice.get("items", ())) != chosen.described():
        # The consent must name exactly what is copied: never share what the screen did not say.
        raise ValueError("the notice does not list what is being shared")
    with transaction.atomic():
        # Under the engagement's lock: a cancel or close in another tab either lands first (and
        # nothing is shared) or waits for this to commit (and ends the new grant with the rest).
        state = (
            Engagement.objects.select_for_update()
            .values_list("state", flat=True)
            .get(pk=engagement.pk)
        )
        if state not in OPEN_STATES:
            raise TransitionRefused("끝난 컨설팅에는 다시 공유할 수 없어요.")
        snapshot = take_snapshot(engagement, chosen, selection, now=now)
        grant = sharing_grant(
            member=engagement.member,
            viewer=engagement.consultant,
            purpose=SharingPurpose.CONSULTANT,
            shares=[share_object(Snapshot, snapshot.pk)],
            expires_at=now + datetime.timedelta(days=ACCESS_DAYS),
            now=now,
            notice=notice,
        )
        snapshot.grant = grant
        snapshot.save(update_fields=["grant"])
    return snapshot


def engagement_request(
    *,
    member,
    consultant,
    service: str,
    note: str,
    selection: Selection,
    notice: dict,
    now: datetime.datetime,
    matched: bool = False,
) -> Engagement:
    """The member asks `consultant` for `service`, sharing `selection` under the consent shown
    as `notice`. One transaction: the engagement, its first snapshot, the grant and the consent
    ledger's row exist together or not at all."""
    if not selection:
        raise SelectionInvalid("공유할 정보를 하나 이상 골라 주세요.")
    with transaction.atomic():
        # Serialised per member: a double-submitted consent makes one engagement, not two.
        get_user_model()._base_manager.select_for_update().only("pk").get(pk=member.pk)
        if Engagement.objects.filter(
            member=member, consultant=consultant, state__in=OPEN_STATES
        ).exists():
            raise RequestRefused(
                "이 컨설턴트와 진행 중인 컨설팅이 있어요. 끝난 뒤에 새로 요청해 주세요."
            )
        chosen = load(member, selection, note)
        engagement = Engagement.objects.create(
            member=member,
            consultant=consultant,
            service=service,
            request_note=note,
            matched=matched,
        )
        share_snapshot(engagement, chosen, selection, notice=notice, now=now)
    return engagement


def member_engagements_end(*, member, now: datetime.datetime) -> None:
    """At withdrawal: every open engagement of the member is cancelled."""
    Engagement.objects.filter(member_id=member.pk, state__in=OPEN_STATES).update(
        state=S.CANCELLED, ended_at=now, updated_at=now
    )


# --- Invitations ----------------------------------------------------------------------------

INVITATION_USED = "이미 사용한 초대 링크예요. 로그인 화면에서 로그인해 주세요."
INVITATION_EXPIRED = "초대 링크의 유효기간이 지났어요. 운영진에게 새 초대 링크를 요청해 주세요."
INVITATION_UNKNOWN = "올바른 초대 링크가 아니에요. 받은 링크를 다시 확인해 주세요."


class InvitationInvalid(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def invitation_token_hash(token: str) -> str:
    """The keyed hash stored in place of the token (HMAC-SHA256 under SECRET_KEY)."""
    return salted_hmac("consulting.invitation", token, algorithm="sha256").hexdigest()


def invitation_create(*, name: str, created_by) -> tuple[ConsultantInvitation, str]:
    """A new invitation and its token, which is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    invitation = ConsultantInvitation.objects.create(
        name=name, created_by=created_by, token_hash=invitation_token_hash(token)
    )
    return invitation, token


def invitation_find(token: str, *, now: datetime.datetime, lock: bool = False):
    """The invitation the token opens, if it may still be used; else InvitationInvalid."""
    token_hash = invitation_token_hash(token)
    rows = ConsultantInvitation.objects.filter(token_hash=token_hash)
    if lock:
        rows = rows.select_for_update()
    invitation = rows.first()
    if invitation is None or not constant_time_compare(invitation.token_hash, token_hash):
        raise InvitationInvalid(INVITATION_UNKNOWN)
    if invitation.accepted_at is not None:
        raise InvitationInvalid(INVITATION_USED)
    if invitation.expires_at <= now:
        raise InvitationInvalid(INVITATION_EXPIRED)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, now: datetime.datetime):
    """Create the consultant's account and profile; the invitation is used up."""
    invitation = invitation_find(token, now=now, lock=True)
    user = get_user_model().objects.create_user(username, password, role=Role.CONSULTANT)
    ConsultantProfile.objects.create(consultant=user, display_name=invitation.name)
    # The name now lives in the profile, under the consultant's own key.
    invitation.name = ""
    invitation.accepted_at = now
    invitation.consultant = user
    invitation.save(update_fields=["name", "accepted_at", "consultant"])
    return user


def consultant_sessions_end(user) -> None:
    """Every session of the consultant ends (deactivation)."""
    MemberSession.objects.filter(user_id=user.pk).delete()


def consultant_access_end(user, *, now: datetime.datetime | None = None) -> None:
    """A consultant deactivated (or no longer a consultant): every session ends and every
    grant they hold ends with it, so reactivating the account restores nothing: each member
    shares again, by a consent of their own, if the work goes on. The copies then fall due on
    their rule (7 days after access ends)."""
    now = now or timezone.now()
    with transaction.atomic():
        consultant_sessions_end(user)
        for grant_id in Snapshot.objects.filter(
            engagement__consultant_id=user.pk, grant__revoked_at__isnull=True
        ).values_list("grant_id", flat=True):
            sharing_revoke(grant_id, now=now, reason=RevokeReason.ENDED)


# --- Staff desk ------------------------------------------------------------------------------


def engagement_reassign(
    engagement: Engagement, *, consultant, now: datetime.datetime
) -> Engagement:
    """Staff hand an open engagement to another listed consultant: the old engagement ends
    (cancelled) and a new one, requested of the new consultant, takes its service and note.

    The member consented to provide their data to the consultant they chose, by name (개인정보
    보호법 제17조 제2항 제1호: who receives it). That consent does not reach anyone else, so
    nothing shared or made under it moves: the old engagement keeps its copies (destroyed on
    their rule once its grants end here), its comments, rounds and any rating, and the new one
    starts with none of them. The member is asked to share again, with a consent that names
    the new consultant; until then the new consultant sees nothing."""
    with transaction.atomic():
        current = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if current.state not in OPEN_STATES:
            raise TransitionRefused(
                f"‘{S(current.state).label}’ 상태의 요청은 다른 컨설턴트에게 넘길 수 없어요."
            )
        if current.consultant_id == consultant.pk:
            raise TransitionRefused("지금 맡고 있는 컨설턴트와 같은 컨설턴트예요.")
        if not ConsultantProfile.objects.listed().filter(consultant_id=consultant.pk).exists():
            raise TransitionRefused("회원에게 공개된 활동 중인 컨설턴트에게만 넘길 수 있어요.")
        if Engagement.objects.filter(
            member_id=current.member_id, consultant_id=consultant.pk, state__in=OPEN_STATES
        ).exists():
            raise TransitionRefused("이 회원은 그 컨설턴트와 이미 진행 중인 컨설팅이 있어요.")
        _move(current, S.CANCELLED, now=now)
        SessionProposal.objects.filter(engagement_id=current.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
        successor = Engagement.objects.create(
            member_id=current.member_id,
            consultant=consultant,
            service=current.service,
            request_note=current.request_note,
            matched=current.matched,
        )
        tell_member(
            successor,
            "reassigned",
            "요청하신 컨설팅의 담당 컨설턴트가 바뀌었어요. 새 컨설턴트에게 보여 줄 정보를 "
            "다시 골라 공유해 주세요. 다시 동의하기 전에는 아무것도 전달되지 않아요.",
        )
        tell_consultant(
            current,
            "reassigned_away",
            f"컨설팅 요청 #{current.pk}은(는) 운영진이 다른 컨설턴트에게 넘겼어요.",
        )
    engagement.state, engagement.ended_at = current.state, current.ended_at
    return successor
