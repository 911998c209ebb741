from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from core.jobs import KST
from usage.models import UsageEvent

STATS_DAYS = 30


@dataclass(frozen=True)
class UsageStats:
    since: datetime.datetime
    min_group: int
    # A count is None when its group has fewer than min_group distinct members.
    daily: list[dict]  # {"day", "members"}
    weekly: list[dict]  # {"week", "members"}
    features: list[dict]  # {"page", "uses", "members"}

    @property
    def below_min_group(self) -> str:
        return f"{self.min_group}명 미만"


def _suppress_small_groups(rows: list[dict], min_group: int, *counts: str) -> list[dict]:
    # Suppressed here, not in the template: the numbers never reach the page or its context.
    for row in rows:
        if row["members"] < min_group:
            row.update(dict.fromkeys(counts))
    return rows


def usage_stats(*, now: datetime.datetime | None = None) -> UsageStats:
    """Aggregates only: distinct members per KST day and week, uses per URL name; every group
    smaller than USAGE_STATS_MIN_GROUP members has its counts withheld."""
    min_group = settings.USAGE_STATS_MIN_GROUP
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
        # Withheld rows come last in name order: ranked by uses among the others, their place
        # in the list would tell their use count within a range.
        .alias(
            small=Case(
                When(members__lt=min_group, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            shown_uses=Case(When(members__gte=min_group, then=F("uses")), default=Value(0)),
        )
        .order_by("small", "-shown_uses", "page")[:100]
    )
    return UsageStats(
        since=since,
        min_group=min_group,
        daily=_suppress_small_groups(daily, min_group, "members"),
        weekly=_suppress_small_groups(weekly, min_group, "members"),
        features=_suppress_small_groups(features, min_group, "uses", "members"),
    )
