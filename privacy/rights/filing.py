"""Filing a rights request (정보주체 권리 행사): by a signed-in member, or by a proxy (대리인)
on the public form with a 위임장. Services take `now` so tests control the clock; by default it
is django.utils.timezone.now().
"""

from __future__ import annotations

import base64
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from privacy.keys.fields import blind_lookup
from privacy.rights.deadlines import due_date_for
from privacy.rights.models import PowerOfAttorney, RightsChannel, RightsRequest, RightsStatus
from privacy.rights.notices import rights_event_record
from privacy.rights.signals import announce_received
from privacy.rights.steps import RightsError


def _purposes_text(purposes) -> str:
    codes = sorted(set(purposes or ()))
    return f",{','.join(codes)}," if codes else ""


@transaction.atomic
def rights_request_file(
    *,
    member: AbstractBaseUser,
    kind: str,
    detail: str = "",
    correction_item: str = "",
    correction_value: str = "",
    suspend_purposes=(),
    now: datetime.datetime | None = None,
) -> RightsRequest:
    """A signed-in member files a request. Their identity is known (Kakao sign-in), so staff
    go straight to handling it."""
    now = now or timezone.now()
    request = RightsRequest.objects.create(
        member=member,
        kind=kind,
        channel=RightsChannel.MEMBER,
        principal_name=member.name,
        principal_phone=member.phone,
        detail=detail,
        correction_item=correction_item,
        correction_value=correction_value,
        suspend_purposes=_purposes_text(suspend_purposes),
        received_at=now,
        due_date=due_date_for(now),
        identity_verified_at=now,
    )
    rights_event_record(request, status=RightsStatus.RECEIVED, now=now, actor=member)
    announce_received(request)
    return request


def find_principal(name: str, phone: str) -> AbstractBaseUser | None:
    """The member a proxy names, by the phone's blind index and the name; None unless exactly
    one member matches (the proxy is never told which)."""
    wanted = "".join(name.split())
    User = get_user_model()
    candidates = User.objects.members().filter(**blind_lookup(User, "phone_index", phone))
    matches = [u for u in candidates if "".join(u.name.split()) == wanted]
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def rights_request_file_by_proxy(
    *,
    principal_name: str,
    principal_phone: str,
    proxy_name: str,
    proxy_phone: str,
    proxy_relation: str,
    kind: str,
    attorney_bytes: bytes,
    attorney_type: str,
    detail: str = "",
    correction_item: str = "",
    correction_value: str = "",
    suspend_purposes=(),
    now: datetime.datetime | None = None,
) -> RightsRequest:
    """A proxy (대리인) files on the public form with a 위임장 already checked by the form.
    The request waits for staff to check the proxy's authority (시행령 제45조)."""
    now = now or timezone.now()
    if not attorney_bytes:
        raise RightsError("대리인 요구에는 위임장이 필요해요.")
    request = RightsRequest.objects.create(
        member=find_principal(principal_name, principal_phone),
        kind=kind,
        channel=RightsChannel.PROXY,
        principal_name=principal_name,
        principal_phone=principal_phone,
        proxy_name=proxy_name,
        proxy_phone=proxy_phone,
        proxy_relation=proxy_relation,
        detail=detail,
        correction_item=correction_item,
        correction_value=correction_value,
        suspend_purposes=_purposes_text(suspend_purposes),
        received_at=now,
        due_date=due_date_for(now),
        status=RightsStatus.IDENTITY_CHECK,
    )
    PowerOfAttorney.objects.create(
        request=request,
        content_type=attorney_type,
        size=len(attorney_bytes),
        data=base64.b64encode(attorney_bytes).decode("ascii"),
        uploaded_at=now,
    )
    rights_event_record(request, status=RightsStatus.RECEIVED, now=now)
    rights_event_record(
        request, status=RightsStatus.IDENTITY_CHECK, now=now, note="대리인 위임장 확인 필요"
    )
    # The principal learns that a proxy filed in their name (if we know who they are).
    announce_received(request)
    return request


def attorney_bytes(request: RightsRequest) -> tuple[bytes, str] | None:
    attorney = PowerOfAttorney.objects.filter(request=request).first()
    if attorney is None:
        return None
    return base64.b64decode(attorney.data), attorney.content_type
