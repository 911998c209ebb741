"""Paths of a list's rows from one reverse(): reverse() costs about as much as rendering a row,
so a {% url %} or get_absolute_url() per row was a large part of the list pages (issue 16)."""

from collections.abc import Callable

from django.urls import reverse

# No real pk, and digits only, as the <int:pk> converter wants.
_MARKER = 2_147_483_647


def pk_paths(name: str) -> Callable[[object], str]:
    """pk -> the path `reverse(name, args=[pk])` gives, for a URL named `name` whose one
    argument is the pk."""
    head, _, tail = reverse(name, args=[_MARKER]).rpartition(str(_MARKER))
    return lambda pk: f"{head}{pk}{tail}"
