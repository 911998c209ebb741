"""Rights requests' deadlines, and the staff's reminders of them (daily job).

개인정보 보호법 제35조 (열람), 제36조 (정정·삭제), 제37조 (처리정지); 시행령 제41조·제43조·제44조:
answered within 10 days. We count 10 KST calendar days from the day after receipt, and the
clock stands still while we wait on the requester (docs/decisions/0005-rights-requests.md).
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from privacy.rights.models import (
    LIST_FIELDS,
    OPEN_RIGHTS_STATUSES,
    ReminderKind,
    RightsReminder,
    RightsRequest,
)

logger = logging.getLogger(__name__)

DUE_DAYS = 10


def due_date_for(received_at: datetime.datetime, paused_days: int = 0) -> datetime.date:
    """민법 제157조: the day of receipt is not counted, so a request received on 3 March (KST)
    is due on 13 March. Paused days are added back."""
    return timezone.localdate(received_at) + datetime.timedelta(days=DUE_DAYS + paused_days)


def _reminder_kind(days_left: int) -> str | None:
    if days_left < 0:
        return ReminderKind.OVERDUE
    if days_left <= 1:
        return ReminderKind.D1
    if days_left <= 3:
        return ReminderKind.D3
    return None


def rights_reminders_send(*, now: datetime.datetime | None = None) -> list[RightsReminder]:
    """Remind staff of requests at D-3, D-1 and overdue (the most urgent one that applies,
    once per request per kind). Paused requests are skipped: their clock is stopped."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = []
    open_requests = RightsRequest.objects.filter(
        status__in=OPEN_RIGHTS_STATUSES,
        paused_at__isnull=True,
        due_date__lte=today + datetime.timedelta(days=3),
    ).only(*LIST_FIELDS)
    for request in open_requests:
        days_left = (request.due_date - today).days
        kind = _reminder_kind(days_left)
        if kind is None:
            continue
        try:
            with transaction.atomic():
                reminder = RightsReminder.objects.create(
                    request=request, kind=kind, due_date=request.due_date, created_at=now
                )
        except IntegrityError:  # sent already (or by a concurrent run)
            continue
        logger.info(
            "rights request %s (%s): reminder %s, due %s",
            request.pk,
            request.kind,
            kind,
            request.due_date.isoformat(),
        )
        sent.append(reminder)
    return sent
