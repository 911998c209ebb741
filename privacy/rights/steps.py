"""The officer's steps on a rights request: identity checked, paused and resumed while waiting
on the requester, completed (in full or in part) or refused.

Each step runs on the locked request row, appends to its history and tells the member
(privacy.rights.notices). Services take `now` so tests and jobs control the clock; by default it
is django.utils.timezone.now().
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from privacy.retention.services import staff_label
from privacy.rights.deadlines import due_date_for
from privacy.rights.models import RightsKind, RightsRequest, RightsStatus
from privacy.rights.notices import rights_event_record
from privacy.rights.signals import announce_completed
from privacy.withdrawal import runner as withdrawal

DEFAULT_OBJECTION = (
    "이 결정에 동의하지 않으면 결과를 받은 날부터 90일 안에 개인정보 보호책임자에게 이의를 "
    "제기할 수 있어요({email}, {phone}). 개인정보침해 신고센터(국번 없이 118), "
    "개인정보 분쟁조정위원회(1833-6972), 행정심판(국민권익위원회)으로도 구제를 요청할 수 있어요."
)


class RightsError(ValueError):
    """A step the request's state or the law does not allow (shown to staff as is)."""


def default_objection() -> str:
    return DEFAULT_OBJECTION.format(
        email=settings.PRIVACY_OFFICER_EMAIL, phone=settings.PRIVACY_OFFICER_PHONE
    )


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
    elif step == "partly_complete" and request.kind == RightsKind.LIFT_SUSPENSION:
        return "처리정지 해제는 일부만 처리할 수 없어요. 처리 완료 또는 거절해 주세요."
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
    request.identity_checked_by_id = getattr(actor, "pk", None)
    if note.strip():
        request.identity_note = note.strip()[:200]
    request.status = RightsStatus.IN_PROGRESS
    request.save(
        update_fields=[
            "identity_verified_at",
            "identity_checked_by_id",
            "identity_note",
            "status",
        ]
    )
    rights_event_record(
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
    rights_event_record(request, status=RightsStatus.WAITING, now=now, actor=actor, note=note)
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
    rights_event_record(
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
    rights_event_record(request, status=status, now=now, actor=actor, note=grounds or result)
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
    data through the withdrawal path (privacy.withdrawal.runner.member_withdraw)."""
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
    if request.kind == RightsKind.LIFT_SUSPENSION and request.lifts_id is not None:
        # 개인정보 보호법 제37조: the suspension ends; privacy.holds stops holding its purposes.
        RightsRequest.objects.filter(pk=request.lifts_id, lifted_at__isnull=True).update(
            lifted_at=now
        )
    if request.kind == RightsKind.DELETION and member is not None and not partly:
        # The one destruction path: what withdrawal destroys, a deletion request destroys.
        withdrawal.member_withdraw(
            member=member, handler=staff_label(actor) if actor is not None else ""
        )
        request.member = None
    announce_completed(request)
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
    request = _close(
        request,
        status=RightsStatus.REFUSED,
        actor=actor,
        now=now,
        grounds=grounds,
        objection=objection,
    )
    announce_completed(request)
    return request
