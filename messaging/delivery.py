"""Delivery results, from the provider's webhook or from polling: applied once, whatever the
order or the number of times they arrive."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from messaging.gateways.base import Status
from messaging.models import Message, State

# The provider's delivery codes (research/kakaotalk-providers.md): 1000 delivered; 3005 sent but
# unconfirmed (may still change, up to 3 days); anything else final and not delivered.
DELIVERED = "1000"
NOT_FINAL = {"", "3005"}


def status_apply(status: Status) -> bool:
    """Record what the provider says of one message. True when this call changed the row.

    Matched by request id and recipient sequence, or by grouping key. A final result is
    recorded once: a duplicate webhook, or a poll after the webhook, changes nothing."""
    code = str(status.result_code or "")
    if code in NOT_FINAL or not (status.grouping_key or status.request_id):
        return False
    match = Q(grouping_key=status.grouping_key) if status.grouping_key else Q()
    if status.request_id:
        match |= Q(request_id=status.request_id, recipient_seq=status.recipient_seq)
    delivered = code == DELIVERED
    changed = Message.objects.filter(
        match, state__in=(State.ACCEPTED, State.SENDING, State.QUEUED)
    ).update(
        state=State.DELIVERED if delivered else State.UNDELIVERED,
        result_code=code,
        delivered_at=(status.updated_at or timezone.now()) if delivered else None,
        updated_at=timezone.now(),
    )
    return bool(changed)
