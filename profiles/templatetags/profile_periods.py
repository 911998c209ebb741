"""`{% entry_period start end current %}`: a 학력/경력 period as Korean résumés write it —
2020.03 ~ 2024.02, 2023.07 ~ 재직 중 — in Python, not a template included per entry."""

import datetime

from django import template

register = template.Library()


def _month(day: datetime.date) -> str:
    return f"{day.year:04d}.{day.month:02d}"  # the date filter's "Y.m"


@register.simple_tag
def entry_period(
    start: datetime.date | None, end: datetime.date | None, current: bool = False
) -> str:
    if start:
        if current:
            return f"{_month(start)} ~ 재직 중"
        return f"{_month(start)} ~ {_month(end)}" if end else f"{_month(start)} ~"
    if current:
        return "재직 중"
    return f"~ {_month(end)}" if end else "~ "
