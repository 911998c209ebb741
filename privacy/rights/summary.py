"""The privacy officer's summary page: open requests by kind and deadline, paused ones, the
latest reminders and the consent rates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from privacy.consents.models import ConsentRecord
from privacy.consents.purposes import Purpose
from privacy.rights.models import (
    LIST_FIELDS,
    OPEN_RIGHTS_STATUSES,
    RightsKind,
    RightsReminder,
    RightsRequest,
)


@dataclass(frozen=True)
class ConsentRate:
    purpose: str
    label: str
    granted: int
    members: int

    @property
    def percent(self) -> float:
        return round(100 * self.granted / self.members, 1) if self.members else 0.0


def consent_rates() -> list[ConsentRate]:
    """Per purpose, the share of members whose latest ledger row for it is a grant."""
    members = get_user_model().objects.members()
    total = members.count()
    rates = []
    for purpose in Purpose:
        latest = (
            ConsentRecord.objects.filter(member=models.OuterRef("pk"), purpose=purpose)
            .order_by("-recorded_at", "-id")
            .values("granted")[:1]
        )
        granted = members.annotate(latest=models.Subquery(latest)).filter(latest=True).count()
        rates.append(ConsentRate(purpose.value, purpose.label, granted, total))
    return rates


@dataclass(frozen=True)
class Summary:
    open_by_kind: dict[str, int]
    open_total: int
    overdue: list[RightsRequest]
    due_soon: list[RightsRequest]
    paused: int
    consent_rates: list[ConsentRate]
    reminders: list[RightsReminder]


def officer_summary(*, now: datetime.datetime | None = None) -> Summary:
    now = now or timezone.now()
    today = timezone.localdate(now)
    open_requests = list(
        RightsRequest.objects.filter(status__in=OPEN_RIGHTS_STATUSES)
        .only(*LIST_FIELDS)
        .order_by("due_date", "id")
    )
    by_kind = dict.fromkeys(RightsKind.labels, 0)
    for r in open_requests:
        by_kind[r.get_kind_display()] += 1
    return Summary(
        open_by_kind=by_kind,
        open_total=len(open_requests),
        overdue=[r for r in open_requests if r.days_left_on(today) < 0],
        due_soon=[r for r in open_requests if 0 <= r.days_left_on(today) <= 3],
        paused=sum(1 for r in open_requests if r.is_paused),
        consent_rates=consent_rates(),
        reminders=list(
            RightsReminder.objects.select_related("request").only(
                "id", "kind", "due_date", "created_at", "request", "request__id", "request__kind"
            )[:20]
        ),
    )
