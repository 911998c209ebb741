"""Who may handle members' personal data on staff screens: 개인정보처리방침 "개인정보를 처리하는
직원을 지정하고 담당자에 한정시켜 최소화". Only designated staff whose privacy education is
current may open members' data in the admin; a refused attempt is written to the access log.

The rule, in one place (`staff_may_handle_personal_data`): the account is active staff, has a
designation in force today (privacy.staff.models.StaffDesignation: begun, not ended), and
completed a privacy education no longer ago than the officer's rule allows
(StaffAccessRule.education_valid_days, 365 by default). Being a superuser is not a
designation: an engineer with every Django permission still may not read members' data unless
the officer designated and trained them.

The decision is made once per request (one query) and kept on the request, so that a page that
asks for every row, inline and column costs the same as one that asks once.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from privacy.accesslog.append import access_log_append, actor_from_request, model_label
from privacy.accesslog.models import AccessLogAction
from privacy.staff.models import (
    DEFAULT_EDUCATION_VALID_DAYS,
    PrivacyEducation,
    StaffAccessRule,
    StaffDesignation,
    StaffRole,
)

REQUEST_CACHE_ATTRIBUTE = "_privacy_staff_decision"
DENIED_MESSAGE = (
    "회원의 개인정보를 열람할 권한이 없습니다. 개인정보취급자로 지정되고 개인정보 보호 교육을 "
    "이수한 직원만 열람할 수 있습니다. 개인정보 보호책임자에게 문의해 주세요."
)


@dataclass(frozen=True)
class DesignationInfo:
    """A staff account's designation to handle personal data, as the audit and the desk read it."""

    user_id: int
    role: str  # 개인정보 보호책임자, 개인정보 취급자, …
    scope: str  # which members' data, for which work
    designated_on: datetime.date
    educated_on: datetime.date | None  # last privacy education completed
    current: bool  # designated, not ended, and education recent enough under the officer's rule


class NotDesignated(PermissionDenied):
    """The 403 of the gate. `public_message` is what the error page tells the staff member: why
    (in the access log's words) and whom to ask; it names no member and no data."""

    def __init__(self, refusal: Refusal):
        super().__init__(DENIED_MESSAGE)
        self.public_message = f"{DENIED_MESSAGE} (사유: {refusal})"


class Refusal(enum.StrEnum):
    """Why an account may not open members' data; the words go in the access-log entry."""

    NOT_STAFF = "직원 계정 아님"
    NOT_DESIGNATED = "개인정보취급자로 지정되지 않음"
    NO_EDUCATION = "개인정보 보호 교육 이수 기록 없음"
    EDUCATION_EXPIRED = "개인정보 보호 교육 유효 기간 지남"


def today() -> datetime.date:
    return timezone.localdate()


def _valid_days_subquery():
    return Subquery(
        StaffAccessRule.objects.filter(pk=StaffAccessRule.SINGLETON_PK).values(
            "education_valid_days"
        )[:1]
    )


def _last_education_subquery():
    # Not filtered to dates up to today: the admin refuses a completion date in the future,
    # so only a clock moved back (in tests) meets one, and it should not lock anyone out.
    return Subquery(
        PrivacyEducation.objects.filter(staff_id=OuterRef("staff_id"))
        .order_by("-completed_on")
        .values("completed_on")[:1]
    )


def education_current(
    educated_on: datetime.date | None, valid_days: int | None, on: datetime.date
) -> bool:
    if educated_on is None:
        return False
    return (on - educated_on).days <= (valid_days or DEFAULT_EDUCATION_VALID_DAYS)


def education_valid_days() -> int:
    rule = StaffAccessRule.objects.filter(pk=StaffAccessRule.SINGLETON_PK).first()
    return rule.education_valid_days if rule else DEFAULT_EDUCATION_VALID_DAYS


def _designation_rows(**filters) -> list[dict]:
    on = today()
    return list(
        StaffDesignation.objects.in_force(on)
        .filter(staff__is_staff=True, staff__is_active=True, **filters)
        .annotate(educated_on=_last_education_subquery(), valid_days=_valid_days_subquery())
        .order_by("staff_id")
        .values("staff_id", "role", "scope", "designated_on", "educated_on", "valid_days")
    )


def staff_designations() -> dict[int, DesignationInfo]:
    """Every active staff account's designation in force today, by account id; `current` says
    whether its education is also recent enough. One query."""
    on = today()
    return {
        row["staff_id"]: DesignationInfo(
            user_id=row["staff_id"],
            role=StaffRole(row["role"]).label,  # in Korean, as the desk and the audit show it
            scope=row["scope"],
            designated_on=row["designated_on"],
            educated_on=row["educated_on"],
            current=education_current(row["educated_on"], row["valid_days"], on),
        )
        for row in _designation_rows()
    }


def staff_refusal(user) -> Refusal | None:
    """None when `user` may handle members' personal data, else why not. One query."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return Refusal.NOT_STAFF
    rows = _designation_rows(staff_id=user.pk)
    if not rows:
        return Refusal.NOT_DESIGNATED
    row = rows[0]
    if row["educated_on"] is None:
        return Refusal.NO_EDUCATION
    if not education_current(row["educated_on"], row["valid_days"], today()):
        return Refusal.EDUCATION_EXPIRED
    return None


def staff_may_handle_personal_data(user) -> bool:
    """Whether `user` is designated to handle members' personal data and educated recently
    enough (the officer's rule)."""
    return staff_refusal(user) is None


def _request_refusal(request) -> Refusal | None:
    user = getattr(request, "user", None)
    cached = getattr(request, REQUEST_CACHE_ATTRIBUTE, None)
    # Keyed by account: a sign-in in the middle of a request is a different decision.
    if cached is not None and cached[0] == getattr(user, "pk", None):
        return cached[1]
    refusal = staff_refusal(user)
    setattr(request, REQUEST_CACHE_ATTRIBUTE, (getattr(user, "pk", None), refusal))
    return refusal


def staff_access_check(request, *, model=None, subjects: Iterable[int | None] = ()) -> None:
    """Raise PermissionDenied, after logging the attempt (AccessLogAction.DENIED), unless the
    requesting staff account may handle members' personal data. Every staff view that shows a
    member's personal data calls it first (the PersonalDataAdminMixin does)."""
    refusal = _request_refusal(request)
    if refusal is None:
        return
    # Logged even when no member is known yet (a list page refused before it read any rows):
    # the attempt itself is what the officer reviews.
    access_log_append(
        actor=actor_from_request(request),
        action=AccessLogAction.DENIED,
        subjects={s for s in subjects if s is not None},
        target_type=model_label(model) if model is not None else "",
        detail={"why": str(refusal), "path": request.path},
    )
    raise NotDesignated(refusal)
