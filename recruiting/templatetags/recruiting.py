"""The recruiting pages' menu and the postings list, rendered in Python: an {% include %} of
five {% url %} tags cost every recruiting page more than its own list, and the postings' rows
with a {% url %} each most of that page (issue 16)."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from core.html import esc
from core.paths import pk_paths

register = template.Library()

MENU = (
    ("postings", "채용 공고"),
    ("applications", "지원 내역"),
    ("offers", "입사 제안"),
    ("tracker", "지원 관리"),
    ("calendar", "일정 캘린더"),
)


@register.simple_tag
def recruiting_nav(current: str) -> SafeString:
    links = []
    for name, label in MENU:
        css, current_page = ("", ' aria-current="page"') if name == current else ("secondary", "")
        url = reverse(f"recruiting:{name}")
        links.append(f'  <a class="button {css}" href="{url}"{current_page}>{label}</a>\n')
    # Only our constant labels and reversed paths of our own URLconf go in.
    return mark_safe(f'<nav class="row" aria-label="채용 메뉴">\n{"".join(links)}</nav>\n')


@register.simple_tag
def posting_rows(postings) -> SafeString:
    """A card per posting (recruiting.selectors.posting_list_open's values): its title linking
    to it, the company, the job and the deadline (상시 모집 without one)."""
    posting_url = pk_paths("recruiting:posting")
    rows = []
    for posting in postings:
        if deadline := posting["deadline"]:
            when = f"마감 {date_format(deadline, 'Y.m.d (D)')}"
            if posting["deadline_time"]:
                when += f" {posting['deadline_time']:%H:%M}"
        else:
            when = "상시 모집"
        url = posting_url(posting["pk"])
        rows.append(
            '  <li class="card">\n'
            f'    <a class="item-link" href="{url}">{esc(posting["title"])}</a>\n'
            f'    <p class="meta">{esc(posting["company__name"])} · {esc(posting["job"])} · '
            f"{when}</p>\n"
            "  </li>\n"
        )
    return mark_safe("".join(rows))  # titles, names and jobs escaped above
