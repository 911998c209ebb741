from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from core.jobs import KST
from usage.models import UsageEvent

STATS_DAYS = 30


@dataclass(frozen=True)
class UsageStats:
    since: datetime.datetime
    daily: list[dict]  # {"day", "members"}
    weekly: list[dict]  # {"week", "members"}
    features: list[dict]  # {"page", "uses", "members"}


def usage_stats(*, now: datetime.datetime | None = None) -> UsageStats:
    """Aggregates only: distinct members per KST day and week, uses per URL name."""
    since = (now or timezone.now()) - datetime.timedelta(days=STATS_DAYS)
    events = UsageEvent.objects.filter(at__gte=since)
    daily = list(
        events.annotate(day=TruncDate("at", tzinfo=KST))
        .values("day")
        .annotate(members=Count("member_id", distinct=True))
        .order_by("day")
    )
    weekly = list(
        events.annotate(week=TruncWeek("at", tzinfo=KST))
        .values("week")
        .annotate(members=Count("member_id", distinct=True))
        .order_by("week")
    )
    features = list(
        events.values("page")
        .annotate(uses=Count("id"), members=Count("member_id", distinct=True))
        .order_by("-uses", "page")[:100]
    )
    return UsageStats(since=since, daily=daily, weekly=weekly, features=features)
