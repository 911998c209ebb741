from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone

from usage.models import UsageEvent
from usage.useragent import parse_user_agent


def usage_record(*, request: HttpRequest, page: str) -> UsageEvent:
    """One event: the URL name and method only; never the path, query string or body."""
    device = parse_user_agent(request.headers.get("User-Agent", ""))
    return UsageEvent.objects.create(
        member_id=request.user.pk,
        page=page[:120],
        method=request.method or "",
        os=device.os[:40],
        device=device.model[:60],
    )


def usage_mark_withdrawn(*, member_id: int, now: datetime.datetime | None = None) -> int:
    """At withdrawal: start the member's usage records' 3-month clock."""
    return UsageEvent.objects.filter(member_id=member_id, withdrawn_at__isnull=True).update(
        withdrawn_at=now or timezone.now()
    )
