"""core.html.esc writes what a template's `{{ value }}` writes (autoescape on)."""

import pytest
from django.template import Context, Template
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.html import esc

TEMPLATE = Template("{{ value }}")


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert('x')</script> & \"quoted\"",
        "한글 그대로",
        mark_safe("<b>이미 안전</b>"),
        gettext_lazy("<기본>"),
        lazy(mark_safe, str)("<i>lazy safe</i>"),
        7,
        "",
    ],
    ids=["hostile", "korean", "safe", "lazy", "lazy-safe", "int", "empty"],
)
def test_esc_is_what_the_template_writes(value):
    assert esc(value) == TEMPLATE.render(Context({"value": value}))
