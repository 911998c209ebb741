from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from privacy.consents.models import ConsentChannel, ConsentRecord
from privacy.consents.policy_version import current_policy_version
from privacy.consents.purposes import (
    CENTRE_PURPOSES,
    CONSENT_PURPOSES,
    COOKIE_PURPOSES,
    OPTIONAL_PURPOSES,
    SIGNUP_OPTIONAL_PURPOSES,
    Purpose,
)
from privacy.consents.signals import consent_changed


def consent_record(
    *,
    member,
    purpose: str,
    granted: bool,
    channel: str,
    details: dict | None = None,
    grant_ref: int | None = None,
    first_decision: bool = False,
) -> ConsentRecord:
    """Append one decision to the ledger under the policy version in force; `details`, what
    the member was shown on the consent's own screen (a provision's 제17조 items). Sends
    `consent_changed` for a purpose's decision, inside the caller's transaction.
    `first_decision`: the caller knows the ledger holds nothing for this member yet (sign-up,
    in the transaction that made the account), so nothing was granted before."""
    previously_granted = None
    if grant_ref is None:
        previously_granted = False if first_decision else has_consent(member, purpose)
    record = ConsentRecord.objects.create(
        member=member,
        purpose=purpose,
        granted=granted,
        channel=channel,
        policy_version=current_policy_version(),
        details=details or None,
        grant_ref=grant_ref,
    )
    if grant_ref is None:
        consent_changed.send(
            sender=ConsentRecord, record=record, previously_granted=previously_granted
        )
    return record


@transaction.atomic
def consents_record_signup(*, member, optional: dict[str, bool]) -> None:
    """Sign-up decisions: the required consent (given, or there would be no member) and every
    optional one, refused ones included, so the ledger says what was asked and answered."""
    consent_record(
        member=member,
        purpose=Purpose.MEMBERSHIP,
        granted=True,
        channel=ConsentChannel.SIGNUP,
        first_decision=True,
    )
    for purpose in SIGNUP_OPTIONAL_PURPOSES:
        consent_record(
            member=member,
            purpose=purpose,
            granted=bool(optional.get(purpose, False)),
            channel=ConsentChannel.SIGNUP,
            first_decision=True,
        )


def _purpose_state(rows) -> dict[str, ConsentRecord | None]:
    """Each purpose's latest row among `rows` (oldest first, none about one grant alone)."""
    state: dict[str, ConsentRecord | None] = {
        p.purpose: None for p in (*CONSENT_PURPOSES, *CENTRE_PURPOSES)
    }
    state.update(dict.fromkeys(COOKIE_PURPOSES))
    for record in rows:
        state[record.purpose] = record
    return state


def current_consents(member) -> dict[str, ConsentRecord | None]:
    """Current state of each purpose: its latest ledger row (None when never asked)."""
    # A decision about one grant alone (grant_ref) is not the purpose's state.
    rows = ConsentRecord.objects.filter(member=member, grant_ref__isnull=True)
    return _purpose_state(rows.order_by("recorded_at", "id"))


def has_consent(member, purpose: str) -> bool:
    # The flag only: a whole record (its timestamps, policy version, evidence) is not needed
    # to answer yes or no.
    granted = (
        ConsentRecord.objects.filter(member=member, purpose=purpose, grant_ref__isnull=True)
        .order_by("-recorded_at", "-id")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(granted)


def members_with_consent(member_ids, purpose: str) -> set[int]:
    """Which of `member_ids` have `purpose` granted now (batch jobs: the message relay). One
    query, reading each member's rows of that purpose, latest last."""
    latest: dict[int, bool] = {}
    rows = (
        ConsentRecord.objects.filter(
            member_id__in=list(member_ids), purpose=purpose, grant_ref__isnull=True
        )
        .order_by("recorded_at", "id")
        .values_list("member_id", "granted")
    )
    for member_id, granted in rows:
        latest[member_id] = granted
    return {member_id for member_id, granted in latest.items() if granted}


def consent_change(
    *, member, purpose: str, granted: bool, channel: str = ConsentChannel.SETTINGS
) -> ConsentRecord | None:
    """A member grants or withdraws an optional consent. Returns the new row, or None when
    the state already was as asked (no duplicate rows for a repeated click)."""
    if purpose not in OPTIONAL_PURPOSES and purpose not in COOKIE_PURPOSES:
        raise ValueError(f"{purpose} is not an optional consent")
    if has_consent(member, purpose) == granted:
        return None
    return consent_record(member=member, purpose=purpose, granted=granted, channel=channel)


def consents_in_force(purpose: str, *, given_before=None):
    """The ledger rows on which `purpose` currently rests: each member's latest decision for
    it, where that decision is a grant (optionally given before `given_before`). One query,
    whatever the number of members; the caller may add `select_related("member")`."""
    later = ConsentRecord.objects.filter(
        member=OuterRef("member"), purpose=purpose, grant_ref__isnull=True
    ).filter(
        Q(recorded_at__gt=OuterRef("recorded_at"))
        | Q(recorded_at=OuterRef("recorded_at"), id__gt=OuterRef("id"))
    )
    rows = ConsentRecord.objects.filter(purpose=purpose, grant_ref__isnull=True, granted=True)
    if given_before is not None:
        rows = rows.filter(recorded_at__lt=given_before)
    return rows.exclude(Exists(later))


# --- A provision's consent given once per object ------------------------------------------
# Applying to a company (Purpose.COMPANY_APPLICATION) asks the consent of 제17조 제2항 on the
# apply page, for that application alone: the ledger row names the application (grant_ref,
# the object the decision concerns alone) and keeps what the page showed (details). It is never
# a purpose-wide state (current_consents and has_consent read only rows without grant_ref), so
# one application's consent or withdrawal changes no other.

PER_OBJECT_PURPOSES = (Purpose.COMPANY_APPLICATION,)


@dataclass(frozen=True)
class ObjectConsent:
    given: ConsentRecord  # the consent as given, with what the page showed (details)
    withdrawn: ConsentRecord | None  # the withdrawal, if the member withdrew it since

    @property
    def in_force(self) -> bool:
        return self.withdrawn is None


def _per_object(purpose: str) -> None:
    if purpose not in PER_OBJECT_PURPOSES:
        raise ValueError(f"{purpose} is not asked per object")


def object_consent_give(*, member, purpose: str, ref: int, details: dict) -> ConsentRecord:
    """The member consented on the provision's own screen, for object `ref` alone: appended
    with what the screen showed (the five items of 제17조 제2항, the recipient by name, the
    items chosen), inside the caller's transaction."""
    _per_object(purpose)
    if not details:
        raise ValueError("a provision's consent keeps what the member was shown")
    return consent_record(
        member=member,
        purpose=purpose,
        granted=True,
        channel=ConsentChannel.PROVISION,
        details=details,
        grant_ref=ref,
    )


def _object_state(rows) -> dict[int, ObjectConsent]:
    """Each object's latest grant among `rows` (oldest first) and any withdrawal after it."""
    state: dict[int, ObjectConsent] = {}
    for row in rows:
        if row.granted:
            state[row.grant_ref] = ObjectConsent(given=row, withdrawn=None)
        elif row.grant_ref in state and state[row.grant_ref].withdrawn is None:
            state[row.grant_ref] = ObjectConsent(given=state[row.grant_ref].given, withdrawn=row)
    return state


def object_consents(member, purpose: str, refs=None) -> dict[int, ObjectConsent]:
    """The consent of each of the member's objects (`refs`, by default all) for `purpose`:
    the latest grant and any withdrawal after it. One query."""
    _per_object(purpose)
    rows = ConsentRecord.objects.filter(
        member=member, purpose=purpose, grant_ref__isnull=False
    ).order_by("recorded_at", "id")
    if refs is not None:
        rows = rows.filter(grant_ref__in=list(refs))
    return _object_state(rows)


def consents_with_objects(
    member, purpose: str
) -> tuple[dict[str, ConsentRecord | None], dict[int, ObjectConsent]]:
    """current_consents(member) and object_consents(member, purpose) from one read of the
    member's ledger (the privacy centre shows both)."""
    _per_object(purpose)
    rows = list(
        ConsentRecord.objects.filter(member=member)
        .filter(Q(grant_ref__isnull=True) | Q(purpose=purpose))
        .order_by("recorded_at", "id")
    )
    return (
        _purpose_state(r for r in rows if r.grant_ref is None),
        _object_state(r for r in rows if r.grant_ref is not None),
    )


def object_consent_in_force(member_id: int, purpose: str, ref: int) -> bool:
    """Whether the consent for object `ref` was given and not withdrawn since. One query."""
    _per_object(purpose)
    latest = (
        ConsentRecord.objects.filter(member_id=member_id, purpose=purpose, grant_ref=ref)
        .order_by("-recorded_at", "-id")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(latest)


@transaction.atomic
def object_consent_withdraw(*, member, purpose: str, ref: int, channel: str) -> bool:
    """The member withdraws the consent given for object `ref`. False when there was none in
    force (never given, or already withdrawn): nothing is appended twice."""
    _per_object(purpose)
    # Serialised per member: two clicks append one withdrawal.
    get_user_model()._base_manager.select_for_update().filter(pk=member.pk).first()
    if not object_consent_in_force(member.pk, purpose, ref):
        return False
    consent_record(member=member, purpose=purpose, granted=False, channel=channel, grant_ref=ref)
    return True
