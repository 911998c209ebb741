"""Which version of the privacy policy is in force: consent ledger rows name it."""

from django.conf import settings


def current_policy_version() -> str:
    return settings.PRIVACY_POLICY_VERSION
