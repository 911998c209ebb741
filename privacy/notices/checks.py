"""System check: the registry's tables (code) against the policy version in force (data).

The policy page renders the version in force from its snapshot, so members read what they were
told; but the destruction jobs, the encryption layer and the download run on the registry's
code. When the two disagree, the running code keeps a promise the published policy does not
make (or breaks one it does). notices.W001 says so, on `check --database default` and before
`migrate` applies anything, naming the tables: draft the next version in the admin and publish
it with its 7 days of notice. A warning, not an error, so a deploy that brings the change is not
blocked for the 7 days the notice needs; tests/privacy/notices/test_policy_drift.py fails on
the same drift against the repository's policy texts, in CI.
"""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def registry_matches_policy_in_force(app_configs, databases=None, **kwargs):
    if not databases:
        return []
    from privacy.notices.selectors import policy_version_in_force_row
    from privacy.notices.snapshots import registry_drift

    try:
        policy = policy_version_in_force_row()
        drift = registry_drift(policy) if policy is not None else []
    except DatabaseError:
        return []  # not migrated yet: nothing is published to differ from
    if not drift:
        return []
    return [
        Warning(
            f"The registry's table differs from the policy in force ({policy.version}): "
            f"{', '.join(drift)}.",
            hint="Draft the next version in the admin and publish it with its 7 days of notice.",
            id="notices.W001",
        )
    ]
