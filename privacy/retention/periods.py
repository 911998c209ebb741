"""Months of the ledger, in KST (the TIME_ZONE): an entry made at 03:54 KST on the 3rd belongs
to the 3rd and to its month, whatever the UTC date was."""

from __future__ import annotations

import datetime

from django.utils import timezone


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    first = month_start(day)
    return (first + datetime.timedelta(days=32)).replace(day=1)


def previous_month(day: datetime.date) -> datetime.date:
    return month_start(month_start(day) - datetime.timedelta(days=1))


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in the current time zone (KST), aware."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def month_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the KST month holding `day`, as aware datetimes."""
    return day_start(month_start(day)), day_start(next_month(day))


def month_label(day: datetime.date) -> str:
    return f"{day.year}년 {day.month}월"
