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
from privacy.rights.models import (
    OPEN_RIGHTS_STATUSES,
    STAFF_ENTERED_VIA,
    PowerOfAttorney,
    ReceivedVia,
    RightsChannel,
    RightsKind,
    RightsRequest,
    RightsStatus,
)
from privacy.rights.notices import rights_event_record
from privacy.rights.signals import announce_received
from privacy.rights.steps import RightsError

SIGNED_IN_IDENTITY = "카카오 로그인 (회원 본인)"


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
        identity_method=SIGNED_IN_IDENTITY,
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


# --- Lifting a 처리정지 --------------------------------------------------------------------


def active_suspensions(member) -> list[RightsRequest]:
    """The member's granted 처리정지 requests not yet lifted, oldest first."""
    if member is None:
        return []
    return list(
        RightsRequest.objects.filter(
            member=member,
            kind=RightsKind.SUSPENSION,
            status__in=(RightsStatus.COMPLETED, RightsStatus.PARTLY_COMPLETED),
            lifted_at__isnull=True,
        ).order_by("received_at", "id")
    )


def lift_problem(member, suspension: RightsRequest | None) -> str | None:
    """Why `member` cannot ask to lift `suspension` (Korean, 해요체), or None."""
    if suspension is None or member is None or suspension.member_id != member.pk:
        return "해제할 처리정지 요구를 찾지 못했어요."
    if not suspension.is_active_suspension:
        if suspension.lifted_at is not None:
            return "이미 해제된 처리정지예요."
        return "처리된 처리정지 요구만 해제를 요구할 수 있어요."
    if suspension.lift_requests.filter(status__in=OPEN_RIGHTS_STATUSES).exists():
        return "이 처리정지의 해제 요구를 이미 처리하고 있어요."
    return None


@transaction.atomic
def rights_request_file_lift(
    *, member, suspension: RightsRequest, detail: str = "", now: datetime.datetime | None = None
) -> RightsRequest:
    """A signed-in member asks to lift a 처리정지 that was granted (개인정보 보호법 제37조). It
    is handled like any request (10 days, the officer's steps); completing it ends the hold."""
    now = now or timezone.now()
    suspension = RightsRequest.objects.select_for_update().get(pk=suspension.pk)
    problem = lift_problem(member, suspension)
    if problem:
        raise RightsError(problem)
    request = RightsRequest.objects.create(
        member=member,
        kind=RightsKind.LIFT_SUSPENSION,
        channel=RightsChannel.MEMBER,
        principal_name=member.name,
        principal_phone=member.phone,
        detail=detail,
        suspend_purposes=suspension.suspend_purposes,
        lifts=suspension,
        received_at=now,
        due_date=due_date_for(now),
        identity_verified_at=now,
        identity_method=SIGNED_IN_IDENTITY,
    )
    rights_event_record(request, status=RightsStatus.RECEIVED, now=now, actor=member)
    announce_received(request)
    return request


# --- Received by phone, letter or in person, entered by staff -----------------------------


@transaction.atomic
def rights_request_receive(
    *,
    member,
    kind: str,
    received_via: str,
    received_at: datetime.datetime,
    actor,
    detail: str = "",
    correction_item: str = "",
    correction_value: str = "",
    suspend_purposes=(),
    lifts: RightsRequest | None = None,
    identity_method: str = "",
    identity_note: str = "",
    now: datetime.datetime | None = None,
) -> RightsRequest:
    """Staff enter a request a member made by phone, letter, e-mail or in person (시행령
    제41조①). The due date counts from when it was received, not from when it was typed in.
    With `identity_method` (how the member was confirmed, e.g. 가입 정보 대조 during the call)
    handling starts at once; without it the request waits for the identity check."""
    now = now or timezone.now()
    if received_via not in STAFF_ENTERED_VIA:
        raise RightsError("전화, 우편, 방문, 전자우편으로 받은 요구만 등록할 수 있어요.")
    if received_at > now:
        raise RightsError("접수 일시가 지금보다 늦어요. 요구를 받은 때를 입력해 주세요.")
    if member is None:
        raise RightsError("요구한 회원을 찾아 주세요.")
    if kind == RightsKind.LIFT_SUSPENSION:
        problem = lift_problem(member, lifts)
        if problem:
            raise RightsError(problem)
        suspend_purposes = lifts.purposes
    else:
        lifts = None
    identity_method = identity_method.strip()
    request = RightsRequest.objects.create(
        member=member,
        kind=kind,
        channel=RightsChannel.MEMBER,
        received_via=received_via,
        entered_by_id=actor.pk,
        principal_name=member.name,
        principal_phone=member.phone,
        detail=detail,
        correction_item=correction_item,
        correction_value=correction_value,
        suspend_purposes=_purposes_text(suspend_purposes),
        lifts=lifts,
        received_at=received_at,
        due_date=due_date_for(received_at),
        status=RightsStatus.IN_PROGRESS if identity_method else RightsStatus.IDENTITY_CHECK,
        identity_verified_at=received_at if identity_method else None,
        identity_method=identity_method,
        identity_note=identity_note.strip() if identity_method else "",
        identity_checked_by_id=actor.pk if identity_method else None,
    )
    via = ReceivedVia(received_via).label
    rights_event_record(
        request, status=RightsStatus.RECEIVED, now=received_at, actor=actor, note=f"{via} 접수"
    )
    rights_event_record(
        request,
        status=request.status,
        now=now,
        actor=actor,
        note=f"본인 확인: {identity_method}" if identity_method else "본인 확인 필요",
    )
    announce_received(request)
    return request
