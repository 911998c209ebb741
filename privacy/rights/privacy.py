"""Rights requests (정보주체 권리 행사), classified for the retention registry.

Filed under the policy's 서비스 이용 row (서비스 이용기록, 암호화된 사용자 정보; 회원 탈퇴 시
3개월 이내 파기): the published policy has no row of its own for rights requests, and the
policy page must match the policy word for word. So a request is kept while its member is a
member and at most 3 months after the member left (a completed deletion is a departure), under
its own data key, then destroyed (`request_due` below, enforced by privacy.retention.engine). A
longer, separate retention (e.g. 3 years after completion) needs a policy version with its
own row first: docs/decisions/0005-rights-requests.md.
"""

import datetime

from django.db.models import Q

from privacy.registry.categories import USAGE
from privacy.registry.registry import Item, registry
from privacy.rights.models import (
    CLOSED_RIGHTS_STATUSES,
    PowerOfAttorney,
    RightsNotice,
    RightsReminder,
    RightsRequest,
    RightsRequestEvent,
)

# "회원 탈퇴 시 3개월 이내 파기", counted from the departure (or, for a request that named no
# member, from its closure).
RETENTION_DAYS = USAGE.retention.days_after_withdrawal
ENCRYPTED_INFO = "암호화된 사용자 정보"
USAGE_RECORD = "서비스 이용기록"


def request_due(now: datetime.datetime) -> Q:
    """A closed request whose member has left (or that named no member), 3 months after its
    closing: the departure (withdrawal, or a completed deletion) unlinks the member."""
    return Q(
        member__isnull=True,
        status__in=CLOSED_RIGHTS_STATUSES,
        closed_at__lt=now - datetime.timedelta(days=RETENTION_DAYS),
    )


registry.register(
    RightsRequest,
    category=USAGE,
    items=[
        Item(
            ENCRYPTED_INFO,
            fields=(
                "principal_name",
                "principal_phone",
                "proxy_name",
                "proxy_phone",
                "detail",
                "correction_item",
                "correction_value",
                "result",
                "grounds",
                "objection",
                "identity_note",
            ),
        ),
        Item(USAGE_RECORD, fields=("proxy_relation",)),
    ],
    # The member, for the access log and the member's own download; the ciphertext is under
    # the request's own key (privacy.rights.models.RequestKeyMixin).
    owner="member.subject",
    encrypted={
        "principal_name",
        "principal_phone",
        "proxy_name",
        "proxy_phone",
        "detail",
        "correction_item",
        "correction_value",
        "result",
        "grounds",
        "objection",
        "identity_note",
    },
    non_personal={
        "id",
        "subject",
        "member",
        "kind",
        "status",
        "channel",
        # Codes from a fixed list (like 경험의 종류), needed in the clear by privacy.holds.
        "suspend_purposes",
        "received_at",
        "due_date",
        "paused_at",
        "paused_days",
        "identity_verified_at",
        "closed_at",
        # How it reached us, and which staff accounts entered it and checked identity (ids,
        # like the access log: no staff data is copied here).
        "received_via",
        "identity_method",
        "entered_by_id",
        "identity_checked_by_id",
        # The 처리정지 a 처리정지 해제 request lifts, and when it was lifted.
        "lifts",
        "lifted_at",
    },
    due=request_due,
    own_key="subject",
)
registry.register(
    RightsRequestEvent,
    category=USAGE,
    items=[Item(ENCRYPTED_INFO, fields=("note",))],
    owner="request.member.subject",
    encrypted={"note"},
    non_personal={"id", "request", "status", "at", "actor_id", "actor_role"},
    with_parent="request",
)
# owner "": the 위임장 is the proxy's document, not data the member gave us, so the member's
# data download (which skips owner-less entries) lists the request but not the file.
registry.register(
    PowerOfAttorney,
    category=USAGE,
    items=[Item(ENCRYPTED_INFO, fields=("data",))],
    owner="",
    encrypted={"data"},
    non_personal={"id", "request", "content_type", "size", "uploaded_at"},
    with_parent="request",
)
registry.register(
    RightsNotice,
    category=USAGE,
    items=[Item(USAGE_RECORD, fields=("status", "read_at"))],
    owner="member.subject",
    non_personal={"id", "member", "request", "created_at"},
)
registry.declare_non_personal(
    RightsReminder, "staff deadline reminders: a request id, a kind and a date only"
)
