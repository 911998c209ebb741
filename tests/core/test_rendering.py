"""core.rendering.PlainWidgetRenderer writes exactly what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.rendering import PlainWidgetRenderer

TEMPLATES = DjangoTemplates()
PLAIN = PlainWidgetRenderer()

ATTRS = {
    "class": 'a "quoted" <class>',
    "data-flag": True,
    "data-off": False,
    "maxlength": 100,
    "placeholder": gettext_lazy("Search"),
    "data-safe": mark_safe("<b>"),
}
CHOICES = [("", "선택해 주세요"), ("a", "A & B"), (1, 2), ("x", mark_safe("<i>x</i>"))]
GROUPED = [("그룹 <1>", [("g1", "하나"), ("g2", "둘")]), ("solo", "혼자"), ("", "빈 값")]
VALUES = [
    None,
    "",
    "평범한 글",
    "<script>\"&'</script>",
    mark_safe("<b>safe</b>"),
    0,
    42,
    3.5,
    datetime.date(2024, 3, 1),
    True,
    False,
    ("a", 1),
]
WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs=ATTRS),
    forms.NumberInput(attrs={"min": 0}),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.DateInput(attrs={"type": "month", "placeholder": "2024-03"}, format="%Y-%m"),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.CheckboxInput(),
    forms.CheckboxInput(attrs={"data-current": ""}),
    forms.SearchInput(),
    forms.TelInput(),
    forms.ColorInput(),
    forms.FileInput(),
    forms.Textarea(),
    forms.Textarea(attrs={"rows": 4, "data-counter": ""}),
    forms.Select(choices=CHOICES),
    forms.Select(choices=GROUPED, attrs=ATTRS),
    forms.Select(choices=[]),
    forms.NullBooleanSelect(),
    forms.SelectMultiple(choices=GROUPED),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_plain_renderer_writes_what_the_templates_write(widget, value):
    if isinstance(widget, forms.SelectMultiple) and value is not None:
        value = [value, "g2"]
    attrs = {"id": "id_field", "aria-describedby": "id_field_helptext"}
    expected = widget.render("field", value, attrs=attrs, renderer=TEMPLATES)
    assert widget.render("field", value, attrs=attrs, renderer=PLAIN) == expected


def test_plain_renderer_leaves_other_templates_to_the_templates():
    widget = forms.RadioSelect(choices=CHOICES)
    expected = widget.render("field", "a", renderer=TEMPLATES)
    assert widget.render("field", "a", renderer=PLAIN) == expected

    class Form(forms.Form):
        name = forms.CharField(help_text="도움말")

    assert str(Form(renderer=PLAIN)) == str(Form(renderer=TEMPLATES))


def test_a_select_with_an_option_template_of_its_own_goes_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Custom(choices=CHOICES)
    expected = widget.render("field", "a", renderer=TEMPLATES)
    assert widget.render("field", "a", renderer=PLAIN) == expected


def test_the_standard_widgets_are_written_without_a_template():
    class NoTemplates(PlainWidgetRenderer):
        def get_template(self, template_name):
            raise AssertionError(f"loaded {template_name}")

    renderer = NoTemplates()
    for widget in (forms.TextInput(), forms.Textarea(), forms.CheckboxInput()):
        widget.render("field", "x", renderer=renderer)
    forms.Select(choices=GROUPED).render("field", "g1", renderer=renderer)
