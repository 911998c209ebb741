"""The tracker's and calendar's dates: "12월 3일(목)", the weekday short as Koreans write it
(Django's "D" gives "목요일" in Korean); and the month grid, a row's next date and its stage
form, rendered here rather than by nested tags and includes: they were most of the calendar's
and the tracker's CPU time (issue 16)."""

import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.html import esc
from core.paths import pk_paths
from recruiting.tracker.models import Stage

register = template.Library()

WEEKDAYS = "월화수목금토일"


@register.filter
def short_weekday(day: datetime.date | None) -> str:
    return WEEKDAYS[day.weekday()] if day else ""


def _grid_entry(entry) -> str:
    when = f"<b>{entry.time:%H:%M}</b> " if entry.time else ""
    title = esc(entry.title)
    return (
        f'<a class="entry entry-{entry.kind}" href="{esc(entry.url)}" title="{title}">'
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


@register.simple_tag(takes_context=True)
def tracker_next(context, row) -> SafeString:
    """A row's next date: "12월 3일(목) 14:00 1차 면접", marked when it is today; "-" without.
    Ends in a newline, as the include it replaces did."""
    day = row.next_date
    if not day:
        return mark_safe('<span class="muted">-</span>\n')
    moment = day.isoformat() + (f"T{row.next_time:%H:%M}+09:00" if row.next_time else "")
    at = f" {row.next_time:%H:%M}" if row.next_time else ""
    html = f'<time datetime="{moment}">{day.month}월 {day.day}일({short_weekday(day)}){at}</time>'
    if row.next_what:
        html += f" {esc(row.next_what)}"
    if day == context.get("today"):
        html += ' <span class="tag">오늘</span>'
    return mark_safe(f"{html}\n")  # the one text, next_what, escaped above


@register.simple_tag(takes_context=True)
def stage_form(context, row, where: str) -> SafeString:
    """The form that moves a recorded application to another stage, keeping the list's sort
    and filter (`hidden_params`); `where` tells the card's from the table's."""
    paths = context.render_context.get("tracker_stage_paths")
    if paths is None:  # one reverse() for the whole list
        paths = context.render_context["tracker_stage_paths"] = pk_paths("recruiting:tracker_stage")
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(token)}">'
        if token and token != "NOTPROVIDED"  # noqa: S105 - Django's marker, no secret
        else ""
    )
    hidden = "".join(
        f'<input type="hidden" name="{esc(key)}" value="{esc(value)}">'
        for key, value in context.get("hidden_params", ())
    )
    options = "".join(
        f'<option value="{value}"{" selected" if value == row.stage else ""}>{label}</option>'
        for value, label in Stage.choices
    )
    field = f"stage-{esc(where)}-{row.pk}"
    return mark_safe(  # the company and the list's parameters escaped above
        f'<form method="post" action="{paths(row.pk)}" class="stage-form">\n'
        f"  {csrf}\n"
        f"  {hidden}\n"
        f'  <label class="visually-hidden" for="{field}">{esc(row.company)} 진행 단계</label>\n'
        f'  <select id="{field}" name="stage">\n'
        f"    {options}\n"
        "  </select>\n"
        '  <button class="button secondary small" type="submit">변경</button>\n'
        "</form>\n"
    )


@register.simple_tag
def agenda_days(agenda: list, today: datetime.date) -> SafeString:
    """The month's days that have entries, the list small screens show instead of the grid:
    each entry's time (or 하루 종일), kind, title linking to its page, and role."""
    days = []
    for day, day_entries in agenda:
        items = []
        for entry in day_entries:
            when = f"{entry.time:%H:%M}" if entry.time else "하루 종일"
            role = f' <span class="muted small">{esc(entry.role)}</span>' if entry.role else ""
            items.append(
                f'        <li class="entry-{entry.kind}"><a href="{esc(entry.url)}">'
                f'<span class="when">{when}</span> <span class="tag">{entry.kind_label}</span> '
                f"{esc(entry.title)}</a>{role}</li>\n"
            )
        current, tag = ("", "")
        if day == today:
            current, tag = ' class="today" aria-current="date"', ' <span class="tag">오늘</span>'
        days.append(
            f"    <li{current}>\n"
            f"      <h3>{day.month}월 {day.day}일({short_weekday(day)}){tag}</h3>\n"
            f"      <ul>\n{''.join(items)}      </ul>\n"
            "    </li>\n"
        )
    # titles, roles and paths escaped above
    return mark_safe(f'<ol class="agenda-days">\n{"".join(days)}  </ol>')
