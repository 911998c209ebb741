"""When a quarter's audit is due (the 15th of the month after the quarter), and the reminder."""

import datetime

import time_machine

from core.jobs import run_due_jobs
from privacy.audit.models import AuditReminder, AuditReminderKind
from privacy.audit.quarters import Quarter
from privacy.audit.selectors import audit_next_due
from tests.privacy.audit.support import completed_audit, kst


def test_a_quarter_is_due_by_the_15th_of_the_following_month():
    assert Quarter(2026, 3).due == datetime.date(2026, 10, 15)
    assert Quarter(2026, 4).due == datetime.date(2027, 1, 15)
    assert Quarter(2026, 4).last_day == datetime.date(2026, 12, 31)
    assert Quarter.of(datetime.date(2026, 12, 3)) == Quarter(2026, 4)
    assert [m.month for m in Quarter(2026, 4).months] == [10, 11, 12]


def test_the_last_quarter_is_due_until_its_audit_is_completed(root):
    due = audit_next_due(datetime.date(2026, 10, 5))
    assert due.quarter == "2026년 3분기"
    assert due.due == datetime.date(2026, 10, 15)
    assert not due.overdue
    assert due.url == "/admin/privacy/quarterlyaudit/quarter/2026/3/"

    late = audit_next_due(datetime.date(2026, 10, 16))
    assert late.overdue and late.quarter == "2026년 3분기"

    completed_audit(root)
    assert audit_next_due(datetime.date(2026, 10, 16)) is None
    # The next quarter's audit falls due when that quarter ends.
    assert audit_next_due(datetime.date(2027, 1, 2)).quarter == "2026년 4분기"


def test_the_daily_job_reminds_staff_once_when_due_and_once_when_overdue(db):
    with time_machine.travel(kst(2026, 10, 1, 9, 0), tick=False):
        run_due_jobs()
        run_due_jobs()
    reminders = list(AuditReminder.objects.all())
    assert [(r.year, r.quarter, r.kind) for r in reminders] == [(2026, 3, AuditReminderKind.DUE)]
    assert reminders[0].due_date == datetime.date(2026, 10, 15)

    with time_machine.travel(kst(2026, 10, 16, 9, 0), tick=False):
        run_due_jobs()
    with time_machine.travel(kst(2026, 10, 17, 9, 0), tick=False):
        run_due_jobs()
    assert sorted(AuditReminder.objects.values_list("kind", flat=True)) == [
        AuditReminderKind.DUE,
        AuditReminderKind.OVERDUE,
    ]


def test_no_reminder_once_the_audit_is_completed(root):
    completed_audit(root)
    with time_machine.travel(kst(2026, 10, 20, 9, 0), tick=False):
        run_due_jobs()
    assert not AuditReminder.objects.exists()
