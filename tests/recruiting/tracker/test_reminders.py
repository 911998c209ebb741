"""Interview and next-date reminders: the morning of the day before and the morning of the
day, each once, in-app; a moved date is told again."""

import datetime

import pytest

from core.jobs import KST, run_due_jobs
from notifications.models import Notification
from recruiting.models import ApplicationStatus
from tests.recruiting.tracker.conftest import make_outside

pytestmark = pytest.mark.django_db

# A Wednesday morning in Seoul, after the job's 08:00.
MORNING = datetime.datetime(2026, 12, 2, 8, 5, tzinfo=KST)
TODAY = MORNING.date()


def texts(member) -> list[str]:
    return sorted(
        n.text for n in Notification.objects.filter(recipient=member, kind="recruiting.schedule")
    )


def test_the_day_before_and_the_day_each_once(member):
    entry = make_outside(
        member,
        next_date=TODAY + datetime.timedelta(days=1),
        next_time=datetime.time(14, 0),
        next_what="1차 면접",
    )
    make_outside(member, company="미래상사", next_date=TODAY)
    make_outside(member, company="먼훗날", next_date=TODAY + datetime.timedelta(days=2))

    run_due_jobs(now=MORNING)
    run_due_jobs(now=MORNING + datetime.timedelta(hours=3))  # a later run that day: done

    assert texts(member) == [
        "내일(12월 3일) 14:00 한빛은행 1차 면접 일정이 있어요.",
        "오늘 미래상사 일정이 있어요.",
    ]
    notification = Notification.objects.get(key__contains=f"outside:{entry.pk}")
    assert notification.url == f"/recruiting/tracker/{entry.pk}/"

    # The next morning: the day itself, once more for the same entry; then a rerun changes nothing.
    run_due_jobs(now=MORNING + datetime.timedelta(days=1))
    from recruiting.tracker.reminders import schedule_remind_batch

    sent, _ = schedule_remind_batch(now=MORNING + datetime.timedelta(days=1), source="outside")
    assert sent == 0
    assert texts(member) == [
        "내일(12월 3일) 14:00 한빛은행 1차 면접 일정이 있어요.",
        "내일(12월 4일) 먼훗날 일정이 있어요.",
        "오늘 14:00 한빛은행 1차 면접 일정이 있어요.",
        "오늘 미래상사 일정이 있어요.",
    ]


def test_a_next_step_the_member_called_일정_is_not_said_twice(member):
    make_outside(member, company="미래상사", next_date=TODAY, next_what="면접 일정")
    make_outside(member, company="한빛은행", next_date=TODAY, next_what="인적성검사")

    run_due_jobs(now=MORNING)

    assert texts(member) == [
        "오늘 미래상사 면접 일정이 있어요.",
        "오늘 한빛은행 인적성검사 일정이 있어요.",
    ]


def test_a_moved_date_is_told_again(member):
    entry = make_outside(member, next_date=TODAY, next_time=datetime.time(9, 0))
    run_due_jobs(now=MORNING)
    entry.next_time = datetime.time(16, 0)
    entry.save()
    from recruiting.tracker.reminders import outside_remind

    assert outside_remind(entry, today=TODAY) is not None
    assert outside_remind(entry, today=TODAY) is None
    assert len(texts(member)) == 2


def test_a_partner_interview_staff_set_is_reminded_unless_the_application_ended(
    member, application
):
    application.interview_at = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=KST)
    application.save()
    run_due_jobs(now=MORNING)
    assert texts(member) == ["내일(12월 3일) 10:00 라이프전자 면접 일정이 있어요."]

    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    run_due_jobs(now=MORNING + datetime.timedelta(days=1))
    assert len(texts(member)) == 1


def test_withdrawn_members_are_not_reminded(member):
    make_outside(member, next_date=TODAY)
    member.is_active = False
    member.save()
    run_due_jobs(now=MORNING)
    assert texts(member) == []
