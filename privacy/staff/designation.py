"""Who may handle members' personal data on staff screens: 개인정보처리방침 "개인정보를 처리하는
직원을 지정하고 담당자에 한정시켜 최소화". Only designated staff whose privacy education is
current may open members' data in the admin; a refused attempt is written to the access log.

(Interface: the designation part fills this in; until then every staff account passes.)"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DesignationInfo:
    """A staff account's designation to handle personal data, as the audit and the desk read it."""

    user_id: int
    role: str  # 개인정보 보호책임자, 개인정보 취급자, …
    scope: str  # which members' data, for which work
    designated_on: datetime.date
    educated_on: datetime.date | None  # last privacy education completed
    current: bool  # designated, not ended, and education recent enough under the officer's rule


def staff_designations() -> dict[int, DesignationInfo]:
    """Every staff account's current designation, by account id (empty until filled in)."""
    return {}


def staff_may_handle_personal_data(user) -> bool:
    """Whether `user` is designated to handle members' personal data and educated recently
    enough (the officer's rule)."""
    return True


def staff_access_check(request, *, model=None, subjects=()) -> None:
    """Raise PermissionDenied, after logging the attempt (AccessLogAction.DENIED), unless the
    requesting staff account may handle members' personal data. Every staff view that shows a
    member's personal data calls it first (the PersonalDataAdminMixin does)."""
    return None
