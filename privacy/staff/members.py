"""Staff find a member without opaque ids: by phone through the blind index, and see the
result as a masked name and number. Every search that finds someone is in the access log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from privacy.accesslog.append import access_log_record_access
from privacy.accesslog.models import AccessLogAction
from privacy.keys.fields import blind_lookup
from privacy.staff.masking import mask_name, mask_phone


@dataclass(frozen=True)
class MemberHit:
    pk: int
    masked_name: str  # 김**
    masked_phone: str  # 010-****-1357
    joined: datetime.date

    @property
    def label(self) -> str:
        """김** (010-****-1357, 2026-11-03 가입): what a staff picker shows."""
        return f"{self.masked_name} ({self.masked_phone}, {self.joined:%Y-%m-%d} 가입)"


def member_hit(user) -> MemberHit:
    joined = timezone.localdate(user.date_joined) if user.date_joined else None
    return MemberHit(user.pk, mask_name(user.name) or "(이름 없음)", mask_phone(user.phone), joined)


def staff_member_search(request, *, phone: str, purpose: str = "") -> list[MemberHit]:
    """Members (not withdrawn) whose Kakao phone number is `phone`, masked. Logged as a
    SEARCH naming the members found; `purpose` (e.g. "입사 제안 작성") goes in the detail."""
    User = get_user_model()
    found = list(
        User.objects.members()
        .filter(withdrawn_at__isnull=True, **blind_lookup(User, "phone_index", phone))
        .order_by("pk")
    )
    access_log_record_access(
        request=request,
        action=AccessLogAction.SEARCH,
        model=User,
        subjects=[u.pk for u in found],
        detail={"by": "phone", "rows": len(found), **({"purpose": purpose} if purpose else {})},
    )
    return [member_hit(u) for u in found]
