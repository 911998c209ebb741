"""`{% form_field field %}`: the markup of includes/field.html, written in Python.

A page that shows many fields (the profile editor: some 60) spends more on including
field.html per field than on anything else but the widgets (docs/decisions/0026). This writes
the same bytes — label, widget, help and errors tied together for screen readers;
tests/core/test_form_fields.py renders both for each kind of field and compares them. Change
one, change the other.
"""

from django import template
from django.forms import BoundField
from django.utils.safestring import mark_safe

from core.html import esc as _e

register = template.Library()


@register.simple_tag
def form_field(field) -> str:
    if not isinstance(field, BoundField):
        # A variable the template does not have resolves to "": nothing to write, as a
        # template writes nothing for a missing variable (the field's markup would be empty).
        return ""
    errors = field.errors
    label = _e(field.label)
    for_label = _e(field.id_for_label)
    parts = [f'\n<div class="field{" has-error" if errors else ""}">\n  ']
    if field.widget_type == "checkbox":
        parts.append(
            f'\n    <label class="check" for="{for_label}">{_e(field)} <span>{label}</span>'
            "</label>\n  "
        )
    else:
        required = ' <span class="tag required">필수</span>' if field.field.required else ""
        parts.append(
            f'\n    <label for="{for_label}">{label}{required}</label>\n    {_e(field)}\n  '
        )
    parts.append("\n  ")
    if field.help_text:
        parts.append(
            f'<p class="help small muted" id="{_e(field.auto_id)}_helptext">'
            f"{_e(field.help_text)}</p>"
        )
    parts.append("\n  ")
    if errors:
        items = "".join(f"<li>{_e(e)}</li>" for e in errors)
        parts.append(
            f'<ul class="errorlist" id="{_e(field.auto_id)}_error" role="alert">{items}</ul>'
        )
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))  # every value above is escaped
