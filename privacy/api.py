"""What a domain app may use of privacy, declared in one place.

Domain apps (profiles, experiences, coverletters, recruiting, usage, and consulting and
messaging to come) import privacy from here and nowhere else; everything else under privacy/ is
the privacy app's own business and may move. Privacy itself never imports a domain app: the
domains register with it. The groups:

- **Registering a category** (`registry`, `Item`, `Category`, `Retention` and its helpers, the
  policy's categories): each model holding personal data registers once, in its app's
  `privacy.py`, the policy's items, the fields holding them, whose key encrypts them and when
  they are destroyed. The policy page, the destruction job, the download and the "no
  unclassified field" check all read it.
- **Encrypted fields** (`SealedRow` and the `Encrypted*Field`s, `BlindIndexField`,
  `sealed_values`, `blind_lookup`, the placeholders shown for what no key opens): personal
  fields are stored encrypted under the member's key; plaintext in Python, ciphertext in the
  database.
- **Consents** (`Purpose`, `current_consents`, `has_consent`, `members_with_consent`,
  `consents_in_force`, `consent_changed`): what the member agreed to, read from the consent
  ledger; the signal sent for each decision appended to it (the result notice of
  정보통신망법 제50조⑦ listens). A provision asked once per object (an application to a
  company): `object_consent_give`, `object_consents`, `object_consent_in_force`,
  `object_consent_withdraw`, `ObjectConsent`, `ConsentChannel`.
- **Holds** (`hold_reason`, `require_processing`, `processing_allowed`, `members_allowed`,
  `members_held`, the hold purposes): ask before using or providing a member's data; a
  correction, deletion or 처리정지 request stops it.
- **Logging an access** (`access_log_record_access`, `access_log_record_export`, `Actor`,
  `actor_from_request`, `AccessLogAction`): every access to a member's data by anyone else is
  appended to the tamper-evident access log.
- **Staff screens** (`PersonalDataAdminMixin`, `ReadOnlyPersonalInline`,
  `ReadOnlyAdminMixin`): an admin over personal data shows it masked and logs each view, change
  and reveal; a record nobody may edit is read-only. Staff find a member by phone
  (`staff_member_search`, logged) and see them masked (`MemberHit`, `member_hit`); a staff view
  over members' data first asks `staff_access_check` (designated, educated staff only).
- **Cookie consent** (`cookie_consent_for`): what a visitor chose on the cookie banner.
- **Sharing** (`shared_view` and what it returns and refuses; `provision`, `Provision`
  and `provision_stated` for a provision's words and whether the policy states it yet;
  `sharing_grant`,
  `sharing_revoke`, `sharing_revoke_all`; `share_item`, `share_object`): the one way anyone
  other than the member, outside the staff screens, sees a member's data.
- **Telling the member** (`rights_request_received`, `rights_request_completed`,
  `policy_version_published`, `policy_changes_to_announce`, `PolicyChange`): privacy cannot
  import notifications, so it sends these signals from the services that make the change;
  notifications connects to them and tells the member. The policy changes due to be announced
  on a day are data (their effective dates).
- **Withdrawal** (`withdrawal_registry`, `Stage`): what must happen when a member withdraws
  (end an engagement, cancel a queued message, start a record's own retention clock),
  registered in the app's `privacy.py` and run by privacy in one transaction, stage by stage.
"""

from privacy.accesslog.append import (
    Actor,
    ReasonRequired,
    access_log_record_access,
    access_log_record_export,
    actor_from_request,
)
from privacy.accesslog.models import AccessLogAction
from privacy.consents.models import ConsentChannel
from privacy.consents.purposes import Purpose
from privacy.consents.services import (
    ObjectConsent,
    consents_in_force,
    current_consents,
    has_consent,
    members_with_consent,
    object_consent_give,
    object_consent_in_force,
    object_consent_withdraw,
    object_consents,
)
from privacy.consents.signals import consent_changed
from privacy.holds import (
    COMPANY_APPLICATION,
    CONSULTANT_VIEW,
    MESSAGING,
    RECOMMENDATION,
    ProcessingHeld,
    hold_reason,
    members_allowed,
    members_held,
    processing_allowed,
    require_processing,
)
from privacy.keys.fields import (
    SHREDDED,
    UNREADABLE,
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
    blind_lookup,
    holds_value,
)
from privacy.keys.rows import SealedRow, sealed_values
from privacy.notices.cookies import cookie_consent_for
from privacy.notices.selectors import PolicyChange, policy_changes_to_announce
from privacy.notices.signals import policy_version_published
from privacy.registry.categories import (
    APPLICATION_RECORDS,
    APPLYING_POLICY,
    CONSULTANT,
    CONSULTING,
    COVER_LETTER,
    EXPERIENCE,
    KAKAO_UNLINK,
    MESSAGE_KEPT_MONTHS,
    MESSAGES,
    PROFILE,
    SIGNUP,
    TRACKER,
    UNLINK_GIVEN_UP_DAYS,
    USAGE,
)
from privacy.registry.registry import (
    Category,
    Item,
    Retention,
    months_after_withdrawal,
    registry,
    until_withdrawal,
)
from privacy.rights.signals import rights_request_completed, rights_request_received
from privacy.sharing.models import RevokeReason
from privacy.sharing.provisions import (
    Provision,
    SharingPurpose,
    provision,
    provision_stated,
    provision_stated_from,
)
from privacy.sharing.refusals import (
    ConsentNotInForce,
    MemberUnavailable,
    NoActiveGrant,
    ProvisionNotStated,
    SharingHeld,
    SharingRefused,
    ViewerUnavailable,
)
from privacy.sharing.scope import Share, ShareInvalid, share_item, share_object
from privacy.sharing.selectors import shared_view
from privacy.sharing.services import (
    sharing_grant,
    sharing_revoke,
    sharing_revoke_all,
    sharing_withdraw_consent,
)
from privacy.sharing.view import SharedField, SharedRecord, SharedView
from privacy.staff.designation import staff_access_check, staff_may_handle_personal_data
from privacy.staff.members import MemberHit, member_hit, staff_member_search
from privacy.staff.mixins import (
    REVEAL_PERMISSION,
    PersonalDataAdminMixin,
    ReadOnlyAdminMixin,
    ReadOnlyPersonalInline,
)
from privacy.withdrawal.registry import Stage, withdrawal_registry

__all__ = [  # noqa: RUF022 - grouped as the docstring lists them, sorted within a group
    # Registering a category
    "APPLICATION_RECORDS",
    "APPLYING_POLICY",
    "CONSULTANT",
    "CONSULTING",
    "COVER_LETTER",
    "EXPERIENCE",
    "KAKAO_UNLINK",
    "MESSAGE_KEPT_MONTHS",
    "MESSAGES",
    "PROFILE",
    "SIGNUP",
    "TRACKER",
    "UNLINK_GIVEN_UP_DAYS",
    "USAGE",
    "Category",
    "Item",
    "Retention",
    "months_after_withdrawal",
    "registry",
    "until_withdrawal",
    # Encrypted fields
    "SHREDDED",
    "UNREADABLE",
    "BlindIndexField",
    "EncryptedCharField",
    "EncryptedDateField",
    "EncryptedJSONField",
    "EncryptedTextField",
    "SealedRow",
    "blind_lookup",
    "holds_value",
    "sealed_values",
    # Consents
    "ConsentChannel",
    "ObjectConsent",
    "Purpose",
    "consent_changed",
    "consents_in_force",
    "current_consents",
    "has_consent",
    "members_with_consent",
    "object_consent_give",
    "object_consent_in_force",
    "object_consent_withdraw",
    "object_consents",
    # Holds
    "COMPANY_APPLICATION",
    "CONSULTANT_VIEW",
    "MESSAGING",
    "RECOMMENDATION",
    "ProcessingHeld",
    "hold_reason",
    "members_allowed",
    "members_held",
    "processing_allowed",
    "require_processing",
    # Logging an access
    "AccessLogAction",
    "Actor",
    "ReasonRequired",
    "access_log_record_access",
    "access_log_record_export",
    "actor_from_request",
    # Staff screens
    "REVEAL_PERMISSION",
    "PersonalDataAdminMixin",
    "ReadOnlyAdminMixin",
    "ReadOnlyPersonalInline",
    "MemberHit",
    "member_hit",
    "staff_member_search",
    "staff_access_check",
    "staff_may_handle_personal_data",
    # Cookie consent
    "cookie_consent_for",
    # Sharing
    "ConsentNotInForce",
    "MemberUnavailable",
    "NoActiveGrant",
    "RevokeReason",
    "Share",
    "ShareInvalid",
    "SharedField",
    "SharedRecord",
    "SharedView",
    "SharingHeld",
    "SharingPurpose",
    "SharingRefused",
    "ViewerUnavailable",
    "share_item",
    "share_object",
    "shared_view",
    "Provision",
    "provision",
    "provision_stated",
    "provision_stated_from",
    "ProvisionNotStated",
    "sharing_grant",
    "sharing_revoke",
    "sharing_revoke_all",
    "sharing_withdraw_consent",
    # Telling the member
    "PolicyChange",
    "policy_changes_to_announce",
    "policy_version_published",
    "rights_request_completed",
    "rights_request_received",
    # Withdrawal
    "Stage",
    "withdrawal_registry",
]
