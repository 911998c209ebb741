"""`{% experience_card card %}`: one card of the experience list (views._cards prepares what it
shows), written in Python rather than template markup evaluated per card: a member keeps
dozens to hundreds of experiences, and the list shows them all (issue 16)."""

from django import template
from django.utils.safestring import mark_safe

from core.html import esc

register = template.Library()


@register.simple_tag
def experience_card(card: dict) -> str:
    period = card["period"]
    period = f' <span class="xp-period">{esc(period)}</span>' if period else ""
    summary = card["summary"]
    summary = f'<p class="xp-card-summary">{esc(summary)}</p>' if summary else ""
    tags = card["tags"]
    if tags:
        items = "".join(f"<li>{esc(tag)}</li>" for tag in tags)
        tags = f'<ul class="chips" aria-label="역량 태그">{items}</ul>'
    else:
        tags = ""
    return mark_safe(  # every value is escaped
        '\n  <li class="xp-card">\n'
        f'    <h2 class="xp-card-title"><a href="{esc(card["url"])}">'
        f"{esc(card['title'])}</a></h2>\n"
        f'    <p class="xp-card-meta"><span class="xp-kind">{esc(card["kind"])}</span>'
        f"{period}</p>\n"
        f"    {summary}\n"
        f"    {tags}\n"
        "  </li>\n  "
    )
