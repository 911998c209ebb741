"""Policy, 서비스 이용: 회원 탈퇴 시 3개월 이내 파기 — destroyed 60 days after withdrawal, with
a ledger row (파기 대장) that counts what went and names no one. The registry's rule for
UsageEvent (usage/privacy.py) is what the destruction engine (privacy.retention.engine) enforces."""

import datetime

from django.utils import timezone

from core.jobs import KST, run_due_jobs
from core.models import JobRun
from privacy.retention.engine import JOB
from privacy.retention.models import DestructionRun
from usage.models import UsageEvent

NOW = datetime.datetime(2026, 3, 10, 5, 30, tzinfo=KST)


def event(member_id, *, withdrawn_days_ago=None, page="home:home"):
    withdrawn = None
    if withdrawn_days_ago is not None:
        withdrawn = NOW - datetime.timedelta(days=withdrawn_days_ago)
    return UsageEvent.objects.create(
        member_id=member_id, page=page, method="GET", os="Android 14", device="SM-S918N",
        at=NOW - datetime.timedelta(days=100), withdrawn_at=withdrawn,
    )  # fmt: skip


def test_records_of_a_member_withdrawn_61_days_ago_are_destroyed_59_not(db):
    for _ in range(3):
        event(1001, withdrawn_days_ago=61)
    kept_withdrawn = event(1002, withdrawn_days_ago=59)
    kept_active = event(1003)

    assert run_due_jobs(now=NOW)[JOB] == "done"

    assert set(UsageEvent.objects.values_list("pk", flat=True)) == {
        kept_withdrawn.pk,
        kept_active.pk,
    }


def test_ledger_row_counts_what_was_destroyed_and_holds_no_personal_data(db):
    for _ in range(3):
        event(987654, withdrawn_days_ago=90, page="coverletters:detail")

    run_due_jobs(now=NOW)

    run = DestructionRun.objects.get(job=JOB, category="서비스 이용")
    assert run.category == "서비스 이용"
    assert run.count == 3
    assert "3개월" in run.legal_basis and run.method
    assert run.started_at == NOW and run.finished_at == NOW and run.errors == ""
    row = DestructionRun.objects.filter(job=JOB, category="서비스 이용").values().get()
    text = " ".join(str(v) for v in row.values())
    assert "987654" not in text and "coverletters" not in text and "SM-S918N" not in text


def test_destruction_works_in_batches_and_a_second_run_the_same_day_does_nothing(db, settings):
    settings.DESTRUCTION_BATCH = 2
    for _ in range(5):
        event(1001, withdrawn_days_ago=70)

    run_due_jobs(now=NOW)
    again = run_due_jobs(now=NOW + datetime.timedelta(minutes=15))
    assert again[JOB] == "skipped"  # done today: not run twice
    assert set(again.values()) == {"skipped"}

    assert not UsageEvent.objects.exists()
    assert DestructionRun.objects.get(job=JOB, category="서비스 이용").count == 5
    assert JobRun.objects.get(job=JOB).progress["counts"]["서비스 이용"] == 5


def test_an_interrupted_destruction_resumes_on_the_same_ledger_row(db, monkeypatch, settings):
    settings.DESTRUCTION_BATCH = 2
    for _ in range(5):
        event(1001, withdrawn_days_ago=70)
    real_delete = UsageEvent.objects.filter(pk=0).delete.__func__
    calls = {"n": 0}

    def failing_delete(queryset):
        calls["n"] += queryset.model is UsageEvent
        if queryset.model is UsageEvent and calls["n"] == 2:
            raise RuntimeError("connection lost")
        return real_delete(queryset)

    monkeypatch.setattr(type(UsageEvent.objects.all()), "delete", failing_delete)
    assert run_due_jobs(now=NOW)[JOB] == "failed"
    assert UsageEvent.objects.count() == 3
    assert DestructionRun.objects.get(job=JOB, category="서비스 이용").count == 2

    assert run_due_jobs(now=NOW + datetime.timedelta(minutes=15))[JOB] == ("done")
    run = DestructionRun.objects.get(job=JOB, category="서비스 이용")
    assert (run.count, UsageEvent.objects.count()) == (5, 0)
    assert "RuntimeError" in run.errors and "connection lost" not in run.errors
    assert run.finished_at == NOW + datetime.timedelta(minutes=15)


def test_rows_without_withdrawal_are_never_destroyed_however_old(db):
    old = event(1003)
    UsageEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=900))

    run_due_jobs(now=NOW)

    assert UsageEvent.objects.filter(pk=old.pk).exists()
    assert DestructionRun.objects.get(job=JOB, category="서비스 이용").count == 0
