"""Which version of the privacy policy is in force: consent ledger rows name it.

The published versions belong to the notices part, which sits above consents (sign-up records
consents from `accounts`, below the notices). So notices tells this module how to read the
version in force when the app starts (NoticesConfig.ready), the way the domain apps register
their categories; consents never imports notices.
"""

from collections.abc import Callable

from django.conf import settings

_source: Callable[[], str | None] | None = None


def policy_version_source(source: Callable[[], str | None]) -> None:
    """Set where the version in force comes from (the notices part, once, at start)."""
    global _source
    _source = source


def current_policy_version() -> str:
    """The version published in the notices part whose effective date has come (KST), or the
    settings' version while none is (or before notices has started). Served from the cached
    policy timeline: no query once warm (privacy.notices.selectors)."""
    version = _source() if _source is not None else None
    return version or settings.PRIVACY_POLICY_VERSION
