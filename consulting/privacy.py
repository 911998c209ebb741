"""Consulting's data, registered with the retention registry, and its withdrawal step.

An engagement is the member's 서비스 이용 record; its request note is sealed under the member's
key and goes with the account. A consultant's profile and an invitation are not members' data:
they are the policy's 컨설턴트 정보 (its own table, beside the members'), sealed under the
consultant's (or the invitation's) own key, destroyed with the consultant's account."""

import datetime

from django.db.models import Q

from consulting.models import (
    Comment,
    ConsultantInvitation,
    ConsultantProfile,
    Delivery,
    Engagement,
    Rating,
    SessionProposal,
    Snapshot,
    SnapshotItem,
)
from consulting.services import SNAPSHOT_GRACE_DAYS, member_engagements_end
from privacy.api import CONSULTANT, CONSULTING, Item, Stage, registry, withdrawal_registry

registry.register(
    Engagement,
    category=CONSULTING,
    items=[Item("컨설팅 요청 내용", fields=("service", "state", "request_note"))],
    owner="member.subject",
    encrypted={"request_note"},
    non_personal={
        "id",
        "member",
        "consultant",
        "requested_at",
        "accepted_at",
        "due_at",
        "revisions_used",
        "ended_at",
        "updated_at",
        "matched",
        "overdue_flagged_at",
    },
)

# The shared copy is kept while the consultant may see it and SNAPSHOT_GRACE_DAYS after that
# ends (the grant revoked or expired), then destroyed: the consent screen states it.


def _snapshot_due(now):
    ended_before = now - datetime.timedelta(days=SNAPSHOT_GRACE_DAYS)
    return (
        Q(grant__isnull=True, taken_at__lt=ended_before)
        | Q(grant__revoked_at__lt=ended_before)
        | Q(grant__expires_at__lt=ended_before)
        | Q(engagement__member__withdrawn_at__lte=now)
    )


registry.register(
    Snapshot,
    category=CONSULTING,
    items=[Item("공유한 정보의 사본", fields=("selection",))],
    owner="engagement.member.subject",
    non_personal={"id", "engagement", "number", "taken_at", "grant"},
    due=_snapshot_due,
)
registry.register(
    SnapshotItem,
    category=CONSULTING,
    items=[Item("공유한 정보의 사본", fields=("title", "body", "extra"))],
    owner="snapshot.engagement.member.subject",
    encrypted={"title", "body", "extra"},
    non_personal={"id", "snapshot", "position", "kind", "source_id", "group"},
    with_parent="snapshot",
)
registry.register(
    Comment,
    category=CONSULTING,
    items=[Item("컨설턴트 의견과 답글", fields=("quote", "prefix", "suffix", "body"))],
    owner="engagement.member.subject",
    encrypted={"quote", "prefix", "suffix", "body"},
    non_personal={
        "id",
        "engagement",
        "item",
        "question_id",
        "parent",
        "author",
        "round",
        "snapshot_number",
        "start",
        "end",
        "created_at",
        "resolved_at",
    },
)
registry.register(
    Delivery,
    category=CONSULTING,
    items=[Item("총평", fields=("summary",))],
    owner="engagement.member.subject",
    encrypted={"summary"},
    non_personal={"id", "engagement", "round", "delivered_at"},
)
registry.register(
    SessionProposal,
    category=CONSULTING,
    items=[Item("면접 일정", fields=("starts_at", "minutes", "where"))],
    owner="engagement.member.subject",
    encrypted={"where"},
    non_personal={"id", "engagement", "proposed_at", "confirmed_at", "withdrawn_at"},
)
registry.register(
    Rating,
    category=CONSULTING,
    items=[Item("평가", fields=("score", "line", "reply"))],
    owner="engagement.member.subject",
    encrypted={"line", "reply"},
    non_personal={"id", "engagement", "created_at", "replied_at", "hidden_at"},
)
registry.register(
    ConsultantProfile,
    category=CONSULTANT,
    items=[
        Item("이름", fields=("display_name",), required=True),
        Item("한 줄 소개", fields=("headline",)),
        Item("전문 분야", fields=("job_families", "industries")),
        Item("경력 요약", fields=("career_summary",)),
        Item("검증한 자격", fields=("credential_note",)),
    ],
    owner="consultant.subject",
    encrypted={"display_name", "headline", "career_summary", "credential_note"},
    non_personal={"id", "consultant", "is_listed", "created_at", "updated_at"},
)

# An invitation keeps the invitee's name, sealed under its own key, until it is accepted (the
# name moves to the profile) and the row itself a month past its expiry, for the staff's
# record of who invited whom.
INVITATION_KEPT_DAYS = 30


def _invitation_due(now):
    return Q(expires_at__lt=now - datetime.timedelta(days=INVITATION_KEPT_DAYS))


registry.register(
    ConsultantInvitation,
    category=CONSULTANT,
    items=[Item("이름", fields=("name",), required=True)],
    owner="subject",
    encrypted={"name"},
    non_personal={
        "id",
        "subject",
        "token_hash",
        "created_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "consultant",
    },
    due=_invitation_due,
)


@withdrawal_registry.register(Stage.END, "consulting.end_engagements")
def _end_engagements(*, member, now):
    """A withdrawing member's open engagements are cancelled: the consultant's work ends."""
    member_engagements_end(member=member, now=now)
