"""Reminders of the tracker's next dates: an interview staff set on a partner application, and
the next date the member wrote on an outside one. Told the morning of the day before and the
morning of the day (the job runs at 08:00 KST, recruiting.tasks), in-app.

Each reminder is keyed by the row, the date and time it names and the stage, so a rerun job
(after a crash) tells nobody twice, and a moved date is told again for its new date. No
KakaoTalk template is approved for these (messaging/approved/LMDEADLN01 speaks of a letter's
deadline), so notifications shows them in-app only until one is."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.jobs import KST
from notifications.services import notify
from recruiting.models import Application, ApplicationStatus
from recruiting.tracker.models import OutsideApplication

KIND = "recruiting.schedule"
WEEKDAYS = "월화수목금토일"
STAGES = {1: "D-1", 0: "당일"}
BATCH = 200
# An application that ended has nothing left to prepare for.
ENDED_STATUSES = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.HIRED)


def when_text(day: datetime.date, time: datetime.time | None, today: datetime.date) -> str:
    """ "오늘 14:00", "내일(12월 3일) 14:00", or the day alone when no time was given."""
    date = f"{day.month}월 {day.day}일"
    when = "오늘" if day == today else f"내일({date})"
    return f"{when} {time:%H:%M}" if time is not None else when


def _members_here():
    return {"member__withdrawn_at__isnull": True, "member__is_active": True}


def due_outside(today: datetime.date, *, after: int = 0):
    days = [today + datetime.timedelta(days=d) for d in STAGES]
    return (
        OutsideApplication.objects.filter(next_date__in=days, pk__gt=after, **_members_here())
        .select_related("member")
        .defer("memo")
        .order_by("pk")
    )


def due_partner(today: datetime.date, *, after: int = 0):
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=KST)
    end = start + datetime.timedelta(days=max(STAGES) + 1)
    return (
        Application.objects.filter(
            interview_at__gte=start, interview_at__lt=end, pk__gt=after, **_members_here()
        )
        .exclude(status__in=ENDED_STATUSES)
        .select_related("member", "posting__company")
        .defer("letter_snapshot", "profile_snapshot")
        .order_by("pk")
    )


def _schedule_phrase(what: str) -> str:
    """ "한빛은행 1차 면접 일정", and not "… 면접 일정 일정" when the member already wrote 일정."""
    return what if what.replace(" ", "").endswith("일정") else f"{what} 일정"


def _remind(member, *, ref: str, what: str, day, time, url: str, today):
    days = (day - today).days
    stage = STAGES.get(days)
    if stage is None:
        return None
    when = when_text(day, time, today)
    moment = f"{day.isoformat()}T{time:%H:%M}" if time else day.isoformat()
    return notify(
        member,
        KIND,
        text=f"{when} {_schedule_phrase(what)}이 있어요.",
        key=f"{KIND}:{ref}:{moment}:{stage}",
        url=url,
    )


def outside_remind(entry: OutsideApplication, *, today: datetime.date):
    what = f"{entry.company} {entry.next_what}".strip() if entry.next_what else entry.company
    return _remind(
        entry.member,
        ref=f"outside:{entry.pk}",
        what=what,
        day=entry.next_date,
        time=entry.next_time,
        url=entry.get_absolute_url(),
        today=today,
    )


def partner_remind(application: Application, *, today: datetime.date):
    moment = timezone.localtime(application.interview_at, KST)
    return _remind(
        application.member,
        ref=f"application:{application.pk}",
        what=f"{application.posting.company.name} 면접",
        day=moment.date(),
        time=moment.time().replace(second=0, microsecond=0),
        url=application.get_absolute_url(),
        today=today,
    )


def schedule_remind_batch(
    *, now: datetime.datetime, source: str, after: int = 0
) -> tuple[int, int | None]:
    """One batch of `source` ("outside" or "partner"): (reminders written, the last row's pk,
    or None when none were left)."""
    today = timezone.localtime(now, KST).date()
    if source == "outside":
        rows = list(due_outside(today, after=after)[:BATCH])
        sent = sum(1 for row in rows if outside_remind(row, today=today) is not None)
    else:
        rows = list(due_partner(today, after=after)[:BATCH])
        sent = sum(1 for row in rows if partner_remind(row, today=today) is not None)
    return sent, (rows[-1].pk if rows else None)
