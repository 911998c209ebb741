"""Rights requests (정보주체 권리 행사): filing, the officer's steps, deadlines, notices.

개인정보 보호법 제35조 (열람), 제36조 (정정·삭제), 제37조 (처리정지); 시행령 제41조·제43조·제44조:
answered within 10 days. We count 10 KST calendar days from the day after receipt, and the
clock stands still while we wait on the requester (docs/decisions/0005-rights-requests.md).

Every step appends a RightsRequestEvent (the history) and, when the request concerns a known
member, a RightsNotice they see in the app. Services take `now` so tests and jobs control the
clock; by default it is django.utils.timezone.now().
"""

from __future__ import annotations

import base64
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Role, User
from privacy.consents.models import ConsentRecord
from privacy.consents.purposes import Purpose
from privacy.keys.fields import blind_lookup
from privacy.rights.models import (
    OPEN_RIGHTS_STATUSES,
    PowerOfAttorney,
    ReminderKind,
    RightsChannel,
    RightsKind,
    RightsNotice,
    RightsReminder,
    RightsRequest,
    RightsRequestEvent,
    RightsStatus,
)

logger = logging.getLogger(__name__)

DUE_DAYS = 10
DEFAULT_OBJECTION = (
    "이 결정에 동의하지 않으면 결과를 받은 날부터 90일 안에 개인정보 보호책임자에게 이의를 "
    "제기할 수 있어요({email}, {phone}). 개인정보침해 신고센터(국번 없이 118), "
    "개인정보 분쟁조정위원회(1833-6972), 행정심판(국민권익위원회)으로도 구제를 요청할 수 있어요."
)
# The fields a list needs: no encrypted column, so no data key is read and the query count
# does not grow with the number of requests (each request has its own key).
LIST_FIELDS = (
    "id",
    "member_id",
    "kind",
    "status",
    "channel",
    "received_at",
    "due_date",
    "paused_at",
    "paused_days",
    "closed_at",
    "suspend_purposes",
)


class RightsError(ValueError):
    """A step the request's state or the law does not allow (shown to staff as is)."""


def default_objection() -> str:
    return DEFAULT_OBJECTION.format(
        email=settings.PRIVACY_OFFICER_EMAIL, phone=settings.PRIVACY_OFFICER_PHONE
    )


def due_date_for(received_at: datetime.datetime, paused_days: int = 0) -> datetime.date:
    """민법 제157조: the day of receipt is not counted, so a request received on 3 March (KST)
    is due on 13 March. Paused days are added back."""
    return timezone.localdate(received_at) + datetime.timedelta(days=DUE_DAYS + paused_days)


def _purposes_text(purposes) -> str:
    codes = sorted(set(purposes or ()))
    return f",{','.join(codes)}," if codes else ""


def _actor(user) -> tuple[int | None, str]:
    if user is None:
        return None, ""
    return user.pk, getattr(user, "role", "")


def _record(request: RightsRequest, *, status: str, now, actor=None, note: str = "") -> None:
    actor_id, role = _actor(actor)
    RightsRequestEvent.objects.create(
        request=request, status=status, at=now, actor_id=actor_id, actor_role=role, note=note
    )
    if request.member_id is not None:
        RightsNotice.objects.create(
            member_id=request.member_id, request=request, status=status, created_at=now
        )


# --- Filing ---------------------------------------------------------------------------------


@transaction.atomic
def rights_request_file(
    *,
    member: User,
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
    _record(request, status=RightsStatus.RECEIVED, now=now, actor=member)
    return request


def find_principal(name: str, phone: str) -> User | None:
    """The member a proxy names, by the phone's blind index and the name; None unless exactly
    one member matches (the proxy is never told which)."""
    wanted = "".join(name.split())
    candidates = User.objects.filter(role=Role.MEMBER, **blind_lookup(User, "phone_index", phone))
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
    _record(request, status=RightsStatus.RECEIVED, now=now)
    _record(request, status=RightsStatus.IDENTITY_CHECK, now=now, note="대리인 위임장 확인 필요")
    return request


def attorney_bytes(request: RightsRequest) -> tuple[bytes, str] | None:
    attorney = PowerOfAttorney.objects.filter(request=request).first()
    if attorney is None:
        return None
    return base64.b64decode(attorney.data), attorney.content_type


# --- The officer's steps ---------------------------------------------------------------------


def _locked(request: RightsRequest) -> RightsRequest:
    """The request row, locked for this transaction: two staff clicking at once must not both
    move it (PostgreSQL row lock; SQLite has one writer)."""
    # of=("self",): lock the request row only; the member side of the join is nullable.
    return (
        RightsRequest.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=request.pk)
    )


# The officer's steps. Which fit a request's state is decided here only: the services check
# it on the locked row, and the desk offers just the steps that fit (privacy.rights.admin), so
# an officer is never asked to type a result the service would then refuse.
RIGHTS_STEPS = ("verify_identity", "pause", "resume", "complete", "partly_complete", "refuse")


def rights_step_problem(request: RightsRequest, step: str) -> str | None:
    """Why `step` does not fit the request's state (Korean, shown to staff), or None."""
    if step not in RIGHTS_STEPS:
        raise ValueError(f"unknown step {step!r}")
    if step == "resume":
        return None if request.is_paused else "기한이 정지된 요구가 아니에요."
    if not request.is_open:
        return f"이미 종결된 요구예요 ({request.get_status_display()})."
    if step == "verify_identity":
        if request.is_paused:
            return "기한이 정지된 요구예요. 먼저 처리를 재개해 주세요."
        if request.status == RightsStatus.IN_PROGRESS:
            return "이미 처리 중인 요구예요."
        if request.member_id is None:
            return (
                "이 요구와 연결된 회원이 없어요. 정보주체가 회원인지 확인한 뒤 처리하거나, "
                "보유한 정보가 없다는 사유로 거절해 주세요."
            )
    elif step == "pause" and request.is_paused:
        return "이미 기한이 정지된 요구예요."
    elif step in ("complete", "partly_complete") and request.status != RightsStatus.IN_PROGRESS:
        # 개인정보 보호법 제38조, 시행령 제46조: the requester (or the proxy's authority) is
        # confirmed before anything is disclosed, corrected or deleted; a paused request waits
        # for the requester first.
        if request.is_paused:
            return "기한이 정지된 요구예요. 먼저 처리를 재개해 주세요."
        return (
            "본인 확인을 마치고 처리 중인 요구만 완료할 수 있어요. "
            "먼저 ‘본인(대리인) 확인 완료 · 처리 시작’을 해 주세요."
        )
    return None


def rights_steps_allowed(request: RightsRequest) -> list[str]:
    return [step for step in RIGHTS_STEPS if rights_step_problem(request, step) is None]


def _require_step(request: RightsRequest, step: str) -> None:
    problem = rights_step_problem(request, step)
    if problem:
        raise RightsError(problem)


@transaction.atomic
def rights_request_verify_identity(
    *, request: RightsRequest, actor, note: str = "", now=None
) -> RightsRequest:
    """Identity (and, for a proxy, the 위임장) checked: handling starts."""
    now = now or timezone.now()
    request = _locked(request)
    _require_step(request, "verify_identity")
    request.identity_verified_at = now
    request.status = RightsStatus.IN_PROGRESS
    request.save(update_fields=["identity_verified_at", "status"])
    _record(
        request,
        status=RightsStatus.IN_PROGRESS,
        now=now,
        actor=actor,
        note=note or "본인 확인 완료",
    )
    return request


@transaction.atomic
def rights_request_pause(*, request: RightsRequest, actor, note: str, now=None) -> RightsRequest:
    """Waiting on the requester (e.g. identity documents missing): the clock stops."""
    now = now or timezone.now()
    if not note.strip():
        raise RightsError("요청인에게 무엇을 보내 달라고 했는지 적어 주세요.")
    request = _locked(request)
    _require_step(request, "pause")
    request.paused_at = now
    request.status = RightsStatus.WAITING
    request.save(update_fields=["paused_at", "status"])
    _record(request, status=RightsStatus.WAITING, now=now, actor=actor, note=note)
    return request


@transaction.atomic
def rights_request_resume(
    *, request: RightsRequest, actor, note: str = "", now=None
) -> RightsRequest:
    """The requester answered: the clock runs again and the due date moves by the whole KST
    calendar days it stood still."""
    now = now or timezone.now()
    request = _locked(request)
    _require_step(request, "resume")
    paused = (timezone.localdate(now) - timezone.localdate(request.paused_at)).days
    request.paused_days += max(paused, 0)
    request.due_date = due_date_for(request.received_at, request.paused_days)
    request.paused_at = None
    request.status = (
        RightsStatus.IN_PROGRESS if request.identity_verified_at else RightsStatus.IDENTITY_CHECK
    )
    request.save(update_fields=["paused_days", "due_date", "paused_at", "status"])
    _record(
        request, status=request.status, now=now, actor=actor, note=note or "요청인 회신, 처리 재개"
    )
    return request


def _close(request, *, status, actor, now, result="", grounds="", objection="") -> RightsRequest:
    request.status = status
    request.closed_at = now
    request.result = result
    request.grounds = grounds
    request.objection = objection
    request.save(update_fields=["status", "closed_at", "result", "grounds", "objection"])
    _record(request, status=status, now=now, actor=actor, note=grounds or result)
    return request


@transaction.atomic
def rights_request_complete(
    *,
    request: RightsRequest,
    actor,
    result: str = "",
    partly: bool = False,
    grounds: str = "",
    objection: str = "",
    now=None,
) -> RightsRequest:
    """The request was granted, in full or in part. A partial grant refuses the rest, so it
    needs grounds and how to object, like a refusal. A completed deletion destroys the member's
    data through the withdrawal path (accounts.services.member_withdraw)."""
    now = now or timezone.now()
    request = _locked(request)
    _require_step(request, "partly_complete" if partly else "complete")
    if partly:
        grounds, objection = _require_grounds(grounds, objection)
    status = RightsStatus.PARTLY_COMPLETED if partly else RightsStatus.COMPLETED
    member = request.member
    _close(
        request,
        status=status,
        actor=actor,
        now=now,
        result=result,
        grounds=grounds,
        objection=objection,
    )
    if request.kind == RightsKind.DELETION and member is not None and not partly:
        # The one destruction path: what withdrawal destroys, a deletion request destroys.
        account_services.member_withdraw(member=member)
        request.member = None
    return request


def _require_grounds(grounds: str, objection: str) -> tuple[str, str]:
    grounds = (grounds or "").strip()
    objection = (objection or "").strip()
    # 시행령 제42조·제44조, 제47조: a refusal states its grounds and how to object.
    if not grounds:
        raise RightsError("거절(일부 거절)에는 사유가 필요해요.")
    if not objection:
        raise RightsError("거절(일부 거절)에는 이의 제기 방법이 필요해요.")
    return grounds, objection


@transaction.atomic
def rights_request_refuse(
    *, request: RightsRequest, actor, grounds: str, objection: str = "", now=None
) -> RightsRequest:
    """Refused, with grounds and how to object (both required)."""
    now = now or timezone.now()
    grounds, objection = _require_grounds(grounds, objection)
    request = _locked(request)
    _require_step(request, "refuse")
    if request.is_paused:
        # Closing ends the pause; its days no longer matter.
        request.paused_at = None
        request.save(update_fields=["paused_at"])
    return _close(
        request,
        status=RightsStatus.REFUSED,
        actor=actor,
        now=now,
        grounds=grounds,
        objection=objection,
    )


# --- Reads ----------------------------------------------------------------------------------


def requests_for_member(member) -> list[RightsRequest]:
    """The member's requests, newest first, for the privacy centre: kind, status, due date and
    days left. Two queries whatever the number of rows (no encrypted column is read)."""
    return list(
        RightsRequest.objects.filter(member=member)
        .only(*LIST_FIELDS)
        .order_by("-received_at", "-id")
    )


def request_for_member(member, pk: int) -> RightsRequest | None:
    return RightsRequest.objects.filter(member=member, pk=pk).first()


def notices_for_member(member, limit: int = 20) -> list[RightsNotice]:
    return list(
        RightsNotice.objects.filter(member=member)
        .select_related("request")
        .only(
            "id",
            "status",
            "created_at",
            "read_at",
            "request",
            *(f"request__{f}" for f in LIST_FIELDS),
        )
        .order_by("-created_at", "-id")[:limit]
    )


def unread_notice_count(member) -> int:
    if member is None or not member.is_authenticated:
        return 0
    return RightsNotice.objects.filter(member=member, read_at__isnull=True).count()


def rights_notices_mark_read(*, member, request: RightsRequest | None = None, now=None) -> int:
    now = now or timezone.now()
    notices = RightsNotice.objects.filter(member=member, read_at__isnull=True)
    if request is not None:
        notices = notices.filter(request=request)
    return notices.update(read_at=now)


# --- Reminders (daily job) ------------------------------------------------------------------


def _reminder_kind(days_left: int) -> str | None:
    if days_left < 0:
        return ReminderKind.OVERDUE
    if days_left <= 1:
        return ReminderKind.D1
    if days_left <= 3:
        return ReminderKind.D3
    return None


def rights_reminders_send(*, now: datetime.datetime | None = None) -> list[RightsReminder]:
    """Remind staff of requests at D-3, D-1 and overdue (the most urgent one that applies,
    once per request per kind). Paused requests are skipped: their clock is stopped."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = []
    open_requests = RightsRequest.objects.filter(
        status__in=OPEN_RIGHTS_STATUSES,
        paused_at__isnull=True,
        due_date__lte=today + datetime.timedelta(days=3),
    ).only(*LIST_FIELDS)
    for request in open_requests:
        days_left = (request.due_date - today).days
        kind = _reminder_kind(days_left)
        if kind is None:
            continue
        try:
            with transaction.atomic():
                reminder = RightsReminder.objects.create(
                    request=request, kind=kind, due_date=request.due_date, created_at=now
                )
        except IntegrityError:  # sent already (or by a concurrent run)
            continue
        logger.info(
            "rights request %s (%s): reminder %s, due %s",
            request.pk,
            request.kind,
            kind,
            request.due_date.isoformat(),
        )
        sent.append(reminder)
    return sent


# --- The officer's summary ------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentRate:
    purpose: str
    label: str
    granted: int
    members: int

    @property
    def percent(self) -> float:
        return round(100 * self.granted / self.members, 1) if self.members else 0.0


def consent_rates() -> list[ConsentRate]:
    """Per purpose, the share of members whose latest ledger row for it is a grant."""
    members = User.objects.filter(role=Role.MEMBER)
    total = members.count()
    rates = []
    for purpose in Purpose:
        latest = (
            ConsentRecord.objects.filter(member=models.OuterRef("pk"), purpose=purpose)
            .order_by("-recorded_at", "-id")
            .values("granted")[:1]
        )
        granted = members.annotate(latest=models.Subquery(latest)).filter(latest=True).count()
        rates.append(ConsentRate(purpose.value, purpose.label, granted, total))
    return rates


@dataclass(frozen=True)
class Summary:
    open_by_kind: dict[str, int]
    open_total: int
    overdue: list[RightsRequest]
    due_soon: list[RightsRequest]
    paused: int
    consent_rates: list[ConsentRate]
    reminders: list[RightsReminder]


def officer_summary(*, now: datetime.datetime | None = None) -> Summary:
    now = now or timezone.now()
    today = timezone.localdate(now)
    open_requests = list(
        RightsRequest.objects.filter(status__in=OPEN_RIGHTS_STATUSES)
        .only(*LIST_FIELDS)
        .order_by("due_date", "id")
    )
    by_kind = dict.fromkeys(RightsKind.labels, 0)
    for r in open_requests:
        by_kind[r.get_kind_display()] += 1
    return Summary(
        open_by_kind=by_kind,
        open_total=len(open_requests),
        overdue=[r for r in open_requests if r.days_left_on(today) < 0],
        due_soon=[r for r in open_requests if 0 <= r.days_left_on(today) <= 3],
        paused=sum(1 for r in open_requests if r.is_paused),
        consent_rates=consent_rates(),
        reminders=list(
            RightsReminder.objects.select_related("request").only(
                "id", "kind", "due_date", "created_at", "request", "request__id", "request__kind"
            )[:20]
        ),
    )
