"""`{% entry_row form label number %}`: one 학력/경력 row of the edit page, also the `<template>`
JavaScript clones for a new row (static/js/profile-form.js finds it by its data- attributes).

Written in Python rather than a template included per row: the editor shows up to 20 rows of
each kind plus the two blank ones, and each included row cost more than its widgets
(docs/decisions/0026). Each field inside is `{% form_field %}`'s block.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from core.html import esc as _e
from core.templatetags.form_fields import form_field

register = template.Library()


@register.simple_tag
def entry_row(form, label: str, number) -> str:
    label = _e(label)
    hidden = "".join(_e(field) for field in form.hidden_fields())
    parts = [
        '\n<fieldset class="entry" data-row>\n'
        f"  <legend>{label} <span data-row-number>{_e(number)}</span></legend>\n"
        f"  {hidden}\n  "
    ]
    id_errors, row_errors = form["id"].errors, form.non_field_errors()
    if row_errors or id_errors:
        id_items = "".join(f"<li>{_e(e)}</li>" for e in id_errors)
        row_items = "".join(f"<li>{_e(e)}</li>" for e in row_errors)
        parts.append(
            '\n    <ul class="errorlist" role="alert">\n'
            f"      {id_items}\n      {row_items}\n    </ul>\n  "
        )
    delete = form["DELETE"]
    parts.append(
        f'\n  <label class="check entry-remove" for="{_e(delete.id_for_label)}">{_e(delete)} '
        "<span>삭제</span></label>\n"
        f'  <p class="entry-removed-note small">저장하면 이 {label}이 삭제돼요. '
        "되돌리려면 ‘삭제’ 체크를 풀어 주세요.</p>\n"
        '  <div class="entry-fields">\n    '
    )
    for field in form.visible_fields():
        parts.append("\n      ")
        if field.name != "DELETE":
            opening = '<div class="row dates">' if field.name == "start_date" else ""
            closing = "</div>" if field.name == "end_date" else ""
            parts.append(
                f"\n        {opening}\n        {form_field(field)}\n        {closing}\n      "
            )
        parts.append("\n    ")
    parts.append("\n  </div>\n</fieldset>\n")
    return mark_safe("".join(parts))  # every value above is escaped


_blank_rows: dict[tuple, str] = {}


@register.simple_tag
def blank_entry_row(formset, label: str) -> str:
    """The `<template>` row JavaScript clones for "추가": the formset's unbound empty form,
    the same for every member and page (EntryFormSet.add_fields leaves the profile out of it),
    so written once per process and kind of row, except in development, where the code that
    writes it changes under a running server."""
    if settings.DEBUG:
        return entry_row(formset.empty_form, label, "__number__")
    key = (type(formset), formset.prefix, label)
    row = _blank_rows.get(key)
    if row is None:
        row = _blank_rows[key] = entry_row(formset.empty_form, label, "__number__")
    return row
