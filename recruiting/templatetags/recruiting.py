"""The recruiting pages' menu, rendered in Python: an {% include %} of five {% url %} tags cost
every recruiting page more than its own list (issue 16)."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

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
