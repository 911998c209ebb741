"""Reads of the quarterly self-audit for the officer's desk."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from privacy.audit.models import AuditReminder, QuarterlyAudit
from privacy.audit.quarters import Quarter


@dataclass(frozen=True)
class AuditDue:
    """The next quarterly audit to complete: the quarter it covers and the day it is due."""

    quarter: str  # "2026년 4분기"
    due: datetime.date
    overdue: bool
    url: str  # the admin page where it is prepared or completed


def audit_next_due_quarter(today: datetime.date) -> Quarter | None:
    """The quarter whose audit is due: the last quarter that has ended, unless its audit is
    completed. (An older quarter left without an audit is not chased forever: the list of
    audits shows the gap, and the officer's finding of the next audit records it.)"""
    quarter = Quarter.of(today).previous
    done = QuarterlyAudit.objects.filter(
        year=quarter.year, quarter=quarter.number, completed_at__isnull=False
    ).exists()
    return None if done else quarter


def audit_next_due(today: datetime.date) -> AuditDue | None:
    """The audit the officer should complete next, None if none is due. A quarter's audit
    becomes due when the quarter ends and is due by the 15th of the following month
    (privacy.audit.quarters.DUE_DAY). One query."""
    quarter = audit_next_due_quarter(today)
    if quarter is None:
        return None
    return AuditDue(
        quarter.label,
        quarter.due,
        today > quarter.due,
        reverse("admin:privacy_quarterlyaudit_quarter", args=[quarter.year, quarter.number]),
    )


def audit_for_quarter(quarter: Quarter) -> QuarterlyAudit | None:
    return QuarterlyAudit.objects.filter(year=quarter.year, quarter=quarter.number).first()


def audit_reminders_recent(limit: int = 10) -> list[AuditReminder]:
    return list(AuditReminder.objects.order_by("-created_at", "-id")[:limit])
