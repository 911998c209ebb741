"""The destruction job under faults, with real Celery workers on Redis and PostgreSQL: a worker
killed mid-destruction leaves a ledger that matches what is gone, and the next run finishes it;
two beats firing at once (the same task sent twice, or two real `celery beat` processes) run
each daily job once."""

import datetime
import os
import signal
import time
import uuid
from collections import Counter
from unittest import mock

import pytest
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from core import jobs
from core.jobs import KST
from core.models import JobRun
from core.tasks import run_due_jobs
from coverletters.models import AnswerVersion, CoverLetter, Question
from experiences.models import Experience
from privacy.keys.models import DataKey
from privacy.registry.registry import registry
from privacy.retention.engine import JOB
from privacy.retention.models import DestructionRun
from privacy.withdrawal import runner as withdrawal
from profiles.models import Career, Education, Profile
from tests.conftest import make_member
from tests.support.workers import (
    beat_sends,
    database_sessions,
    in_transaction,
    queue_settled,
    running_workers,
    start_beat,
    stop,
)
from usage.models import UsageEvent
from usage.privacy import WITHDRAWN_RETENTION_DAYS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 120  # seconds any one wait may take (a loaded 2-core machine) before the test fails
# Two rows a batch (a transaction each): a few hundred members take the worker seconds.
SLOW_BATCHES = {"DESTRUCTION_BATCH": "2"}


def workers_noon() -> tuple[datetime.datetime, datetime.timedelta]:
    """Noon (KST) of today, and how far the workers' clocks are moved to read it: the daily
    job is due from 03:00, and a run 16 minutes on is still the same KST day."""
    real = timezone.now()
    noon = timezone.localtime(real, KST).replace(hour=12, minute=0, second=0, microsecond=0)
    return noon, noon - real


def workspaces(members: list[User]) -> None:
    """Each member's profile (with a school and a career), an experience and a cover letter
    with a question and an answer version: seven rows a member, besides the four of their
    sign-up (the account and three consent records)."""
    # One save() a row, not bulk_create(): encrypted values are bound to their row's pk, which
    # only save() knows when it writes them (privacy.keys.rows.SealedRow).
    for m in members:
        profile = Profile.objects.create(member=m, name="홍길동", desired_job="데이터 분석가")
        Education.objects.create(profile=profile, school="한국대학교")
        Career.objects.create(profile=profile, company="라이프전자")
        Experience.objects.create(member=m, title="데이터 분석 인턴", kind="intern")
        letter = CoverLetter.objects.create(member=m, title="상반기 공채", job_title="분석가")
        question = Question.objects.create(
            cover_letter=letter, prompt="지원 동기", answer="데이터로 일하고 싶어요"
        )
        AnswerVersion.objects.create(
            question=question, text="데이터로", revision=1, reason="autosave"
        )


def members(count: int, prefix: str) -> list[User]:
    made = [
        make_member(name=f"{prefix}{i}", phone=f"010-{i:04d}-{count:04d}") for i in range(count)
    ]
    workspaces(made)
    return made


def withdrawn_backlog(count: int, *, at: datetime.datetime) -> list[int]:
    """Members whose withdrawal committed its first step only (key shredded, account marked):
    the process died before the rows went, so all of them wait for the daily job."""
    backlog = members(count, "탈퇴")
    with mock.patch.object(withdrawal, "destroy_accounts"):
        for member in backlog:
            withdrawal.member_withdraw(member=member, now=at)
    return [m.pk for m in backlog]


def data_that_stays(noon: datetime.datetime) -> User:
    """A member who stays, with a workspace and usage records, and usage records of members
    who left 59 days ago (kept up to 60 days): none of it is due."""
    stays = members(1, "회원")[0]
    UsageEvent.objects.bulk_create(
        [UsageEvent(member_id=stays.pk, page="home", method="GET") for _ in range(5)]
        + [
            UsageEvent(
                member_id=10_000_000 + i,
                page="home",
                method="GET",
                withdrawn_at=noon - datetime.timedelta(days=WITHDRAWN_RETENTION_DAYS - 1),
            )
            for i in range(20)
        ]
    )
    told_of_todays_policy_changes(noon)
    return stays


def told_of_todays_policy_changes(noon: datetime.datetime) -> None:
    """The member who stays has already been told of the policy changes announced on the
    workers' day (the notices job, which runs beside destruction): the rows these tests count
    then change only by what destruction does, whatever the real date (the seeded versions'
    notices fall due from 7 days before each effective date)."""
    from notifications.statutory.policy import policy_change_notify_batch, policy_changes_due

    for change in policy_changes_due(timezone.localdate(noon)):
        policy_change_notify_batch(change)


def old_usage_records(count: int, noon: datetime.datetime) -> None:
    """Usage records of members who left 61 days ago: due (서비스 이용: 탈퇴 시 3개월 이내 파기)."""
    UsageEvent.objects.bulk_create(
        UsageEvent(
            member_id=20_000_000 + i,
            page="home",
            method="GET",
            withdrawn_at=noon - datetime.timedelta(days=WITHDRAWN_RETENTION_DAYS + 1),
        )
        for i in range(count)
    )


def rows_per_category() -> Counter:
    """Rows of every registered model, by the policy category they are filed under."""
    rows: Counter = Counter()
    for entry in registry.entries.values():
        rows[entry.category.name] += entry.model._default_manager.count()
    return rows


def ledger() -> dict[str, int]:
    return dict(
        DestructionRun.objects.filter(job=JOB).values_list("category", "count").order_by("pk")
    )


def destroyed_so_far() -> int:
    return DestructionRun.objects.filter(job=JOB).aggregate(n=Sum("count"))["n"] or 0


def destroyed(before: Counter, after: Counter) -> dict[str, int]:
    return {c.name: before[c.name] - after[c.name] for c in registry.ordered_categories()}


def wait_for(condition, what: str, *, interval: float = 0.02):
    deadline = time.monotonic() + TIMEOUT
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(interval)
    return value


def test_a_worker_killed_mid_destruction_leaves_the_ledger_true_and_the_next_run_finishes(
    tmp_path,
):
    noon, shift = workers_noon()
    stays = data_that_stays(noon)
    kept = rows_per_category()
    backlog = withdrawn_backlog(300, at=noon - datetime.timedelta(days=1))
    old_usage_records(500, noon)
    before = rows_per_category()
    queue, name = f"faults-{uuid.uuid4().hex[:8]}", f"faults-kill-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "workers.log"

    due = sum(destroyed(before, kept).values())

    def half_done_and_inside_a_batch() -> bool:
        if JobRun.objects.filter(job=JOB, state=JobRun.State.DONE).exists():
            raise AssertionError("the run finished before the kill: give it more rows")
        return destroyed_so_far() >= due // 2 and in_transaction(name)

    # The worker is killed half-way, inside a batch's transaction when the signal is sent (in
    # all likelihood: that batch may still commit between this look and the kill, which must
    # leave things just as consistent).
    with running_workers([name], queue, log=log, clock_shift=shift, env=SLOW_BATCHES) as workers:
        run_due_jobs.apply_async(queue=queue)
        wait_for(half_done_and_inside_a_batch, "half of the destruction, inside a batch")
        os.kill(workers[name].pid, signal.SIGKILL)
        assert workers[name].wait(timeout=TIMEOUT) == -signal.SIGKILL
    # Its connections end, and PostgreSQL rolls back the batch it was in the middle of.
    wait_for(lambda: database_sessions(name) == 0, "the killed worker's database sessions")

    at_kill = rows_per_category()
    run = JobRun.objects.get(job=JOB)
    assert (run.state, run.attempts, run.error) == (JobRun.State.RUNNING, 1, "")
    # Every committed batch has its ledger count and cursor; no batch is half-done.
    assert ledger() == destroyed(before, at_kill)
    assert run.progress["counts"] == {c: n for c, n in ledger().items() if n}
    assert due // 2 <= sum(ledger().values()) < due
    # The worker's clock read noon (KST), whatever the hour the test runs at.
    assert datetime.timedelta(0) <= run.started_at - noon < datetime.timedelta(minutes=1)
    assert not DestructionRun.objects.filter(job=JOB, finished_at__isnull=False).exists()

    # The next beat, 16 minutes on by the workers' clock: the dead runner's claim is stale.
    later = shift + datetime.timedelta(minutes=jobs.JOB_STALE_MINUTES + 1)
    with running_workers([f"{name}-next"], queue, log=log, clock_shift=later):
        result = run_due_jobs.apply_async(queue=queue, ignore_result=False)
        assert result.get(timeout=TIMEOUT)[JOB] == "done"
        result.forget()

    run = JobRun.objects.get(job=JOB)
    assert (run.state, run.attempts, run.run_date) == (JobRun.State.DONE, 2, noon.date())
    runs = list(DestructionRun.objects.filter(job=JOB))
    assert sorted(r.category for r in runs) == sorted(c.name for c in registry.ordered_categories())
    assert all(r.finished_at is not None and r.errors == "" for r in runs)
    after = rows_per_category()
    # Everything due is gone, counted once in the ledger, and nothing else was touched.
    assert after == kept
    assert ledger() == destroyed(before, after)
    assert run.progress["counts"] == {c: n for c, n in ledger().items() if n}
    assert not User.objects.filter(pk__in=backlog).exists()
    assert not UsageEvent.objects.filter(member_id__gte=20_000_000).exists()
    assert User.objects.filter(pk=stays.pk, withdrawn_at__isnull=True).exists()
    assert Experience.objects.filter(member=stays).count() == 1
    assert DataKey.objects.filter(subject=stays.subject).exists()
    assert UsageEvent.objects.filter(member_id=stays.pk).count() == 5
    assert UsageEvent.objects.filter(withdrawn_at__isnull=False).count() == 20


def test_two_beats_firing_at_once_run_each_daily_job_once(tmp_path):
    noon, shift = workers_noon()
    stays = data_that_stays(noon)
    kept = rows_per_category()
    withdrawn_backlog(100, at=noon - datetime.timedelta(days=1))
    before = rows_per_category()
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    names = [f"faults-beat-{uuid.uuid4().hex[:8]}-{i}" for i in (1, 2)]

    with running_workers(
        names,
        queue,
        log=tmp_path / "workers.log",
        clock_shift=shift,
        env=SLOW_BATCHES,
    ):
        # What two beats do at a quarter hour: the same task, sent twice at the same moment.
        sent = [run_due_jobs.apply_async(queue=queue, ignore_result=False) for _ in range(2)]
        finished = []
        deadline = time.monotonic() + TIMEOUT
        while len(finished) < len(sent):
            assert time.monotonic() < deadline, "the two runs did not finish"
            finished += [r for r in sent if r not in finished and r.ready()]
            time.sleep(0.02)
        outcomes = [r.get(timeout=TIMEOUT) for r in finished]
        for result in sent:
            result.forget()

    jobs.load_jobs()
    assert set(jobs.JOBS) >= {JOB}
    # Each job ran in one worker; the other worker was turned away (the two may share the
    # jobs between them: one runs destruction while the other takes the next job).
    for job in jobs.JOBS:
        assert sorted(o[job] for o in outcomes) == ["done", "skipped"], outcomes
        run = JobRun.objects.get(job=job)
        assert (run.state, run.attempts, run.run_date) == (JobRun.State.DONE, 1, noon.date())
    # The destruction body ran once: one ledger row per category, nothing counted twice.
    assert sorted(ledger()) == sorted(c.name for c in registry.ordered_categories())
    assert DestructionRun.objects.filter(job=JOB).count() == len(registry.ordered_categories())
    assert ledger() == destroyed(before, rows_per_category())
    assert rows_per_category() == kept
    assert User.objects.filter(pk=stays.pk).exists()


def test_two_real_beats_both_fire_and_each_daily_job_still_runs_once(tmp_path):
    noon, shift = workers_noon()
    data_that_stays(noon)
    kept = rows_per_category()
    withdrawn_backlog(100, at=noon - datetime.timedelta(days=1))
    before = rows_per_category()
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    tag = uuid.uuid4().hex[:8]
    names = [f"faults-beats-{tag}-worker-{i}" for i in (1, 2)]
    beat_names = [f"faults-beats-{tag}-beat-{i}" for i in (1, 2)]

    with running_workers(
        names,
        queue,
        log=tmp_path / "workers.log",
        clock_shift=shift,
        env=SLOW_BATCHES,
    ):
        beats = []
        try:
            # The real entry's task, every second instead of every quarter hour.
            beats = [start_beat(b, queue, every=1, folder=tmp_path) for b in beat_names]

            def both_fired_twice() -> bool:
                for beat, name in zip(beats, beat_names, strict=True):
                    if beat.poll() is not None:
                        raise RuntimeError((tmp_path / f"{name}.log").read_text()[-3000:])
                return all(beat_sends(name, tmp_path) >= 2 for name in beat_names)

            wait_for(both_fired_twice, "both beats sending", interval=0.1)
        finally:
            for beat in beats:
                stop(beat)
        # Every send consumed and finished (acks_late: acknowledged once the task returned).
        wait_for(lambda: queue_settled(queue), "the workers to finish every send")
        time.sleep(0.3)
        assert queue_settled(queue)

    assert sum(beat_sends(name, tmp_path) for name in beat_names) >= 4
    jobs.load_jobs()
    for job in jobs.JOBS:
        run = JobRun.objects.get(job=job)
        assert (run.state, run.attempts, run.run_date) == (JobRun.State.DONE, 1, noon.date())
    assert DestructionRun.objects.filter(job=JOB).count() == len(registry.ordered_categories())
    assert ledger() == destroyed(before, rows_per_category())
    assert rows_per_category() == kept
