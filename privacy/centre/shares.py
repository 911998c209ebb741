"""What the member shared with others, per grant, for the privacy centre: to whom and what (as
the provision's consent screen showed it), when, when it ended and why, and each time the
recipient opened it.

The recipient's name is the one the member agreed to on the consent screen (its `details`,
the five items of 제17조 제2항 as shown): privacy reads no domain app for it, and it is what the
member chose. The openings are the access log's own entries for the grant (shared_view writes
one per view, target privacy.sharinggrant): the member sees the record the law asks for, not a
second copy of it. Two queries whatever the number of grants and views.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from privacy.accesslog.append import model_label
from privacy.accesslog.models import AccessLogChain, AccessLogEntry
from privacy.sharing.models import RevokeReason, SharingGrant
from privacy.sharing.provisions import SharingPurpose

EXPIRED = "제공 기한이 지남"


@dataclass
class ShareHistory:
    grant_id: int
    recipient: str
    purpose: str
    items: list[str]
    period: str
    granted_at: datetime.datetime
    expires_at: datetime.datetime
    ended_at: datetime.datetime | None
    ended_because: str
    openings: list[datetime.datetime] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


def _ending(grant: SharingGrant, now) -> tuple[datetime.datetime | None, str]:
    if grant.revoked_at is not None:
        return grant.revoked_at, RevokeReason(grant.revoked_reason).label
    if grant.expires_at <= now:
        return grant.expires_at, EXPIRED
    return None, ""


def member_shares(
    member, *, purpose: str = SharingPurpose.CONSULTANT, grant_id: int | None = None
) -> list[ShareHistory]:
    """The member's grants for `purpose` (or the one `grant_id`, if it is theirs), newest
    first, each with its openings (KST)."""
    now = timezone.now()
    grants = SharingGrant.objects.filter(member_id=member.pk, purpose=purpose)
    if grant_id is not None:
        grants = grants.filter(pk=grant_id)
    grants = list(grants.select_related("consent").order_by("-granted_at", "-id"))
    if not grants:
        return []
    openings: dict[str, list[datetime.datetime]] = defaultdict(list)
    entries = (
        AccessLogEntry.objects.filter(
            chain=AccessLogChain.ACCESS,
            subject_rows__subject=member.pk,
            subjects__contains=f",{member.pk},",
            target_type=model_label(SharingGrant),
            target_id__in=[str(g.pk) for g in grants],
        )
        .exclude(actor_id=member.pk)
        .order_by("at", "seq")
        .values_list("target_id", "at")
    )
    for target_id, at in entries:
        openings[target_id].append(timezone.localtime(at))
    out = []
    for grant in grants:
        details = (grant.consent.details or {}) if grant.consent is not None else {}
        ended_at, because = _ending(grant, now)
        out.append(
            ShareHistory(
                grant_id=grant.pk,
                recipient=details.get("recipient") or "컨설턴트",
                purpose=details.get("purpose", ""),
                items=list(details.get("items", ())),
                period=details.get("period", ""),
                granted_at=timezone.localtime(grant.granted_at),
                expires_at=timezone.localtime(grant.expires_at),
                ended_at=timezone.localtime(ended_at) if ended_at else None,
                ended_because=because,
                openings=openings.get(str(grant.pk), []),
            )
        )
    return out


def member_share(member, grant_id: int) -> ShareHistory | None:
    """One of the member's own grants, or None (another member's, or none at all)."""
    return next(iter(member_shares(member, grant_id=grant_id)), None)
