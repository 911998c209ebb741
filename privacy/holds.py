"""Processing holds: the one place that says whether a member's data may be used or provided.

Privacy policy (정보 주체의 권리): "이용자가 개인정보의 오류 등에 대한 정정 또는 삭제를 요구한
경우에는 정정 또는 삭제를 완료할 때까지 당해 개인정보를 이용하거나 제공하지 않습니다."
개인정보 보호법 제37조: once processing is suspended for a purpose, it stops.

- While a correction or deletion request is open, nothing of the member's is used or provided,
  for any purpose: we cannot tell which other uses rest on the disputed value.
- For the purposes named in a 처리정지 request that is in progress or was (partly) granted,
  processing stops, until a 처리정지 해제 request is completed (the suspension's `lifted_at`).

Every caller that uses or provides a member's data — a consultant's view of a shared profile,
a KakaoTalk message, a recommendation — asks here first: `require_processing(member, purpose)`
for one member, `members_allowed(queryset, purpose)` for a batch.
"""

from __future__ import annotations

from django.db import models

from privacy.rights.models import (
    OPEN_RIGHTS_STATUSES,
    HoldPurpose,
    RightsKind,
    RightsRequest,
    RightsStatus,
)

CONSULTANT_VIEW = HoldPurpose.CONSULTANT_VIEW  # 컨설턴트 제공
MESSAGING = HoldPurpose.MESSAGING  # 카카오톡 메시지
RECOMMENDATION = HoldPurpose.RECOMMENDATION  # 맞춤형 추천
COMPANY_APPLICATION = HoldPurpose.COMPANY_APPLICATION  # 지원서(프로필·자기소개서 사본) 제공
PURPOSES = tuple(HoldPurpose)

# A 처리정지 request holds from the moment staff start on it (the member's identity is known)
# and for good once granted; a refused one holds nothing.
SUSPENSION_HOLDING = (
    RightsStatus.IN_PROGRESS,
    RightsStatus.COMPLETED,
    RightsStatus.PARTLY_COMPLETED,
)


class ProcessingHeld(Exception):
    """The member's data may not be used or provided for this purpose right now."""

    def __init__(self, member_id: int | None, purpose: str, reason: str) -> None:
        self.member_id = member_id
        self.purpose = purpose
        self.reason = reason
        super().__init__(f"member {member_id}: {purpose} is held ({reason})")


def _holding(purpose: str) -> models.Q:
    """Requests that hold `purpose`, as a filter on RightsRequest."""
    if purpose not in HoldPurpose.values:
        raise ValueError(f"unknown processing purpose {purpose!r}")
    return models.Q(
        kind__in=(RightsKind.CORRECTION, RightsKind.DELETION), status__in=OPEN_RIGHTS_STATUSES
    ) | models.Q(
        kind=RightsKind.SUSPENSION,
        status__in=SUSPENSION_HOLDING,
        suspend_purposes__contains=f",{purpose},",
        # A completed 처리정지 해제 request ends the hold (privacy.rights.steps).
        lifted_at__isnull=True,
    )


def hold_reason(member, purpose: str) -> str | None:
    """Why `purpose` is held for `member` ("정정 요구 처리 중" ...), or None. One query."""
    if member is None or member.pk is None:
        return None
    row = (
        RightsRequest.objects.filter(_holding(purpose), member_id=member.pk)
        .order_by("received_at", "id")
        .values_list("kind", "status")
        .first()
    )
    if row is None:
        return None
    kind, status = row
    if kind == RightsKind.SUSPENSION:
        return f"처리정지 요구 ({RightsStatus(status).label})"
    return f"{RightsKind(kind).label} 요구 처리 중"


def processing_allowed(member, purpose: str) -> bool:
    return hold_reason(member, purpose) is None


def require_processing(member, purpose: str) -> None:
    """Raise ProcessingHeld unless `member`'s data may be used for `purpose`."""
    reason = hold_reason(member, purpose)
    if reason is not None:
        raise ProcessingHeld(getattr(member, "pk", None), purpose, reason)


def members_held(member_ids, purpose: str) -> set[int]:
    """Which of `member_ids` are held for `purpose` (batch jobs: the message relay). One query."""
    return set(
        RightsRequest.objects.filter(_holding(purpose), member_id__in=list(member_ids))
        .values_list("member_id", flat=True)
        .distinct()
    )


def members_allowed(queryset: models.QuerySet, purpose: str, member_field: str = "pk"):
    """`queryset` without the rows whose member is held for `purpose` (batch jobs: messages,
    recommendations). `member_field` is the path from a row to its member's id."""
    held = RightsRequest.objects.filter(_holding(purpose), member__isnull=False).values("member_id")
    return queryset.exclude(**{f"{member_field}__in": held})
