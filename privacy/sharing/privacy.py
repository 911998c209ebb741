"""Sharing grants, classified for the retention registry.

Filed under the policy's 서비스 이용 row (서비스 이용기록): which viewer a member chose, for which
provision, and which of their things (labels and ids, never a value). Destroyed with the account
at withdrawal, inside that row's "3개월 이내"; the access log keeps each view on its own terms.
"""

from privacy.registry.categories import USAGE
from privacy.registry.registry import Item, registry
from privacy.sharing.models import SharingGrant, SharingGrantItem
from privacy.sharing.services import sharing_revoke_all
from privacy.withdrawal.registry import Stage, withdrawal_registry

USAGE_RECORD = "서비스 이용기록"

registry.register(
    SharingGrant,
    category=USAGE,
    items=[Item(USAGE_RECORD, fields=("viewer", "purpose"))],
    owner="member.subject",
    non_personal={
        "id",
        "member",
        "granted_at",
        "expires_at",
        "revoked_at",
        "revoked_reason",
        "consent",
    },
)
registry.register(
    SharingGrantItem,
    category=USAGE,
    items=[Item(USAGE_RECORD, fields=("model", "item", "object_id"))],
    owner="grant.member.subject",
    with_parent="grant",
    non_personal={"id", "grant"},
)


@withdrawal_registry.register(Stage.END, "privacy.sharing.revoke_grants")
def _revoke_every_grant(*, member, now):
    """Nobody else sees anything of a withdrawn member from the withdrawal's commit on."""
    sharing_revoke_all(member, now)
