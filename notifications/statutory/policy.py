"""The policy change notice to every member, in batches a job can resume."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef

from accounts.models import User
from notifications.models import Notification
from notifications.services import notify
from notifications.statutory.dates import full_day_text
from privacy.api import PolicyChange, policy_changes_to_announce

KIND = "privacy.policy_change"
BATCH = 500


def _prefix(change: PolicyChange) -> str:
    return f"{KIND}:{change.version}:"


def members_to_tell(change: PolicyChange, *, after: int = 0):
    """Members still with us, not yet told of this version, in pk order from `after`."""
    told = Notification.objects.filter(recipient=OuterRef("pk"), key__startswith=_prefix(change))
    return (
        User.objects.members()
        .filter(is_active=True, withdrawn_at__isnull=True, pk__gt=after)
        .exclude(Exists(told))
        .order_by("pk")
    )


def policy_change_notify_batch(change: PolicyChange, *, after: int = 0) -> tuple[int, int | None]:
    """Tell up to BATCH members: (how many were told, the last member's pk or None when
    nobody was left)."""
    members = list(members_to_tell(change, after=after)[:BATCH])
    day = full_day_text(change.effective_date)
    told = 0
    for member in members:
        told += (
            notify(
                member,
                KIND,
                text=f"개인정보 처리방침이 {day}부터 바뀌어요. 무엇이 바뀌는지 미리 확인해 주세요.",
                key=f"{_prefix(change)}{member.pk}",
                url=change.url,
                params={"시행일": day},
            )
            is not None
        )
    return told, (members[-1].pk if members else None)


def policy_changes_due(day: datetime.date, version: str | None = None) -> list[PolicyChange]:
    return [c for c in policy_changes_to_announce(day) if version in (None, c.version)]
