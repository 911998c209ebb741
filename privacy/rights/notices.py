"""What a member is told of their rights requests, and the history every step leaves.

Every step appends a RightsRequestEvent (the history) and, when the request concerns a known
member, a RightsNotice they see in the app (rights_event_record). The reads serve the privacy
centre and its notice badge.
"""

from __future__ import annotations

from django.utils import timezone

from core import sql
from privacy.rights.models import LIST_FIELDS, RightsNotice, RightsRequest, RightsRequestEvent


def _actor(user) -> tuple[int | None, str]:
    if user is None:
        return None, ""
    return user.pk, getattr(user, "role", "")


def rights_event_record(
    request: RightsRequest, *, status: str, now, actor=None, note: str = ""
) -> None:
    actor_id, role = _actor(actor)
    RightsRequestEvent.objects.create(
        request=request, status=status, at=now, actor_id=actor_id, actor_role=role, note=note
    )
    if request.member_id is not None:
        RightsNotice.objects.create(
            member_id=request.member_id, request=request, status=status, created_at=now
        )


def requests_for_member(member) -> list[RightsRequest]:
    """The member's requests, newest first, for the privacy centre: kind, status, due date and
    days left. Two queries whatever the number of rows (no encrypted column is read)."""
    return list(
        RightsRequest.objects.filter(member=member)
        .only(*LIST_FIELDS)
        .order_by("-received_at", "-id")
    )


def request_for_member(member, pk: int) -> RightsRequest | None:
    return RightsRequest.objects.filter(member=member, pk=pk).first()


def notices_for_member(member, limit: int = 20) -> list[RightsNotice]:
    return list(
        RightsNotice.objects.filter(member=member)
        .select_related("request")
        .only(
            "id",
            "status",
            "created_at",
            "read_at",
            "request",
            *(f"request__{f}" for f in LIST_FIELDS),
        )
        .order_by("-created_at", "-id")[:limit]
    )


def unread_notice_count(member) -> int:
    """`RightsNotice.objects.filter(member=member, read_at__isnull=True).count()`, which the
    member home asks on every visit, written out as the header's unread count is (building the
    ORM's query cost three times running it: issue 16, decision 0027)."""
    if member is None or not member.is_authenticated:
        return 0
    return sql.unread_count(RightsNotice, "member", member.pk)


def rights_notices_mark_read(*, member, request: RightsRequest | None = None, now=None) -> int:
    now = now or timezone.now()
    notices = RightsNotice.objects.filter(member=member, read_at__isnull=True)
    if request is not None:
        notices = notices.filter(request=request)
    return notices.update(read_at=now)
