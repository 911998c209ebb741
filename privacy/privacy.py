"""The privacy app's own models, classified for the registry check; the key destruction at
withdrawal."""

import privacy.accesslog.privacy  # the access log (decision 0003)
import privacy.audit.privacy  # the quarterly self-audit
import privacy.rights.privacy  # rights requests (decision 0005)
import privacy.sharing.privacy  # sharing grants
import privacy.staff.privacy  # noqa: F401  (designations, education, the plan)
from core.models import JobRun
from privacy.consents.models import ConsentRecord
from privacy.keys.datakeys import destroy_subject_keys
from privacy.keys.models import DataKey, EncryptionFormatRetirement, KeyCanary
from privacy.registry.categories import SIGNUP
from privacy.registry.registry import Item, registry
from privacy.withdrawal.registry import Stage, withdrawal_registry

registry.register(
    ConsentRecord,
    category=SIGNUP,
    items=[Item("카카오톡 메시지 전송", fields=("purpose", "granted", "details"))],
    owner="member.subject",
    # `details`: what a provision's consent screen showed (a consultant's name, the member's
    # letters by title), sealed under the member's key.
    encrypted={"details"},
    non_personal={
        "id",
        "member",
        "policy_version",
        "channel",
        "recorded_at",
        "grant_ref",
    },
)
registry.declare_non_personal(
    DataKey, "encryption keys, wrapped; destroying them is how personal data is shredded"
)
registry.declare_non_personal(
    KeyCanary, "check values of the keys from the environment; no key, nothing personal"
)
registry.declare_non_personal(
    EncryptionFormatRetirement, "the date a ciphertext format stopped being accepted"
)
registry.declare_non_personal(
    JobRun, "which daily job ran on which day, its state and cursor (row ids, counts only)"
)


@withdrawal_registry.register(Stage.SHRED, "privacy.shred_keys")
def _shred_the_members_keys(*, member, now):
    """Crypto-shredding: from the withdrawal's commit on, no copy of the member's ciphertext
    (backups included) can be read."""
    destroy_subject_keys(member.subject)
