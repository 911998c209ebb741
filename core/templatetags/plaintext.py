"""`{{ value|plain }}`: stored text without the control characters a page cannot show
(core.text.xml_safe); a vertical tab or form feed pasted from a word processor becomes a line
break. For exports a member reads or prints, whatever was stored before input was normalised."""

from django import template

from core.text import xml_safe

register = template.Library()


@register.filter
def plain(value) -> str:
    return xml_safe(value if isinstance(value, str) else str(value or ""))
