"""The live policy page's body, rendered once per published version in each process.

The body is the version's own text with its own frozen tables (privacy.notices.document,
.snapshots), and a published version is never edited (a correction is a newer version), so
its rendered HTML never goes stale: no invalidation is needed, only a key that names the
version (its name and publication time) and what settings fill into it (the officer's
contact, [[보호책임자]]). The version in force is still chosen on every request from the
timeline and the KST date, so the page changes at midnight on the effective date.

Kept in the process, not in Django's cache: each entry is immutable, a handful at most, and
read on every visit to the page, where a Redis round trip and unpickling 40 KB would cost more
than they save across processes. The frame around it — the nav, the cookie banner, the CSRF
token — is rendered per request as on every page. With DEBUG on (runserver, templates edited
live) the body is rendered each time. Forgotten with the timeline (policy_timeline_forget), so
a test that rewrites a version's row sees its own text.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.conf import settings
from django.utils.safestring import SafeString

_BODIES: dict[Hashable, SafeString] = {}
_MAX_BODIES = 16  # versions in force in a process's lifetime: one or two


def policy_body(key: Hashable, render: Callable[[], str | None]) -> SafeString | None:
    """The body kept under `key`, or `render()`'s (kept unless None, or with DEBUG on)."""
    body = _BODIES.get(key)
    if body is not None:
        return body
    rendered = render()
    if rendered is None:
        return None
    body = SafeString(rendered)
    if not settings.DEBUG:
        if len(_BODIES) >= _MAX_BODIES:
            _BODIES.clear()
        _BODIES[key] = body
    return body


def policy_bodies_forget() -> None:
    _BODIES.clear()
