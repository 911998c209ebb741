"""Reads of the tracker and the calendar: every application of the member, partner and
outside, as one kind of row; and the dated entries of a period. Each in a fixed number of
queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from core.jobs import KST
from core.paths import pk_paths
from coverletters.models import CoverLetter
from recruiting.models import Application, ApplicationStatus
from recruiting.tracker.models import STAGE_ORDER, OutsideApplication, Stage

# Partner applications move by staff's status; the tracker shows it on its own stage scale.
# 서류 합격 means the company moves to its interviews (partners run no aptitude test here).
STAGE_OF_STATUS = {
    ApplicationStatus.SUBMITTED: Stage.DOCUMENTS,
    ApplicationStatus.REVIEWING: Stage.DOCUMENTS,
    ApplicationStatus.DOCUMENTS_PASSED: Stage.INTERVIEW,
    ApplicationStatus.HIRED: Stage.PASSED,
    ApplicationStatus.REJECTED: Stage.FAILED,
}
# A withdrawn application is at no stage: shown last, under its own name.
WITHDRAWN = "withdrawn"
STAGE_LABELS = {**dict(Stage.choices), WITHDRAWN: "지원 취소"}
STAGE_RANK = {**STAGE_ORDER, WITHDRAWN: len(STAGE_ORDER)}

PARTNER = "partner"
OUTSIDE = "outside"


@dataclass(frozen=True)
class TrackerRow:
    kind: str  # PARTNER or OUTSIDE
    pk: int
    company: str
    role: str
    stage: str
    status_label: str  # staff's status for a partner application, else the stage
    applied_on: datetime.date | None
    next_date: datetime.date | None
    next_time: datetime.time | None
    next_what: str
    letter: CoverLetter | None
    url: str

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def editable(self) -> bool:
        return self.kind == OUTSIDE


def _partner_rows(member) -> list[TrackerRow]:
    applications = (
        Application.objects.filter(member=member)
        .select_related("posting__company")
        .only("status", "applied_at", "interview_at", "posting__job", "posting__company__name")
        .order_by()
    )
    url = pk_paths("recruiting:application")
    rows = []
    # The model's order, newest first, put in Python: ties in the tracker's sort keep it, and
    # sorting the member's few rows costs less than compiling the ORDER BY (issue 16).
    for application in sorted(applications, key=lambda a: (a.applied_at, a.pk), reverse=True):
        interview = (
            timezone.localtime(application.interview_at, KST) if application.interview_at else None
        )
        rows.append(
            TrackerRow(
                kind=PARTNER,
                pk=application.pk,
                company=application.posting.company.name,
                role=application.posting.job,
                stage=STAGE_OF_STATUS.get(application.status, WITHDRAWN),
                status_label=application.get_status_display(),
                applied_on=timezone.localtime(application.applied_at, KST).date(),
                next_date=interview.date() if interview else None,
                next_time=interview.time() if interview else None,
                next_what="면접" if interview else "",
                letter=None,
                url=url(application.pk),
            )
        )
    return rows


def outside_applications(member):
    return OutsideApplication.objects.filter(member=member).select_related("cover_letter")


# What a tracker row shows of a recorded application: not its memo, nor its letter's text;
# the owner and the version each sealed value opens under.
ROW_FIELDS = (
    "member",
    "sealed_version",
    "company",
    "role",
    "stage",
    "applied_on",
    "next_date",
    "next_time",
    "next_what",
    "cover_letter__member",
    "cover_letter__sealed_version",
    "cover_letter__title",
    "created_at",
)


def _outside_rows(member) -> list[TrackerRow]:
    url = pk_paths("recruiting:tracker_edit")
    return [
        TrackerRow(
            kind=OUTSIDE,
            pk=entry.pk,
            company=entry.company,
            role=entry.role,
            stage=entry.stage,
            status_label=entry.get_stage_display(),
            applied_on=entry.applied_on,
            next_date=entry.next_date,
            next_time=entry.next_time,
            next_what=entry.next_what,
            letter=entry.cover_letter,
            url=url(entry.pk),
        )
        for entry in sorted(  # the model's order, as the partner rows' above
            outside_applications(member).only(*ROW_FIELDS).order_by(),
            key=lambda e: (e.created_at, e.pk),
            reverse=True,
        )
    ]


SORTS = ("next", "company", "stage", "applied")


def _sort_key(sort: str):
    far = datetime.date.max
    if sort == "company":
        return lambda row: (row.company, row.role, row.pk)
    if sort == "stage":
        return lambda row: (STAGE_RANK[row.stage], row.company, row.pk)
    if sort == "applied":
        return lambda row: (row.applied_on or datetime.date.min, row.pk)
    # "next": the soonest next date first; rows with none at the end.
    return lambda row: (
        row.next_date is None,
        row.next_date or far,
        row.next_time or datetime.time.min,
        row.company,
    )


@dataclass(frozen=True)
class Tracker:
    rows: list[TrackerRow]
    counts: list[tuple[str, str, int]]  # (stage, label, count) over every row, filter aside
    total: int


def tracker(member, *, sort: str = "next", descending: bool = False, stage: str = "") -> Tracker:
    """Every application of the member: two queries (partner, outside)."""
    rows = _partner_rows(member) + _outside_rows(member)
    counts = [
        (value, label, sum(1 for row in rows if row.stage == value))
        for value, label in STAGE_LABELS.items()
    ]
    counts = [c for c in counts if c[2] or c[0] != WITHDRAWN]
    shown = [row for row in rows if not stage or row.stage == stage]
    sort = sort if sort in SORTS else "next"
    shown.sort(key=_sort_key(sort), reverse=descending)
    if descending:  # rows without the date stay at the end either way
        missing = {"next": "next_date", "applied": "applied_on"}.get(sort)
        if missing:
            shown.sort(key=lambda row: getattr(row, missing) is None)
    return Tracker(rows=shown, counts=counts, total=len(rows))


# --- The calendar -------------------------------------------------------------------------

DEADLINE = "deadline"
INTERVIEW = "interview"
SCHEDULE = "schedule"
KIND_LABELS = {DEADLINE: "마감", INTERVIEW: "면접", SCHEDULE: "일정"}


@dataclass(frozen=True)
class Entry:
    """A dated thing of the member's: a letter's deadline, a partner interview, or the next
    date of an outside application. `title` is for the member's own pages only; the feed
    carries company, role and time alone (recruiting.tracker.feed)."""

    kind: str
    uid: str
    date: datetime.date
    time: datetime.time | None
    company: str
    role: str
    title: str
    url: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def start(self) -> datetime.datetime | None:
        return datetime.datetime.combine(self.date, self.time, tzinfo=KST) if self.time else None


def _day_bounds(first: datetime.date, last: datetime.date):
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=KST)
    end = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=KST
    )
    return start, end


# What an entry shows, and the owner and version its sealed values open under.
LETTER_FIELDS = (
    "member",
    "sealed_version",
    "title",
    "job_title",
    "company",
    "deadline",
    "deadline_time",
)
OUTSIDE_FIELDS = (
    "member",
    "sealed_version",
    "company",
    "role",
    "next_date",
    "next_time",
    "next_what",
)


def entries(member, first: datetime.date, last: datetime.date) -> list[Entry]:
    """The member's dated entries from `first` to `last` (KST days, both included), in time
    order: three queries."""
    found: list[Entry] = []
    letter_url = pk_paths("coverletters:detail")
    # Unordered, here and below: the entries are sorted once at the end, uid last, so the
    # order is total whatever the rows' (and an ORDER BY costs its compile).
    letters = (
        CoverLetter.objects.filter(member=member, deadline__gte=first, deadline__lte=last)
        .only(*LETTER_FIELDS)
        .order_by()
    )
    for letter in letters:
        found.append(
            Entry(
                kind=DEADLINE,
                uid=f"coverletter-{letter.pk}-deadline",
                date=letter.deadline,
                time=letter.deadline_time,
                company=letter.company,
                role=letter.job_title,
                title=letter.title,
                url=letter_url(letter.pk),
            )
        )
    start, end = _day_bounds(first, last)
    application_url = pk_paths("recruiting:application")
    applications = (
        Application.objects.filter(member=member, interview_at__gte=start, interview_at__lt=end)
        .select_related("posting__company")
        .only("interview_at", "posting__job", "posting__company__name")
        .order_by()
    )
    for application in applications:
        moment = timezone.localtime(application.interview_at, KST)
        found.append(
            Entry(
                kind=INTERVIEW,
                uid=f"application-{application.pk}-interview",
                date=moment.date(),
                time=moment.time().replace(second=0, microsecond=0),
                company=application.posting.company.name,
                role=application.posting.job,
                title=f"{application.posting.company.name} 면접",
                url=application_url(application.pk),
            )
        )
    outside_url = pk_paths("recruiting:tracker_edit")
    outside = (
        OutsideApplication.objects.filter(member=member, next_date__gte=first, next_date__lte=last)
        .only(*OUTSIDE_FIELDS)
        .order_by()
    )
    for entry in outside:
        found.append(
            Entry(
                kind=SCHEDULE,
                uid=f"outside-{entry.pk}-next",
                date=entry.next_date,
                time=entry.next_time,
                company=entry.company,
                role=entry.role,
                title=f"{entry.company} {entry.next_what or '일정'}",
                url=outside_url(entry.pk),
            )
        )
    found.sort(key=lambda e: (e.date, e.time is not None, e.time or datetime.time.min, e.uid))
    return found
