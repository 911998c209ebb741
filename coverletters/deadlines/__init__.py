"""Deadline reminders for cover letters: D-3, D-1 and the morning of the day.

The member wrote the posting's deadline on the letter (a date, and the hour when they know it).
Each stage notifies once per letter per deadline: the key names the date, so a moved deadline
is reminded again for its new date, and a rerun job (after a crash) notifies nobody twice.

No letter is marked "submitted" here: an application keeps a copy of the letter, not a link to
it (recruiting.models.Application.letter_snapshot), so a letter stays remindable until its
deadline; the member may still be sending it elsewhere."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coverletters.models import CoverLetter
from notifications.services import notify

KIND = "coverletters.deadline"
WEEKDAYS = "월화수목금토일"
# Days before the deadline → the stage's name in the key and in the message's header.
STAGES = {3: "D-3", 1: "D-1", 0: "당일"}
BATCH = 200


def deadline_text(letter: CoverLetter, today: datetime.date) -> str:
    """ "12월 5일(금) 18:00", "오늘 18:00", or the date alone when no time was given."""
    day = letter.deadline
    when = "오늘" if day == today else f"{day.month}월 {day.day}일({WEEKDAYS[day.weekday()]})"
    if letter.deadline_time is not None:
        when += f" {letter.deadline_time:%H:%M}"
    return when


def reminder_text(letter: CoverLetter, days: int, today: datetime.date) -> str:
    when = deadline_text(letter, today)
    if days == 0:
        return f"'{letter.title}' {when} 마감이에요."  # "오늘 18:00 마감이에요."
    if days == 1:
        return f"'{letter.title}' 마감이 내일이에요 ({when} 마감)."
    return f"'{letter.title}' 마감이 {days}일 남았어요 ({when} 마감)."


def due_letters(today: datetime.date, *, after: int = 0):
    """Letters at a reminder stage today, of members still with us, in pk order from `after`."""
    days = [today + datetime.timedelta(days=d) for d in STAGES]
    return (
        CoverLetter.objects.filter(
            deadline__in=days,
            pk__gt=after,
            member__withdrawn_at__isnull=True,
            member__is_active=True,
        )
        .select_related("member")
        .order_by("pk")
    )


def deadline_remind(letter: CoverLetter, *, today: datetime.date):
    """Notify the letter's member of its stage today; None when it is at no stage or was
    already reminded for this deadline and stage."""
    days = (letter.deadline - today).days
    stage = STAGES.get(days)
    if stage is None:
        return None
    return notify(
        letter.member,
        KIND,
        text=reminder_text(letter, days, today),
        key=f"{KIND}:{letter.pk}:{letter.deadline.isoformat()}:{stage}",
        url=letter.get_absolute_url(),
        params={
            "남은기간": stage,
            "자기소개서": letter.title,
            "마감일시": deadline_text(letter, today),
        },
    )


def deadlines_remind_batch(*, now: datetime.datetime, after: int = 0) -> tuple[int, int | None]:
    """One batch: (reminders written, the last letter's pk, or None when none were left)."""
    today = timezone.localdate(now)
    letters = list(due_letters(today, after=after)[:BATCH])
    sent = sum(1 for letter in letters if deadline_remind(letter, today=today) is not None)
    return sent, (letters[-1].pk if letters else None)
