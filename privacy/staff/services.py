"""Writes of the staff part: the internal management plan's versions, and designations and
education of the staff who handle personal data.

Designations are grants of access to members' data, so each grant, change and end is appended
to the access log's permission chain, like a change of an account's Django permissions
(안전성 확보조치 기준 제5조: 권한 부여·변경·말소 내역 3년 보관).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from privacy.accesslog.append import Actor, access_log_append, actor_from_request, model_label
from privacy.accesslog.models import AccessLogAction, AccessLogChain
from privacy.staff.models import (
    ManagementPlan,
    PrivacyEducation,
    StaffAccessRule,
    StaffDesignation,
    StaffRole,
)

# --- 내부관리계획 -----------------------------------------------------------------------------


def management_plan_current() -> ManagementPlan | None:
    """The plan in force: the latest approved version."""
    return ManagementPlan.objects.filter(approved_on__isnull=False).order_by("-version").first()


def management_plan_draft_open() -> ManagementPlan | None:
    return ManagementPlan.objects.filter(approved_on__isnull=True).order_by("-version").first()


def management_plan_next_version() -> int:
    return (ManagementPlan.objects.aggregate(v=Max("version"))["v"] or 0) + 1


@transaction.atomic
def management_plan_draft(
    *, text: str, title: str = "", change_summary: str = "", drafted_by=None
) -> ManagementPlan:
    """A new draft version. One draft at a time: the plan has one line of versions, and two
    drafts could not both become "the next version"."""
    draft = management_plan_draft_open()
    if draft is not None:
        raise ValidationError(
            f"승인되지 않은 초안(제{draft.version}판)이 이미 있습니다. "
            "그 초안을 고치거나 승인한 뒤에 새 판을 만들어 주세요."
        )
    plan = ManagementPlan(
        version=management_plan_next_version(),
        text=text,
        change_summary=change_summary,
        drafted_by=drafted_by,
    )
    if title:
        plan.title = title
    plan.save()
    return plan


def staff_is_officer(user) -> bool:
    """Whether `user` is designated 개인정보 보호책임자 today."""
    return (
        StaffDesignation.objects.in_force(timezone.localdate())
        .filter(staff_id=user.pk, role=StaffRole.OFFICER)
        .exists()
    )


def management_plan_approvable(plan: ManagementPlan, *, by, on: datetime.date) -> None:
    """Raise ValidationError (Korean) unless `by` may approve `plan` on `on`."""
    if plan.approved:
        raise ValidationError(f"제{plan.version}판은 이미 승인되어 바꿀 수 없습니다.")
    if not staff_is_officer(by):
        raise ValidationError(
            "내부관리계획은 개인정보 보호책임자로 지정된 직원만 승인할 수 있습니다."
        )
    if on > timezone.localdate():
        raise ValidationError("승인일은 오늘이나 그 이전 날짜여야 합니다.")
    current = management_plan_current()
    if current is not None and on < current.approved_on:
        raise ValidationError(
            f"승인일은 현행 제{current.version}판의 승인일({current.approved_on:%Y-%m-%d}) "
            "이후여야 합니다."
        )


@transaction.atomic
def management_plan_approve(*, plan: ManagementPlan, by, on: datetime.date) -> ManagementPlan:
    """Approve a draft: from now on it is the plan in force and never changes. The update is
    conditional on the row still being a draft, so two approvals cannot both succeed."""
    management_plan_approvable(plan, by=by, on=on)
    now = timezone.now()
    updated = ManagementPlan.objects.filter(pk=plan.pk, approved_on__isnull=True).update(
        approved_on=on, approved_by=by, approved_at=now
    )
    if updated != 1:
        raise ValidationError(f"제{plan.version}판은 이미 승인되어 바꿀 수 없습니다.")
    plan.refresh_from_db()
    return plan


# --- Designations and education ----------------------------------------------------------------


def _designation_snapshot(designation: StaffDesignation | None) -> dict | None:
    if designation is None:
        return None
    return {
        "role": designation.role,
        "scope": designation.scope,
        "designated_on": designation.designated_on.isoformat(),
        "ended_on": designation.ended_on.isoformat() if designation.ended_on else None,
    }


def designation_record_change(
    *, actor: Actor, designation: StaffDesignation, before: dict | None
) -> None:
    """Append the grant, change or end of a designation to the permission chain."""
    after = _designation_snapshot(designation)
    if before == after:
        return
    if before is None:
        action = AccessLogAction.PERMISSION_GRANT
    elif after["ended_on"] and not before["ended_on"]:
        action = AccessLogAction.PERMISSION_REVOKE
    else:
        action = AccessLogAction.PERMISSION_CHANGE
    access_log_append(
        chain=AccessLogChain.PERMISSION,
        actor=actor,
        action=action,
        subjects=[designation.staff_id],
        target_type=model_label(StaffDesignation),
        target_id=str(designation.pk),
        detail={"before": before, "after": after},
    )


def designation_snapshot_of(pk) -> dict | None:
    return _designation_snapshot(StaffDesignation.objects.filter(pk=pk).first()) if pk else None


@transaction.atomic
def staff_designate(
    *,
    staff,
    role: str,
    scope: str,
    on: datetime.date,
    by=None,
    request=None,
) -> StaffDesignation:
    """Designate `staff` from `on`, ending an open designation of theirs the day before."""
    open_designation = StaffDesignation.objects.filter(staff=staff, ended_on__isnull=True).first()
    actor = (
        actor_from_request(request, by)
        if request is not None
        else Actor(getattr(by, "pk", None), getattr(by, "role", ""), "")
    )
    if open_designation is not None:
        before = _designation_snapshot(open_designation)
        open_designation.ended_on = max(on, open_designation.designated_on)
        open_designation.save(update_fields=["ended_on"])
        designation_record_change(actor=actor, designation=open_designation, before=before)
    designation = StaffDesignation.objects.create(
        staff=staff, role=role, scope=scope, designated_on=on, designated_by=by
    )
    designation_record_change(actor=actor, designation=designation, before=None)
    return designation


def education_record(
    *, staff, course: str, completed_on: datetime.date, hours: Decimal | float, by=None
) -> PrivacyEducation:
    return PrivacyEducation.objects.create(
        staff=staff,
        course=course,
        completed_on=completed_on,
        hours=Decimal(str(hours)),
        recorded_by=by,
    )


def staff_access_rule() -> StaffAccessRule:
    rule, _ = StaffAccessRule.objects.get_or_create(pk=StaffAccessRule.SINGLETON_PK)
    return rule
