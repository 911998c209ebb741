"""Escaping for markup written in Python, where a page's hot loop builds it instead of a
template (issue 16; decisions 0026 and 0027).

`esc(value)` writes what `{{ value }}` writes for a value that needs no localisation: markup
that is already safe (`__html__`, a SafeString, a lazy string whose result is safe) as it is,
anything else as text, escaped. A plain str, the common case, takes Python's own escape, which
is exactly Django's without its wrappers: a list of forty entries calls this hundreds of times.
"""

from html import escape

from django.utils.html import conditional_escape


def esc(value) -> str:
    if type(value) is str:
        return escape(value)
    return conditional_escape(value)
