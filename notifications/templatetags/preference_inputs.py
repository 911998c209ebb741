"""The settings page's radio buttons written here: `{{ radio.tag }}` renders each through
Django's template-based widget renderer (three templates an input), a quarter of the page's
CPU time (issue 16). The markup is core.rendering's, the same as input.html writes."""

from django import template
from django.forms.boundfield import BoundWidget
from django.utils.safestring import SafeString, mark_safe

from core.rendering import input_markup

register = template.Library()


@register.filter
def radio_input(radio: BoundWidget) -> SafeString:
    """The <input> of `radio.tag`, attribute for attribute, in Django's order."""
    return mark_safe(input_markup(radio.data))  # every name and value escaped there
