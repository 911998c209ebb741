"""What the officer's home reads from the ledger: months still to confirm, and destruction that
is late (past its due date, not yet done)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.jobs import run_due_jobs
from privacy.retention.selectors import (
    Backlog,
    destruction_backlog,
    ledger_unconfirmed_periods,
)
from privacy.retention.services import ledger_confirm_period
from tests.privacy.retention.ledger_helpers import entry, kst, officer
from usage.models import UsageEvent

pytestmark = pytest.mark.django_db


def test_unconfirmed_months_are_counted_by_the_kst_calendar_in_one_query():
    entry(kst(2026, 10, 5, 3))
    entry(kst(2026, 11, 1, 0, 10))  # 31 October in UTC
    entry(kst(2026, 11, 20, 3))
    entry(kst(2026, 11, 21, 3), finished=False)  # still running: not yet to confirm
    entry(kst(2026, 12, 2, 3))

    with CaptureQueriesContext(connection) as queries:
        periods = ledger_unconfirmed_periods(datetime.date(2026, 12, 3))

    assert len(queries) == 1
    assert [(p.period, p.entries, p.label) for p in periods] == [
        (datetime.date(2026, 10, 1), 1, "2026년 10월"),
        (datetime.date(2026, 11, 1), 2, "2026년 11월"),
        (datetime.date(2026, 12, 1), 1, "2026년 12월"),
    ]


def test_a_confirmed_month_leaves_the_list():
    entry(kst(2026, 11, 20, 3))
    entry(kst(2026, 12, 2, 3))
    ledger_confirm_period(user=officer(), period=datetime.date(2026, 11, 1), now=kst(2026, 12, 3))

    periods = ledger_unconfirmed_periods(datetime.date(2026, 12, 3))

    assert [p.period for p in periods] == [datetime.date(2026, 12, 1)]


def usage_withdrawn(at: datetime.datetime) -> UsageEvent:
    return UsageEvent.objects.create(
        member_id=4242, page="home:home", method="GET", withdrawn_at=at
    )


def test_the_backlog_is_what_was_due_before_yesterdays_run_and_is_still_here():
    today = datetime.date(2026, 12, 3)
    usage_withdrawn(kst(2026, 9, 1, 12))  # due 60 days later: late by a month
    usage_withdrawn(kst(2026, 10, 3, 12))  # due 2 December, 12:00: today's run's ordinary work

    assert destruction_backlog(today) == [Backlog("서비스 이용", 1)]

    with time_machine.travel(kst(2026, 12, 3, 12), tick=False):
        run_due_jobs()
    assert destruction_backlog(today) == []
    assert destruction_backlog(datetime.date(2027, 3, 1)) == []
