"""Reads of the quarterly self-audit for the officer's desk."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditDue:
    """The next quarterly audit to complete: the quarter it covers and the day it is due."""

    quarter: str  # "2026년 4분기"
    due: datetime.date
    overdue: bool
    url: str  # the admin page where it is prepared or completed


def audit_next_due(today: datetime.date) -> AuditDue | None:
    """The audit the officer should complete next, None if none is due. (Interface: the
    audit part fills this in.)"""
    quarter = (today.month - 1) // 3 + 1
    end_month = quarter * 3
    next_first = datetime.date(today.year + (end_month == 12), end_month % 12 + 1, 1)
    due = next_first - datetime.timedelta(days=1)
    return AuditDue(f"{today.year}년 {quarter}분기", due, today > due, "")
