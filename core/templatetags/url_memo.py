"""`{% url %}` that remembers: the same reverse, asked again, is answered from memory.

Every page's frame (base.html) reverses about fifteen fixed URLs, and lists reverse one per row;
Django's `reverse()` walks the resolver's candidates and quotes each time (about 12 µs), which
came to a tenth of a signed-in page's CPU time (issue 16, decision 0027). A URL is a pure
function of the URLconf, the script prefix, the active language (for translated patterns), the
current app and the arguments, so the answer is kept, keyed by all of them, for arguments that
are plain strings and integers (anything else — a model instance, a lazy string — is reversed
as before). The URLconf does not change while a
process serves; tests that swap it (override_settings) change the key, and the memory is
cleared on every setting change anyway.

Installed as a template builtin (settings.TEMPLATES), so it replaces Django's own tag in every
template with the same syntax and errors (`NoReverseMatch` is never remembered).
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

MEMORY_SIZE = 4096


@lru_cache(maxsize=MEMORY_SIZE)
def _reverse(urlconf, prefix, language, current_app, view_name, args, kwargs) -> str:
    # `prefix` and `language` are part of the key only: reverse() reads the thread's own (the
    # language would matter to translated or language-prefixed patterns, which we have none of).
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


PLAIN = frozenset({str, SafeString, int})  # a template's 'literal' is a SafeString


def _plain(value) -> bool:
    return type(value) in PLAIN


def remembered_reverse(view_name, args=(), kwargs=None, current_app=None) -> str:
    kwargs = kwargs or {}
    if not (
        _plain(view_name)
        and all(_plain(v) for v in args)
        and all(_plain(v) for v in kwargs.values())
    ):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reverse(
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
        current_app,
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
    )


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _reverse.cache_clear()


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context):
        from django.urls import NoReverseMatch

        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = remembered_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's `{% url %}`, same syntax (django.template.defaulttags.url)."""
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
