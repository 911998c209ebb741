"""A form renderer that writes Django's standard widgets in Python (docs/decisions/0026).

Django renders every widget through templates: an `<input>` is text.html including input.html
including attrs.html, a `<select>` one more include per option. On a page with many fields that
is most of the page's time (the profile editor: 81 widgets, half its CPU time). For the widgets
below this renderer builds the same markup in Python, byte for byte what the templates give
(tests/core/test_rendering.py compares the two for each of them); any other template — a
widget of ours, a radio list, a form or formset template — goes to the templates as usual.

It is the project's FORM_RENDERER, so every form uses it; `plain_widget_renderer` is an
instance for code that names a renderer (the tests compare it with Django's own).
"""

from html import escape

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
# Every stock widget template that is only `{% include "django/forms/widgets/input.html" %}`.
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "search",
        "tel",
        "color",
        "file",
    )
)
_OPTION = f"{_WIDGETS}select_option.html"
# What `{{ value }}` does in a template: localisation, str(), escaping unless already safe.
_CONTEXT = Context()


def _text(value) -> str:
    if type(value) is str:  # the common case: a plain str is escaped, as Django's escape() does
        return escape(value)
    return render_value_in_context(value, _CONTEXT)


def _s(value) -> str:
    # `{{ value|stringformat:'s' }}`: "%s" formatting, escaped unless the value was safe.
    text = "%s" % (value,)  # noqa: UP031 - exactly what the filter does
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    # attrs.html: False leaves the attribute out, True writes it bare.
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_s(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{_s(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_s(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None  # an option template of someone's own: let the templates do it
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def input_markup(widget: dict) -> str:
    """An `<input>` as input.html writes it, from a widget's context (or a BoundWidget's
    `data`, such as one radio button of a list): escaped, to be marked safe by the caller."""
    return _input(widget)


_RENDER = {
    **dict.fromkeys(_INPUTS, _input),
    f"{_WIDGETS}textarea.html": _textarea,
    f"{_WIDGETS}select.html": _select,
}


class PlainWidgetRenderer(DjangoTemplates):
    """Django's default renderer, with the standard widgets written in Python."""

    def render(self, template_name, context, request=None):
        render = _RENDER.get(template_name)
        widget = context.get("widget") if render else None
        # Only a widget's own context: extra keys would mean someone's get_context() adds
        # something a template of theirs shows.
        if widget is not None and len(context) == 1:
            html = render(widget)
            if html is not None:
                return mark_safe(html)  # every value above is escaped
        return super().render(template_name, context, request)


# One instance: a renderer builds its template engine once (a form given the class would build
# one per form).
plain_widget_renderer = PlainWidgetRenderer()
