"""Writes of the quarterly self-audit: prepare, record findings, complete, remind, destroy."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from privacy.audit.models import (
    AuditReminder,
    AuditReminderKind,
    AuditSection,
    QuarterlyAudit,
)
from privacy.audit.quarters import KST, Quarter
from privacy.audit.snapshot import audit_snapshot

# Kept 3 years after completion (the officer's rule for the internal audit's records, the same
# span as the 안전성 확보조치 기준 제5조 keeps grants of access), then destroyed by the daily job.
KEEP_YEARS = 3
FINDING_MAX = 2000


class AuditError(ValueError):
    """A change the audit's state does not allow; the message is for the officer."""


def _keep_until(completed: datetime.date) -> datetime.date:
    try:
        return completed.replace(year=completed.year + KEEP_YEARS)
    except ValueError:  # 29 February
        return completed.replace(year=completed.year + KEEP_YEARS, day=28)


def _quarter_ended(quarter: Quarter, now: datetime.datetime) -> bool:
    return timezone.localdate(now, KST) > quarter.last_day


@transaction.atomic
def audit_prepare(*, quarter: Quarter, by, now: datetime.datetime | None = None) -> QuarterlyAudit:
    """Gather the quarter's snapshot: a new audit, or a fresh snapshot for one not completed yet
    (the findings written so far are kept)."""
    now = now or timezone.now()
    if not _quarter_ended(quarter, now):
        raise AuditError(f"{quarter.label}가 아직 끝나지 않아 감사를 준비할 수 없습니다.")
    snapshot = audit_snapshot(quarter, now=now)
    audit = (
        QuarterlyAudit.objects.select_for_update()
        .filter(year=quarter.year, quarter=quarter.number)
        .first()
    )
    if audit is None:
        try:
            with transaction.atomic():
                return QuarterlyAudit.objects.create(
                    year=quarter.year,
                    quarter=quarter.number,
                    prepared_at=now,
                    prepared_by=by,
                    snapshot=snapshot,
                )
        except IntegrityError:  # prepared at the same moment by someone else
            audit = QuarterlyAudit.objects.get(year=quarter.year, quarter=quarter.number)
    if audit.is_completed:
        raise AuditError("완료된 감사는 다시 준비할 수 없습니다.")
    QuarterlyAudit.objects.filter(pk=audit.pk, completed_at__isnull=True).update(
        snapshot=snapshot, prepared_at=now, prepared_by=by
    )
    audit.refresh_from_db()
    return audit


def _clean(findings: dict) -> dict:
    cleaned = {}
    for section in AuditSection.values:
        entry = findings.get(section) or {}
        finding = str(entry.get("finding", "")).strip()
        action = str(entry.get("action", "")).strip()
        if len(finding) > FINDING_MAX or len(action) > FINDING_MAX:
            raise AuditError(f"{AuditSection(section).label}: {FINDING_MAX}자 이내로 적어 주세요.")
        cleaned[section] = {"finding": finding, "action": action}
    return cleaned


@transaction.atomic
def audit_findings_save(*, audit_id: int, findings: dict) -> QuarterlyAudit:
    """Record the officer's findings and actions. Refused once the audit is completed: the
    UPDATE is conditional on that, so a save racing a completion cannot slip in after it."""
    cleaned = _clean(findings)
    if not QuarterlyAudit.objects.filter(pk=audit_id, completed_at__isnull=True).update(
        findings=cleaned
    ):
        raise AuditError("완료된 감사는 고칠 수 없습니다.")
    return QuarterlyAudit.objects.get(pk=audit_id)


@transaction.atomic
def audit_complete(
    *, audit_id: int, findings: dict, by, now: datetime.datetime | None = None
) -> QuarterlyAudit:
    """Save the findings and complete the audit: who and when, and its keeping ends 3 years on.
    Every section needs a finding (이상 없음 is one); actions may be empty."""
    now = now or timezone.now()
    cleaned = _clean(findings)
    missing = [AuditSection(s).label for s, e in cleaned.items() if not e["finding"]]
    if missing:
        raise AuditError(
            "완료하려면 모든 항목의 발견 사항을 적어 주세요 (이상이 없으면 '이상 없음'): "
            + ", ".join(missing)
        )
    name = by.get_username() if by is not None else ""
    if not QuarterlyAudit.objects.filter(pk=audit_id, completed_at__isnull=True).update(
        findings=cleaned,
        completed_at=now,
        completed_by=by,
        completed_by_name=name,
        keep_until=_keep_until(timezone.localdate(now, KST)),
    ):
        raise AuditError("이미 완료된 감사입니다.")
    return QuarterlyAudit.objects.get(pk=audit_id)


def audit_reminders_send(*, now: datetime.datetime | None = None) -> list[AuditReminder]:
    """A reminder when the last quarter's audit becomes due (the quarter ended) and another
    once its due date has passed, each once (the unique constraint)."""
    from privacy.audit.selectors import audit_next_due_quarter

    now = now or timezone.now()
    today = timezone.localdate(now, KST)
    quarter = audit_next_due_quarter(today)
    if quarter is None:
        return []
    kinds = [AuditReminderKind.DUE]
    if today > quarter.due:
        kinds.append(AuditReminderKind.OVERDUE)
    sent = []
    for kind in kinds:
        try:
            with transaction.atomic():
                sent.append(
                    AuditReminder.objects.create(
                        year=quarter.year,
                        quarter=quarter.number,
                        kind=kind,
                        due_date=quarter.due,
                        created_at=now,
                    )
                )
        except IntegrityError:  # sent already
            continue
    return sent


def audits_destroy_expired(*, now: datetime.datetime) -> int:
    """Delete the completed audits whose 3 years have ended: the count, for the 파기 대장."""
    today = timezone.localdate(now, KST)
    deleted, _ = QuarterlyAudit.objects.filter(
        completed_at__isnull=False, keep_until__lt=today
    ).delete()
    return deleted
