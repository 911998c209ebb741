"""The tracker's and calendar's dates: "12월 3일(목)", the weekday short as Koreans write it
(Django's "D" gives "목요일" in Korean); and the month grid, rendered here rather than cell by
cell in the template: 35 to 42 cells of nested tags were most of the calendar page's CPU time
(issue 16)."""

import datetime

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

WEEKDAYS = "월화수목금토일"


@register.filter
def short_weekday(day: datetime.date | None) -> str:
    return WEEKDAYS[day.weekday()] if day else ""


def _grid_entry(entry) -> str:
    when = f"<b>{entry.time:%H:%M}</b> " if entry.time else ""
    title = escape(entry.title)
    return (
        f'<a class="entry entry-{entry.kind}" href="{escape(entry.url)}" title="{title}">'
        f"{when}{entry.kind_label} · {title}</a>"
    )


@register.simple_tag
def month_grid_rows(grid: list[list[dict]], today: datetime.date) -> SafeString:
    """The month table's rows: a cell per day (days of the next and previous months marked
    `outside`), today marked for screen readers too, each entry a link to its page."""
    rows = []
    for week in grid:
        cells = []
        for cell in week:
            day = cell["date"]
            is_today = day == today
            css = ("" if cell["in_month"] else "outside") + (" today" if is_today else "")
            current = ' aria-current="date"' if is_today else ""
            hidden = '<span class="visually-hidden"> (오늘)</span>' if is_today else ""
            entries = "".join(_grid_entry(entry) for entry in cell["entries"])
            cells.append(
                f'<td class="{css}"{current}><span class="day-number">{day.day}{hidden}</span>'
                f"{entries}</td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # every value above is escaped or ours
