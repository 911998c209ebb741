"""Granting and ending what a member shares with a viewer.

Only the member's own decision makes a grant (the caller is the member's request: consulting's
consent screen). Ending one is the member's decision too, or a consequence: the engagement it
served ended, the member left (`sharing_revoke_all`, a withdrawal side effect). A consent
withdrawn or a processing hold begun needs no call here: `shared_view` refuses at read time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from privacy.consents.models import ConsentChannel
from privacy.consents.services import consent_record, has_consent
from privacy.sharing import provisions
from privacy.sharing.models import RevokeReason, SharingGrant, SharingGrantItem
from privacy.sharing.provisions import provision
from privacy.sharing.refusals import (
    ConsentNotInForce,
    MemberUnavailable,
    ProvisionNotStated,
    ViewerUnavailable,
)
from privacy.sharing.scope import Share, ShareInvalid, checked


@transaction.atomic
def sharing_grant(
    *,
    member,
    viewer,
    purpose: str,
    shares: Iterable[Share],
    expires_at: datetime.datetime,
    now: datetime.datetime | None = None,
    notice: dict | None = None,
) -> SharingGrant:
    """`member` shares exactly `shares` with `viewer` for `purpose` until `expires_at`; the
    open grant between them for that purpose, if any, ends (what is shared is always the last
    choice, never a merge). Refused (SharingRefused) when the member is not a member any more,
    the viewer cannot receive this provision, or the consent is not in force; ShareInvalid
    for anything the registry, the provision or the member's rows do not allow.

    `notice`: the member consented on the provision's own screen just now, and this is what
    it showed (the five items of 제17조 제2항, the recipient by name, the items chosen). The
    consent is appended to the ledger with it, in this transaction, and the grant rests on it:
    the ledger row names the grant, and only a withdrawal of this grant's consent or of the
    provision as a whole ends it."""
    rule = provision(purpose)
    if not provisions.stated(rule):
        raise ProvisionNotStated(detail=f"{purpose}: policy {rule.policy_from} not in force")
    now = now or timezone.now()
    # Serialised per member, and the member as the database says now, not the caller's copy.
    account = get_user_model()._base_manager.select_for_update().get(pk=member.pk)
    if account.withdrawn_at is not None or not account.is_active:
        raise MemberUnavailable(detail=f"member {account.pk}")
    if viewer.pk == account.pk:
        raise ShareInvalid("a member does not share with themselves")
    if not viewer.is_active or getattr(viewer, "role", "") != rule.recipient_role:
        raise ViewerUnavailable(detail=f"account {viewer.pk}")
    if expires_at <= now:
        raise ShareInvalid("a grant must end after it starts")
    shares = checked(account, shares, rule.categories)
    if not shares:
        raise ShareInvalid("nothing to share")
    consent = None
    if notice is not None:
        consent = consent_record(
            member=account,
            purpose=rule.consent,
            granted=True,
            channel=ConsentChannel.PROVISION,
            details=dict(notice),
        )
        # The ledger's clock and the grant's agree: the consent is in force from the grant on.
        now = consent.recorded_at
    elif not has_consent(account, rule.consent):
        raise ConsentNotInForce(detail=f"member {account.pk}: {rule.consent}")
    _end_open(account.pk, viewer.pk, purpose, now, RevokeReason.REPLACED)
    grant = SharingGrant.objects.create(
        member=account,
        viewer=viewer,
        purpose=purpose,
        granted_at=now,
        expires_at=expires_at,
        consent=consent,
    )
    if consent is not None:
        consent.grant_ref = grant.pk
        consent.save(update_fields=["grant_ref"])
    SharingGrantItem.objects.bulk_create(
        SharingGrantItem(grant=grant, model=s.model, item=s.item, object_id=s.object_id)
        for s in shares
    )
    return grant


def _end_open(member_id: int, viewer_id: int, purpose: str, now, reason: str) -> int:
    return SharingGrant.objects.filter(
        member_id=member_id, viewer_id=viewer_id, purpose=purpose, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_reason=reason)


def sharing_revoke(
    grant: SharingGrant | int,
    *,
    now: datetime.datetime | None = None,
    reason: str = RevokeReason.MEMBER,
) -> bool:
    """End `grant` (stamped once: a grant already ended keeps its first stamp). True when
    this call ended it."""
    pk = grant.pk if isinstance(grant, SharingGrant) else int(grant)
    if reason not in RevokeReason.values:
        raise ValueError(f"unknown reason {reason!r}")
    stamped = SharingGrant.objects.filter(pk=pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now(), revoked_reason=reason
    )
    return bool(stamped)


@transaction.atomic
def sharing_withdraw_consent(
    grant: SharingGrant | int, *, now: datetime.datetime | None = None
) -> bool:
    """The member withdraws the consent this grant rests on: the ledger records the
    withdrawal for this grant (grant_ref; the member's other grants are untouched) and the
    grant ends. False when it had already ended and its consent was already withdrawn."""
    pk = grant.pk if isinstance(grant, SharingGrant) else int(grant)
    grant = SharingGrant.objects.select_for_update().select_related("member").get(pk=pk)
    now = now or timezone.now()
    ended = sharing_revoke(grant, now=now, reason=RevokeReason.CONSENT_WITHDRAWN)
    rule = provision(grant.purpose)
    already = grant.member.consent_records.filter(
        purpose=rule.consent, granted=False, grant_ref=grant.pk
    ).exists()
    if not already:
        consent_record(
            member=grant.member,
            purpose=rule.consent,
            granted=False,
            channel=ConsentChannel.PROVISION,
            grant_ref=grant.pk,
        )
    return ended or not already


@transaction.atomic
def sharing_withdraw_provision(
    *, member, purpose: str, channel: str, now: datetime.datetime | None = None
) -> int:
    """The member withdraws the consent a provision rests on as a whole (the privacy centre):
    the ledger records it, and every open grant of the provision ends now, whoever the viewer,
    so each shared copy's retention clock starts. How many grants ended."""
    rule = provision(purpose)
    now = now or timezone.now()
    account = get_user_model().objects.select_for_update().get(pk=member.pk)
    consent_record(member=account, purpose=rule.consent, granted=False, channel=channel)
    return SharingGrant.objects.filter(
        member_id=account.pk, purpose=purpose, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_reason=RevokeReason.CONSENT_WITHDRAWN)


def sharing_revoke_all(
    member, now: datetime.datetime | None = None, reason: str = RevokeReason.WITHDRAWAL
) -> int:
    """End every open grant of `member` (all viewers, all purposes): the withdrawal's side
    effect, in its transaction. How many were open."""
    return SharingGrant.objects.filter(member_id=member.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now(), revoked_reason=reason
    )
