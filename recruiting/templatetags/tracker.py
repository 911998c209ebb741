"""The tracker's and calendar's dates: "12월 3일(목)", the weekday short as Koreans write it
(Django's "D" gives "목요일" in Korean)."""

import datetime

from django import template

register = template.Library()

WEEKDAYS = "월화수목금토일"


@register.filter
def short_weekday(day: datetime.date | None) -> str:
    return WEEKDAYS[day.weekday()] if day else ""
