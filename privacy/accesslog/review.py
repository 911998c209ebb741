"""The monthly review of unusual access (제8조 ②: 월 1회 이상 점검)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models.functions import ExtractHour
from django.utils import timezone

from privacy.accesslog.append import EXPORT_ACTIONS
from privacy.accesslog.models import (
    AccessLogAction,
    AccessLogChain,
    AccessLogEntry,
    AccessLogSubject,
)

KST = ZoneInfo("Asia/Seoul")


def previous_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[first day 00:00 KST, first day of the next month 00:00 KST)."""
    start = datetime(month.year, month.month, 1, tzinfo=KST)
    nxt = (start + timedelta(days=32)).replace(day=1)
    return start, nxt


@dataclass
class ManyMembers:
    actor_id: int | None
    actor_role: str
    members: int
    entries: int


@dataclass
class FailedSignIns:
    username_digest: str
    actor_id: int | None
    attempts: int
    ips: list[str]


@dataclass
class ReviewReport:
    month: date
    start: datetime
    end: datetime
    threshold: int
    total: int
    many_members: list[ManyMembers]
    off_hours: list[AccessLogEntry]
    off_hours_total: int
    exports: list[AccessLogEntry]
    failed_sign_ins: list[FailedSignIns]


OFF_HOURS_SHOWN = 500


def access_log_review(*, month: date, threshold: int | None = None) -> ReviewReport:
    """The monthly review of unusual access: accounts that saw more than `threshold` distinct
    members, access between 22:00 and 07:00 KST, exports and downloads, failed sign-ins."""
    threshold = settings.ACCESS_LOG_REVIEW_MEMBER_THRESHOLD if threshold is None else threshold
    start, end = month_bounds(month)
    month_entries = AccessLogEntry.objects.filter(
        chain=AccessLogChain.ACCESS, at__gte=start, at__lt=end
    )

    # Distinct members per account, counted by the database over the subject index: one
    # query, and memory that does not grow with the month's entries.
    per_actor = (
        AccessLogSubject.objects.filter(
            entry__chain=AccessLogChain.ACCESS, entry__at__gte=start, entry__at__lt=end
        )
        .values_list("entry__actor_id", "entry__actor_role")
        .annotate(
            members=models.Count("subject", distinct=True),
            entries=models.Count("entry", distinct=True),
        )
        .filter(members__gt=threshold)
        .order_by()
    )
    many = sorted(
        (
            ManyMembers(actor_id, role, members, entries)
            for actor_id, role, members, entries in per_actor
        ),
        key=lambda m: -m.members,
    )

    off_hours = (
        month_entries.exclude(action=AccessLogAction.SIGN_IN_FAILED)
        .annotate(kst_hour=ExtractHour("at", tzinfo=KST))
        .filter(models.Q(kst_hour__gte=22) | models.Q(kst_hour__lt=7))
        .order_by("at", "seq")
    )
    failed: dict[str, FailedSignIns] = {}
    for actor_id, ip, detail in month_entries.filter(
        action=AccessLogAction.SIGN_IN_FAILED
    ).values_list("actor_id", "ip", "detail"):
        digest = (detail or {}).get("username_digest", "")
        row = failed.setdefault(digest, FailedSignIns(digest, actor_id, 0, []))
        row.attempts += 1
        if ip and ip not in row.ips:
            row.ips.append(ip)
    return ReviewReport(
        month=month,
        start=start,
        end=end,
        threshold=threshold,
        total=month_entries.count(),
        many_members=many,
        off_hours=list(off_hours[:OFF_HOURS_SHOWN]),
        off_hours_total=off_hours.count(),
        exports=list(month_entries.filter(action__in=EXPORT_ACTIONS).order_by("at", "seq")),
        failed_sign_ins=sorted(failed.values(), key=lambda f: -f.attempts),
    )


# --- The record that the review was done --------------------------------------------------------

RECORD_PERMISSION = "privacy.add_accesslogreview"
FINDINGS_MAX = 2000


class ReviewNotRecorded(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def report_figures(report: ReviewReport) -> dict:
    """The figures of a month's report, as stored with its review record and read by the audit."""
    return {
        "entries": report.total,
        "many_members": len(report.many_members),
        "off_hours": report.off_hours_total,
        "exports": len(report.exports),
        "failed_sign_ins": sum(f.attempts for f in report.failed_sign_ins),
    }


def access_log_review_record(*, month: date, by, findings: str, now: datetime | None = None):
    """Record that `by` reviewed `month`'s report and what they found. A month is reviewed once
    it has ended, and recorded once; the findings are required ("이상 없음" is a finding)."""
    from django.db import IntegrityError, transaction

    from privacy.accesslog.models import AccessLogReview

    now = now or timezone.now()
    findings = (findings or "").strip()
    month = month.replace(day=1)
    if not findings:
        raise ReviewNotRecorded("점검 결과를 적어 주세요. 이상이 없으면 '이상 없음'이라고 적어요.")
    if len(findings) > FINDINGS_MAX:
        raise ReviewNotRecorded(f"점검 결과는 {FINDINGS_MAX:,}자까지 적을 수 있어요.")
    _, end = month_bounds(month)
    if now < end:
        raise ReviewNotRecorded(
            f"{month.year}년 {month.month}월은 아직 끝나지 않았어요. 달이 끝난 뒤 점검해 주세요."
        )
    report = access_log_review(month=month)
    try:
        with transaction.atomic():
            return AccessLogReview.objects.create(
                month=month,
                reviewed_at=now,
                reviewed_by=by,
                reviewed_by_name=by.get_username(),
                findings=findings,
                figures=report_figures(report),
            )
    except IntegrityError:
        raise ReviewNotRecorded(f"{month.year}년 {month.month}월 점검은 이미 기록했어요.") from None
