"""`{% remember name=value ... %}…{% endremember %}`: a fragment rendered once, then answered from
memory.

The frame of every page (base.html) repeats parts that depend on nothing a request brings: the
tab bar, the footer's links, the stylesheet and script tags. Rendering them is a dozen `{% url %}`
and `{% static %}` calls and as many nodes per page, a fifth of what the frame costs (issue 16).
Inside `{% remember %}` they are rendered once per process for each combination of the values
named on the tag, the URLconf, the script prefix and the active language, and written from
memory after.

What keeps one member's data off another member's page is not care but construction: the body
is rendered with a context holding only the named values — not the page's context, its user or
its request — so it cannot show anything else. The values must be plain (strings, integers,
booleans, None); anything else renders the body afresh each time, still with only those values.
Tags that need the page refuse to be remembered when the template is parsed: `{% csrf_token %}`
(a token per session) and `{% block %}` (a child template's content).

The memory is cleared on every setting change (tests that swap the URLconf or the static
storage), and bounded: past MEMORY_SIZE fragments it starts again.
"""

from __future__ import annotations

import itertools

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import token_kwargs
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

MEMORY_SIZE = 1024
PLAIN = frozenset({str, SafeString, int, bool, type(None)})

_memory: dict[tuple, SafeString] = {}
_node_ids = itertools.count()


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _memory.clear()


class RememberNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values
        # Not id(self): a node parsed later could reuse a freed node's id and be answered with
        # its fragment.
        self.node_id = next(_node_ids)

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.values.items()}
        if not all(type(v) in PLAIN for v in values.values()):
            return self._render(values, context)
        key = (
            self.node_id,
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            get_language(),
            context.autoescape,
            tuple(sorted(values.items())),
        )
        html = _memory.get(key)
        if html is None:
            html = mark_safe(self._render(values, context))
            if len(_memory) >= MEMORY_SIZE:
                _memory.clear()
            _memory[key] = html
        return html

    def _render(self, values: dict, context) -> str:
        """The body with only `values` in its context (the page's escaping and formats)."""
        isolated = template.Context(
            values, autoescape=context.autoescape, use_l10n=context.use_l10n, use_tz=context.use_tz
        )
        with isolated.bind_template(context.template):  # the engine, for an {% include %}
            return self.nodelist.render(isolated)


@register.tag
def remember(parser, token):
    """{% remember here=request.resolver_match.app_name %}…{% endremember %}"""
    bits = token.split_contents()[1:]
    values = token_kwargs(bits, parser, support_legacy=False)
    if bits:
        raise template.TemplateSyntaxError(
            "'remember' takes name=value pairs only: the values its body may use"
        )
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    for kind, name in ((CsrfTokenNode, "csrf_token"), (BlockNode, "block")):
        if nodelist.get_nodes_by_type(kind):
            raise template.TemplateSyntaxError(
                f"{{% {name} %}} cannot be inside {{% remember %}}: it depends on the page"
            )
    return RememberNode(nodelist, values)
