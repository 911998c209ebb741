"""Overdue engagements: the queue staff work from, and the flag that tells them once.

An engagement is overdue when the consultant accepted it (the turnaround clock started), has
not delivered, and its due time has passed. The staff desk's "기한 초과" filter shows the queue
as it is now; the daily sweep (consulting.tasks) flags each overdue engagement once, stamping
`overdue_flagged_at` with a conditional UPDATE so two runners never both notify, and tells the
staff who look after consulting and the consultant.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from consulting.models import Engagement, EngagementState
from consulting.notices import tell_consultant, when_text
from notifications.services import notify

# The states in which the consultant owes the member work against the due time. A revision
# round and a delivered engagement are past the first turnaround; requested has no clock yet.
OVERDUE_STATES = (
    EngagementState.ACCEPTED,
    EngagementState.IN_REVIEW,
    EngagementState.SCHEDULED,
)
# Staff who may see engagements in the admin are the ones told.
STAFF_PERMISSION = "consulting.view_engagement"
SWEEP_BATCH = 200


def engagements_overdue(now: datetime.datetime) -> QuerySet[Engagement]:
    return Engagement.objects.filter(state__in=OVERDUE_STATES, due_at__lt=now)


def consulting_staff():
    """Active staff who may see engagements (directly, by group, or as superusers)."""
    return ModelBackend().with_perm(STAFF_PERMISSION, include_superusers=True).filter(is_staff=True)


def _flag_one(engagement: Engagement, staff: list, *, now: datetime.datetime) -> bool:
    claimed = Engagement.objects.filter(
        pk=engagement.pk, overdue_flagged_at__isnull=True, state__in=OVERDUE_STATES
    ).update(overdue_flagged_at=now)
    if not claimed:
        return False
    due = when_text(engagement.due_at)
    admin_url = reverse("admin:consulting_engagement_change", args=[engagement.pk])
    for person in staff:
        notify(
            person,
            "consulting.overdue",
            text=f"컨설팅 요청 #{engagement.pk}의 기한({due})이 지났어요. 확인해 주세요.",
            key=f"consulting.overdue:{engagement.pk}:{person.pk}",
            url=admin_url,
        )
    tell_consultant(
        engagement,
        "overdue",
        (
            f"컨설팅 요청 #{engagement.pk}의 기한({due})이 지났어요. "
            "회원에게 피드백을 서둘러 전해 주세요."
        ),
        key=f"{engagement.pk}:{engagement.consultant_id}",
    )
    return True


def engagements_flag_overdue(*, now: datetime.datetime) -> int:
    """Flag every overdue engagement not flagged yet, and tell staff and its consultant once.
    How many were flagged."""
    staff = list(consulting_staff())
    flagged = 0
    while True:
        with transaction.atomic():
            batch = list(
                engagements_overdue(now)
                .filter(overdue_flagged_at__isnull=True)
                .select_related("consultant")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("due_at", "pk")[:SWEEP_BATCH]
            )
            for engagement in batch:
                flagged += _flag_one(engagement, staff, now=now)
        if len(batch) < SWEEP_BATCH:
            return flagged
