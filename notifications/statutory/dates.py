import datetime

from django.utils import timezone


def day_text(value: datetime.date | datetime.datetime) -> str:
    """ "12월 12일", in KST for a moment."""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return f"{value.month}월 {value.day}일"


def full_day_text(value: datetime.date) -> str:
    return f"{value.year}년 {value.month}월 {value.day}일"
