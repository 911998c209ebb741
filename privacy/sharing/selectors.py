"""`shared_view`: the one way anyone other than the member sees a member's data.

Every non-owner view of a member's data outside the staff screens (whose masking mixins and
their own log entries stay as they are: privacy.staff.mixins) goes through here; consulting is
the first caller. In this order, each view:
1. finds the viewer's grant from the member for the purpose (privacy.sharing.models); the
   member must still be a member, the viewer an active account of the provision's kind;
2. refuses unless the grant is open and not expired;
3. refuses unless the consent the provision rests on is in force and has not been withdrawn
   since the grant (a withdrawal ends every grant made before it, even if the member consents
   again later: they share again);
4. refuses while a processing hold covers the provision's purpose (privacy.holds: a
   correction or deletion request, a 처리정지); the grant resumes when the hold lifts;
5. reads exactly what the grant names (privacy.sharing.scope), decrypted under the member's
   key, in a number of queries that depends on the models named, not on how many things;
6. appends ONE access-log entry naming the grant, the purpose and every row shown, and only
   then returns the values. A view that finds nothing to show (the member deleted the shared
   letter) is logged all the same: the viewer was let in under the grant and learnt that much,
   and the member's history of who opened what must not depend on what was there. A refused
   view shows nothing and is not an access to personal data: it is not logged.
"""

from __future__ import annotations

from django.db.models import Q, Subquery
from django.utils import timezone

from privacy.accesslog.append import Actor, access_log_append, actor_from_request, model_label
from privacy.accesslog.models import AccessLogAction
from privacy.consents.models import ConsentRecord
from privacy.holds import hold_reason
from privacy.sharing.models import SharingGrant
from privacy.sharing.provisions import Provision, provision
from privacy.sharing.refusals import (
    ConsentNotInForce,
    MemberUnavailable,
    NoActiveGrant,
    SharingHeld,
    ViewerUnavailable,
)
from privacy.sharing.scope import Share, read
from privacy.sharing.view import SharedRecord, SharedView

# --- The checks ---------------------------------------------------------------------------


def _actor(viewer, request_or_actor) -> Actor:
    actor = (
        request_or_actor
        if isinstance(request_or_actor, Actor)
        else actor_from_request(request_or_actor, viewer)
    )
    if actor.account_id != viewer.pk:
        raise ValueError("the access would be logged under another account than the viewer's")
    return actor


def latest_grant(*, viewer_id: int, member_id: int, purpose: str) -> SharingGrant | None:
    """The viewer's latest grant from the member for `purpose`, with both accounts (fresh from
    the database, whatever the caller's instances say): one query. At most one grant is open,
    and a new one ends the open one, so no earlier grant can be open if this one is not."""
    return (
        SharingGrant.objects.filter(viewer_id=viewer_id, member_id=member_id, purpose=purpose)
        .select_related("member", "viewer")
        .order_by("-granted_at", "-id")
        .first()
    )


def require_open(grant: SharingGrant | None, rule: Provision, now) -> SharingGrant:
    if grant is None:
        raise NoActiveGrant("no_grant")
    member, viewer = grant.member, grant.viewer
    if member.withdrawn_at is not None or not member.is_active:
        raise MemberUnavailable(detail=f"member {member.pk}")
    if not viewer.is_active or getattr(viewer, "role", "") != rule.recipient_role:
        raise ViewerUnavailable(detail=f"account {viewer.pk}")
    if grant.revoked_at is not None:
        raise NoActiveGrant("revoked", f"grant {grant.pk}: {grant.revoked_reason}")
    if not grant.granted_at <= now < grant.expires_at:
        raise NoActiveGrant("expired", f"grant {grant.pk}")
    return grant


def consent_unbroken_since(
    member_id: int, purpose: str, since, grant_id: int | None = None
) -> bool:
    """The consent is in force now and was not withdrawn at any moment since `since`: its
    latest ledger row and every row from `since` on are grants. Rows about one grant only
    (grant_ref: a consent given or withdrawn on a provision's own screen) count for that
    grant and no other. One query."""
    ledger = ConsentRecord.objects.filter(member_id=member_id, purpose=purpose).filter(
        Q(grant_ref__isnull=True) | Q(grant_ref=grant_id)
    )
    latest = ledger.order_by("-recorded_at", "-id").values("pk")[:1]
    decisions = list(
        ledger.filter(Q(recorded_at__gte=since) | Q(pk=Subquery(latest))).values_list(
            "granted", flat=True
        )
    )
    return bool(decisions) and all(decisions)


def require_consent(grant: SharingGrant, rule: Provision) -> None:
    if not consent_unbroken_since(grant.member_id, rule.consent, grant.granted_at, grant.pk):
        raise ConsentNotInForce(detail=f"member {grant.member_id}: {rule.consent}")


def require_no_hold(grant: SharingGrant, rule: Provision) -> None:
    reason = hold_reason(grant.member, rule.hold)
    if reason is not None:
        raise SharingHeld(detail=reason)


# --- The selector -------------------------------------------------------------------------


def shared_view(*, viewer, member, request_or_actor, purpose: str) -> SharedView:
    """What `member` shares with `viewer` for `purpose`, or a SharingRefused.

    `request_or_actor`: the request the viewer made (its account must be the viewer), or an
    access-log Actor for work outside a request. Raises ValueError for a purpose that is not a
    provision or an actor that is not the viewer: those are programming errors, not refusals.
    """
    rule = provision(purpose)
    actor = _actor(viewer, request_or_actor)
    now = timezone.now()
    grant = require_open(
        latest_grant(viewer_id=viewer.pk, member_id=member.pk, purpose=purpose), rule, now
    )
    require_consent(grant, rule)
    require_no_hold(grant, rule)
    shares = [Share(i.model, i.item, i.object_id) for i in grant.items.all()]
    records = read(grant.member_id, shares)
    entry = access_log_append(
        actor=actor,
        action=AccessLogAction.VIEW,
        subjects=[grant.member_id],
        target_type=model_label(SharingGrant),
        target_id=str(grant.pk),
        reason=rule.log_reason,
        detail={
            "purpose": purpose,
            "shares": [str(s) for s in shares],
            "shown": shown(records),
        },
    )
    return SharedView(
        member_id=grant.member_id,
        viewer_id=viewer.pk,
        purpose=purpose,
        grant_id=grant.pk,
        expires_at=grant.expires_at,
        records=tuple(records),
        access_log_entry=entry.pk,
    )


def shown(records: list[SharedRecord]) -> dict[str, list[str]]:
    """{model label: ["id: item, item", ...]} of every row shown, its children included: what
    the log says was seen (labels and ids only, never a value)."""
    out: dict[str, list[str]] = {}
    stack = list(records)
    while stack:
        record = stack.pop(0)
        out.setdefault(record.model, []).append(f"{record.pk}: {', '.join(record.items)}")
        stack.extend(record.children)
    return out
