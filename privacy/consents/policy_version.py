"""Which version of the privacy policy is in force: consent ledger rows name it."""

from django.conf import settings


def current_policy_version() -> str:
    """The version published in the notices app whose effective date has come (KST), or the
    settings' version while none is. Served from the cached policy timeline: no query once
    warm (privacy.notices.selectors)."""
    from privacy.notices.selectors import (
        policy_in_force,  # notices imports privacy; not the reverse
    )

    in_force = policy_in_force()
    return in_force.version if in_force else settings.PRIVACY_POLICY_VERSION
