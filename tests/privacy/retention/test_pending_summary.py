"""The 파기 대장 page shows what is due from a summary the daily job counts (or the officer's
button), with the time it was counted, instead of counting every registered table per view."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.jobs import run_due_jobs
from privacy.retention import engine
from privacy.retention.models import DestructionRun, PendingSummary
from tests.usage.test_admin import LEDGER, staff_with
from usage.models import UsageEvent

REFRESH = f"{LEDGER}pending/refresh/"


def due_usage_record() -> UsageEvent:
    # Withdrawn 61 days ago: due (60 days after withdrawal).
    return UsageEvent.objects.create(
        member_id=4242,
        page="home:home",
        method="GET",
        withdrawn_at=timezone.now() - datetime.timedelta(days=61),
    )


def usage_row(page: str) -> str:
    start = page.index('<th scope="row">서비스 이용</th>')
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def officer_client(client, db):
    client.force_login(staff_with("view_destructionrun"))
    return client


def test_the_page_counts_nothing_until_a_summary_exists(officer_client):
    due_usage_record()

    page = officer_client.get(LEDGER).content.decode()

    assert "아직 계산하지 않았어요" in page and "지금 다시 계산" in page
    assert not PendingSummary.objects.exists()


def test_the_daily_job_leaves_a_summary_of_what_it_left_and_when_it_counted(officer_client):
    now = timezone.now()
    assert run_due_jobs(now=now)[engine.JOB] == "done"
    due_usage_record()  # due after the run: the summary does not know it yet

    summary = PendingSummary.objects.get()
    page = officer_client.get(LEDGER).content.decode()

    assert summary.computed_at == now
    assert f"{timezone.localtime(now):%Y-%m-%d %H:%M} 기준" in page
    assert "<td>0건</td>" in usage_row(page)


def test_the_officers_button_counts_again_now(officer_client):
    due_usage_record()
    before = timezone.now()

    response = officer_client.post(REFRESH, follow=True)

    page = response.content.decode()
    assert "다시 계산했어요" in page
    assert "<td>1건 — 다음 정기 작업에서 파기해요</td>" in usage_row(page)
    assert PendingSummary.objects.get().computed_at >= before


def test_a_summary_older_than_a_day_says_so(officer_client):
    engine.pending_summary_refresh(now=timezone.now() - datetime.timedelta(hours=27))

    assert "하루가 넘었어요" in officer_client.get(LEDGER).content.decode()
    engine.pending_summary_refresh(now=timezone.now())
    assert "하루가 넘었어요" not in officer_client.get(LEDGER).content.decode()


def test_the_button_needs_a_post_and_the_view_permission(client, officer_client, member):
    assert officer_client.get(REFRESH).status_code == 405
    client.force_login(member)
    assert client.post(REFRESH).status_code == 302  # to the admin's sign-in
    assert not PendingSummary.objects.exists()


def ledger_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LEDGER).status_code == 200
    return len(queries)


def test_the_ledger_page_costs_the_same_queries_for_1_and_50_rows(officer_client):
    engine.pending_summary_refresh(now=timezone.now())
    now = timezone.now()

    def run(i: int) -> DestructionRun:
        return DestructionRun.objects.create(
            job="destruction-daily",
            category="서비스 이용",
            legal_basis="처리방침",
            method="행 삭제",
            count=i,
            started_at=now - datetime.timedelta(minutes=i),
            finished_at=now,
        )

    run(0)
    ledger_queries(officer_client)  # warm caches
    one = ledger_queries(officer_client)
    for i in range(1, 50):
        run(i)
        due_usage_record()  # more due rows do not cost the page anything either

    assert ledger_queries(officer_client) == one
