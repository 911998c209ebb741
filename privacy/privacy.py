"""The privacy app's own models, classified for the registry check."""

import privacy.accesslog.privacy  # the access log (decision 0003)
import privacy.rights.privacy  # noqa: F401  (rights requests, decision 0005)
from privacy.consents.models import ConsentRecord
from privacy.keys.models import DataKey, EncryptionFormatRetirement, KeyCanary
from privacy.registry.categories import SIGNUP
from privacy.registry.registry import Item, registry

registry.register(
    ConsentRecord,
    category=SIGNUP,
    items=[Item("카카오톡 메시지 전송", fields=("purpose", "granted"))],
    owner="member.subject",
    non_personal={"id", "member", "policy_version", "channel", "recorded_at"},
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
