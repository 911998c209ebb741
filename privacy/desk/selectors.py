"""What the privacy officer's home reads: what is due, overdue first, and this month's figures.

Every read here is a fixed number of queries, however many requests, entries or runs there are:
lists read only unencrypted columns (a request's fields are under its own key), and counts are
aggregates over indexed dates. Nothing here shows a member's personal data, so the home itself
writes no access-log entry; the pages it links to do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from privacy.accesslog.models import AccessLogAction, AccessLogEntry, AccessLogReview
from privacy.accesslog.review import previous_month
from privacy.audit.selectors import AuditDue, audit_next_due
from privacy.notices.selectors import policy_drafts
from privacy.notices.selectors import policy_versions_waiting as published_versions_waiting
from privacy.retention.models import DestructionRun, EntryKind, PendingSummary
from privacy.retention.selectors import UnconfirmedPeriod, ledger_unconfirmed_periods
from privacy.rights.models import (
    CLOSED_RIGHTS_STATUSES,
    LIST_FIELDS,
    OPEN_RIGHTS_STATUSES,
    RightsRequest,
)
from privacy.staff.designation import staff_designations
from privacy.staff.models import StaffAccessRule

# How many of the open requests the home lists; the rest are one click away, by due date.
DUE_REQUESTS_SHOWN = 20
# Warn this many days before a staff member's education runs out under the officer's rule
# (privacy.staff.models.StaffAccessRule, 365 days unless the officer changed it).
EDUCATION_WARN_DAYS = 30


def admin_url(*names: str, query: str = "", args: tuple = ()) -> str:
    """The first of `names` that resolves, with `query` appended; "" when none does, so a desk
    another part has not built yet is shown without a link and the home never fails."""
    for name in names:
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        return f"{url}?{query}" if query else url
    return ""


# --- What is due ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRequest:
    pk: int
    kind: str  # 열람, 정정, …
    status: str
    received_on: datetime.date  # 접수일 (KST)
    due_date: datetime.date  # 처리 기한
    days_left: int
    paused: bool
    url: str

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def dday(self) -> str:
        """'D-3', 'D-day', '기한 초과 2일'."""
        prefix = "정지 · " if self.paused else ""
        if self.days_left > 0:
            return f"{prefix}D-{self.days_left}"
        if self.days_left == 0:
            return f"{prefix}D-day"
        return f"{prefix}기한 초과 {-self.days_left}일"


def due_rights_requests(today: datetime.date, *, limit: int = DUE_REQUESTS_SHOWN):
    """Open rights requests, overdue first then by due date, and how many are open in all."""
    open_requests = RightsRequest.objects.filter(status__in=OPEN_RIGHTS_STATUSES)
    rows = list(open_requests.only(*LIST_FIELDS).order_by("due_date", "id")[:limit])
    total = open_requests.count()
    due = [
        DueRequest(
            pk=r.pk,
            kind=r.get_kind_display(),
            status=r.get_status_display(),
            received_on=timezone.localdate(r.received_at),
            due_date=r.due_date,
            days_left=r.days_left_on(today),
            paused=r.is_paused,
            url=admin_url("admin:privacy_rightsrequest_change", args=(r.pk,)),
        )
        for r in rows
    ]
    # A paused request's clock stands still, so its days left may put it after a later due date.
    due.sort(key=lambda d: (not d.overdue, d.days_left, d.due_date, d.pk))
    return due, total


@dataclass(frozen=True)
class WaitingPolicy:
    version: str
    effective_date: datetime.date
    days_left: int
    url: str
    draft: bool = False  # written, not yet published: no notice has gone out


def policy_versions_waiting(today: datetime.date) -> list[WaitingPolicy]:
    """Published policy versions not yet in effect (시행일 after today), then the drafts not yet
    published (their proposed 시행일, never in effect before they are published)."""
    published = [
        WaitingPolicy(
            version=v.version,
            effective_date=v.effective_date,
            days_left=(v.effective_date - today).days,
            url=admin_url("admin:notices_policyversion_change", args=(v.pk,)),
        )
        for v in published_versions_waiting(today).only("pk", "version", "effective_date")
    ]
    drafts = [
        WaitingPolicy(
            version=v.version,
            effective_date=v.effective_date,
            days_left=(v.effective_date - today).days,
            url=admin_url("admin:notices_policyversion_change", args=(v.pk,)),
            draft=True,
        )
        for v in policy_drafts().only("pk", "version", "effective_date")
    ]
    return published + drafts


@dataclass(frozen=True)
class Backlog:
    counted_at: datetime.datetime | None  # when the destruction job or the officer last counted
    rows: list[dict]  # [{"category", "due_now"}] with something past its destruction date
    total: int


def destruction_backlog() -> Backlog:
    """What is past its destruction date and not yet destroyed, as last counted
    (privacy.retention.engine.pending_summary_refresh, run by the daily job): counting every
    registered table on each visit to the home would cost a query per table."""
    summary = PendingSummary.objects.filter(pk=1).first()
    if summary is None:
        return Backlog(None, [], 0)
    rows = [r for r in summary.rows if r.get("due_now")]
    return Backlog(timezone.localtime(summary.computed_at), rows, sum(r["due_now"] for r in rows))


@dataclass(frozen=True)
class ReviewDue:
    """Last month's review of unusual access, not yet recorded (제8조 ②: 월 1회 이상 점검)."""

    month: datetime.date
    url: str

    @property
    def label(self) -> str:
        return f"{self.month.year}년 {self.month.month}월"


def access_log_review_due(today: datetime.date) -> ReviewDue | None:
    month = previous_month(today)
    if AccessLogReview.objects.filter(month=month).exists():
        return None
    url = admin_url("admin:privacy_accesslogentry_review", query=f"month={month:%Y-%m}")
    return ReviewDue(month, url)


@dataclass(frozen=True)
class EducationDue:
    username: str
    problem: str  # 지정·교육 기록 없음, 교육 기록 없음, 교육 만료, 교육 만료 예정 (D-n)


def education_due(today: datetime.date) -> list[EducationDue]:
    """Active staff accounts whose designation or privacy education is missing, out of date or
    about to be (개인정보처리방침: 개인정보를 처리하는 직원을 지정 … 교육)."""
    designations = staff_designations()
    valid_days = (
        StaffAccessRule.objects.values_list("education_valid_days", flat=True).first() or 365
    )
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
    due = []
    for user in staff.only("pk", "username"):
        info = designations.get(user.pk)
        if info is None:
            due.append(EducationDue(user.username, "지정·교육 기록 없음"))
        elif info.educated_on is None:
            due.append(EducationDue(user.username, "교육 기록 없음"))
        else:
            left = (info.educated_on + datetime.timedelta(days=valid_days) - today).days
            if not info.current or left < 0:
                due.append(EducationDue(user.username, "교육 만료"))
            elif left <= EDUCATION_WARN_DAYS:
                due.append(EducationDue(user.username, f"교육 만료 예정 (D-{left})"))
    return due


# --- This month's figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    url: str  # the desk it comes from, filtered to the month where the desk allows it


def month_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The KST month containing `today`, as aware datetimes [start, end)."""
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(following, datetime.time.min, tzinfo=tz)
    return start, end


def _range(field: str, start: datetime.datetime, end: datetime.datetime) -> str:
    """A changelist filter for the month: by KST date (`__date` reads the current time zone), so
    the desk shows the same rows the figure counted."""
    return (
        f"{field}__date__gte={start.date().isoformat()}&{field}__date__lt={end.date().isoformat()}"
    )


def month_figures(today: datetime.date) -> list[Figure]:
    start, end = month_bounds(today)
    in_month = {"__gte": start, "__lt": end}

    def within(field: str) -> models.Q:
        return models.Q(**{field + k: v for k, v in in_month.items()})

    rights = RightsRequest.objects.aggregate(
        received=models.Count("pk", filter=within("received_at")),
        answered=models.Count(
            "pk", filter=within("closed_at") & models.Q(status__in=CLOSED_RIGHTS_STATUSES)
        ),
        # 처리 기한 is a KST date; __date reads closed_at in the current time zone (KST).
        late=models.Count(
            "pk",
            filter=within("closed_at")
            & models.Q(status__in=CLOSED_RIGHTS_STATUSES, closed_at__date__gt=models.F("due_date")),
        ),
    )
    # 파기 only: a move into 분리 보관 (이관) is not a destruction.
    destroyed = DestructionRun.objects.filter(
        within("started_at"), kind=EntryKind.DESTRUCTION
    ).aggregate(n=models.Sum("count"))["n"]
    log = AccessLogEntry.objects.filter(within("at")).aggregate(
        reveals=models.Count("pk", filter=models.Q(action=AccessLogAction.REVEAL)),
        exports=models.Count("pk", filter=models.Q(action=AccessLogAction.EXPORT)),
    )
    users = get_user_model().objects.members()
    accounts = users.aggregate(
        joined=models.Count("pk", filter=within("date_joined")),
        withdrawn=models.Count("pk", filter=within("withdrawn_at")),
    )
    rights_list = "admin:privacy_rightsrequest_changelist"
    log_list = "admin:privacy_accesslogentry_changelist"
    user_list = "admin:accounts_user_changelist"
    return [
        Figure(
            "권리 행사 요구 접수",
            rights["received"],
            admin_url(rights_list, query=_range("received_at", start, end)),
        ),
        Figure(
            "권리 행사 요구 처리",
            rights["answered"],
            admin_url(rights_list, query=_range("closed_at", start, end)),
        ),
        Figure(
            "기한 넘겨 처리",
            rights["late"],
            admin_url(rights_list, query=_range("closed_at", start, end)),
        ),
        Figure(
            "파기 건수",
            destroyed or 0,
            admin_url(
                "admin:retention_destructionrun_changelist",
                query=_range("started_at", start, end),
            ),
        ),
        Figure(
            "마스킹 해제 조회",
            log["reveals"],
            admin_url(log_list, query=f"action__exact=reveal&{_range('at', start, end)}"),
        ),
        Figure(
            "내보내기",
            log["exports"],
            admin_url(log_list, query=f"action__exact=export&{_range('at', start, end)}"),
        ),
        Figure(
            "신규 가입",
            accounts["joined"],
            admin_url(user_list, query=f"role__exact=member&{_range('date_joined', start, end)}"),
        ),
        Figure(
            "탈퇴",
            accounts["withdrawn"],
            admin_url(user_list, query=f"role__exact=member&{_range('withdrawn_at', start, end)}"),
        ),
    ]


# --- Links to each desk -----------------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    label: str
    url: str  # "" while that desk does not exist yet


# Candidate URL names for desks other parts are building; the first that resolves is used.
DESKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("열람 등 요구", ("admin:privacy_rightsrequest_changelist",)),
    ("접속기록", ("admin:privacy_accesslogentry_changelist",)),
    ("파기 대장", ("admin:retention_destructionrun_changelist",)),
    ("개인정보처리방침 버전", ("admin:notices_policyversion_changelist",)),
    (
        "자체 감사",
        (
            "admin:privacy_selfaudit_changelist",
            "admin:privacy_quarterlyaudit_changelist",
            "admin:privacy_audit_changelist",
            "admin:audit_selfaudit_changelist",
        ),
    ),
    (
        "내부관리계획",
        ("admin:privacy_managementplan_changelist", "admin:staff_managementplan_changelist"),
    ),
    (
        "개인정보취급자",
        ("admin:privacy_staffdesignation_changelist", "admin:staff_staffdesignation_changelist"),
    ),
)


def desk_links() -> list[Desk]:
    return [Desk(label, admin_url(*names)) for label, names in DESKS]


# --- The home ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerHome:
    today: datetime.date
    month: str  # 2026년 12월
    requests: list[DueRequest]
    requests_open: int
    requests_url: str
    audit: AuditDue | None
    policies: list[WaitingPolicy]
    backlog: Backlog
    backlog_url: str
    unconfirmed: list[UnconfirmedPeriod]  # months of the 파기 대장 the officer has not confirmed
    review: ReviewDue | None  # last month's access-log review, if not yet recorded
    education: list[EducationDue]
    figures: list[Figure]
    desks: list[Desk]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.requests if r.overdue)


def officer_home(*, now: datetime.datetime | None = None) -> OfficerHome:
    today = timezone.localdate(now or timezone.now())
    requests, open_total = due_rights_requests(today)
    return OfficerHome(
        today=today,
        month=f"{today.year}년 {today.month}월",
        requests=requests,
        requests_open=open_total,
        requests_url=admin_url("admin:privacy_rightsrequest_changelist"),
        audit=audit_next_due(today),
        policies=policy_versions_waiting(today),
        backlog=destruction_backlog(),
        backlog_url=admin_url("admin:retention_destructionrun_changelist"),
        unconfirmed=ledger_unconfirmed_periods(today),
        review=access_log_review_due(today),
        education=education_due(today),
        figures=month_figures(today),
        desks=desk_links(),
    )
