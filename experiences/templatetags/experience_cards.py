"""`{% experience_card card %}`: one card of the experience list (views._cards prepares what it
shows), written in Python rather than template markup evaluated per card: a member keeps
dozens to hundreds of experiences, and the list shows them all (issue 16)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def experience_card(card: dict) -> str:
    period = card["period"]
    period = f' <span class="xp-period">{escape(period)}</span>' if period else ""
    summary = card["summary"]
    summary = f'<p class="xp-card-summary">{escape(summary)}</p>' if summary else ""
    tags = card["tags"]
    if tags:
        items = "".join(f"<li>{escape(str(tag))}</li>" for tag in tags)
        tags = f'<ul class="chips" aria-label="역량 태그">{items}</ul>'
    else:
        tags = ""
    return mark_safe(  # every value is escaped
        '\n  <li class="xp-card">\n'
        f'    <h2 class="xp-card-title"><a href="{escape(card["url"])}">'
        f"{escape(card['title'])}</a></h2>\n"
        f'    <p class="xp-card-meta"><span class="xp-kind">{escape(str(card["kind"]))}</span>'
        f"{period}</p>\n"
        f"    {summary}\n"
        f"    {tags}\n"
        "  </li>\n  "
    )
