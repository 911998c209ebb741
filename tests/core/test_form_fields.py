"""`{% form_field %}` (which includes/field.html now calls) writes exactly what the field template
wrote when it was markup: the reference below is that template, kept here as the tag's
specification."""

from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.utils.safestring import mark_safe

from core.forms import KoreanForm
from core.rendering import plain_widget_renderer


class Sample(KoreanForm):
    name = forms.CharField(label="이름 <필수>", max_length=5, help_text="도움말 & 안내")
    nickname = forms.CharField(label="별명", required=False)
    agree = forms.BooleanField(label="동의해요", required=False)
    ongoing = forms.BooleanField(label="진행 중", required=True)
    kind = forms.ChoiceField(label="종류", choices=[("", "골라 주세요"), ("a", "A")])
    story = forms.CharField(
        label="이야기", widget=forms.Textarea, help_text=mark_safe("<b>굵게</b>")
    )
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


# includes/field.html as it was, markup only: the tag's specification.
REFERENCE = Template(
    "{% for field in form %}"
    + (Path(__file__).parent / "field_reference.html").read_text()
    + "{% endfor %}"
)
INCLUDE = Template('{% for field in form %}{% include "includes/field.html" %}{% endfor %}')
TAG = Template("{% load form_fields %}{% for field in form %}{% form_field field %}{% endfor %}")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": "너무 긴 이름이에요", "agree": "on", "kind": "x", "story": "<script>"},
        {"name": "짧게", "ongoing": "on", "kind": "a", "story": "좋아요"},
    ],
    ids=["unbound", "empty", "invalid", "valid"],
)
@pytest.mark.parametrize("renderer", [None, plain_widget_renderer], ids=["templates", "plain"])
def test_form_field_tag_writes_what_field_html_writes(data, renderer):
    form = Sample(data, renderer=renderer, prefix="p")
    expected = REFERENCE.render(Context({"form": form}))
    assert TAG.render(Context({"form": form})) == expected
    assert INCLUDE.render(Context({"form": form})) == expected
    assert 'class="field' in expected


def test_a_missing_field_writes_nothing():
    assert TAG.render(Context({"form": [""]})) == ""
    assert Template('{% include "includes/field.html" %}').render(Context({})) == ""
