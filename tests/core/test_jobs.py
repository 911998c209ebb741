"""core.jobs: one run per job per KST day, stale claims taken over, batches resumed."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from core import jobs
from core.jobs import KST, JobContext, daily_job, run_due_jobs, run_job
from core.models import JobRun
from core.tasks import run_due_jobs as run_due_jobs_task

DAY = datetime.date(2026, 3, 10)
T = datetime.datetime(2026, 3, 10, 4, 0, tzinfo=KST)
# Former beat entries, now daily jobs at the same KST times (decision 0007).
MOVED = {
    "access-log-checkpoint": datetime.time(0, 5),
    "access-log-prune": datetime.time(4, 40),
    "rights-reminders": datetime.time(8, 0),
}


class Killed(BaseException):
    """The process dies: no handler of the runner gets to run."""


@pytest.fixture
def registry(monkeypatch):
    jobs.load_jobs()  # the real jobs register first, into the real registry
    monkeypatch.setattr(jobs, "JOBS", {})
    return jobs


def clock_at(moment):
    return lambda: moment


def test_job_runs_only_once_while_another_runner_holds_the_claim(db, registry):
    body_runs = []

    @daily_job("nested", at=datetime.time(3, 0))
    def job(ctx: JobContext):
        body_runs.append(ctx.run_id)
        # A second beat (or runner) fires while this one is still working.
        assert run_job(registry.JOBS["nested"], DAY, clock_at(T)) == "skipped"

    assert run_job(registry.JOBS["nested"], DAY, clock_at(T)) == "done"
    assert run_job(registry.JOBS["nested"], DAY, clock_at(T)) == "skipped"
    assert len(body_runs) == 1
    assert JobRun.objects.get().state == JobRun.State.DONE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runners_run_the_job_body_once(registry):
    body_runs = []
    barrier = threading.Barrier(2)

    @daily_job("concurrent", at=datetime.time(3, 0))
    def job(ctx):
        body_runs.append(ctx.run_id)

    outcomes = []

    def runner():
        barrier.wait()
        try:
            outcomes.append(run_due_jobs(now=T)["concurrent"])
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["done", "skipped"]
    assert len(body_runs) == 1


def register_batched(items_done, *, kill_after=None, batches=3):
    @daily_job("batched", at=datetime.time(3, 0))
    def job(ctx):
        while ctx.progress.get("next", 0) < batches:
            with ctx.batch() as progress:
                n = progress.get("next", 0)
                items_done.append(n)
                progress["next"] = n + 1
            if kill_after is not None and n + 1 == kill_after:
                raise Killed


def test_a_job_killed_after_batch_1_is_resumed_at_batch_2_by_a_later_runner(db, registry):
    done = []
    register_batched(done, kill_after=1)
    with pytest.raises(Killed):
        run_due_jobs(now=T)
    assert JobRun.objects.get().state == JobRun.State.RUNNING

    # Within JOB_STALE_MINUTES the claim may still be alive: nobody touches it.
    assert run_due_jobs(now=T + datetime.timedelta(minutes=10)) == {"batched": "skipped"}

    done_after_kill = list(done)
    register_batched(done)  # the next process, with its own copy of the job
    later = T + datetime.timedelta(minutes=jobs.JOB_STALE_MINUTES + 1)
    assert run_due_jobs(now=later) == {"batched": "done"}

    assert done_after_kill == [0]
    assert done == [0, 1, 2]
    run = JobRun.objects.get()
    assert (run.state, run.attempts, run.progress) == (JobRun.State.DONE, 2, {"next": 3})


def test_a_runner_whose_claim_was_taken_over_cannot_commit_a_batch(db, registry):
    @daily_job("slow", at=datetime.time(3, 0))
    def job(ctx):
        pass

    ctx = jobs.claim(registry.JOBS["slow"], DAY, clock_at(T))
    later = T + datetime.timedelta(minutes=jobs.JOB_STALE_MINUTES + 1)
    assert jobs.claim(registry.JOBS["slow"], DAY, clock_at(later)) is not None

    with pytest.raises(jobs.ClaimLost), ctx.batch() as progress:
        JobRun.objects.filter(pk=ctx.run_id).update(error="written by the old runner")
        progress["next"] = 99
    run = JobRun.objects.get()
    assert run.error == "" and run.progress == {}


def test_a_failed_batch_leaves_nothing_of_itself_in_the_cursor(db, registry):
    @daily_job("nested-cursor", at=datetime.time(3, 0))
    def job(ctx):
        with ctx.batch() as progress:
            progress["done"] = ["first"]
            progress["counts"] = {"rows": 1}
        with ctx.batch() as progress:
            # The cursor's nested values change in place, then the batch fails before commit.
            progress["done"].append("second")
            progress["counts"]["rows"] += 1
            raise RuntimeError("the batch's commit failed")

    assert run_due_jobs(now=T) == {"nested-cursor": "failed"}
    # The failed claim records the cursor as of the last committed batch, nested values too.
    assert JobRun.objects.get().progress == {"done": ["first"], "counts": {"rows": 1}}


def test_a_failed_job_is_retried_by_the_next_run(db, registry):
    attempts = []

    @daily_job("flaky", at=datetime.time(3, 0))
    def job(ctx):
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("boom")

    assert run_due_jobs(now=T) == {"flaky": "failed"}
    assert "RuntimeError" in JobRun.objects.get().error
    assert run_due_jobs(now=T + datetime.timedelta(minutes=15)) == {"flaky": "done"}
    assert run_due_jobs(now=T + datetime.timedelta(minutes=30)) == {"flaky": "skipped"}
    assert len(attempts) == 2


def test_run_due_jobs_follows_kst_times(db, registry):
    ran = []

    @daily_job("early", at=datetime.time(4, 10))
    def early(ctx):
        ran.append(("early", ctx.now))

    @daily_job("late", at=datetime.time(23, 30))
    def late(ctx):
        ran.append(("late", ctx.now))

    # 19:05 UTC on the 9th is 04:05 KST on the 10th: not yet.
    assert run_due_jobs(now=datetime.datetime(2026, 3, 9, 19, 5, tzinfo=datetime.UTC)) == {}
    at_0410 = datetime.datetime(2026, 3, 9, 19, 10, tzinfo=datetime.UTC)
    assert run_due_jobs(now=at_0410) == {"early": "done"}
    assert run_due_jobs(now=T.replace(hour=23, minute=45)) == {
        "early": "skipped",
        "late": "done",
    }
    # The next KST day starts at 15:00 UTC: both are due again.
    next_day = datetime.datetime(2026, 3, 10, 15, 0, tzinfo=datetime.UTC)
    assert run_due_jobs(now=next_day) == {}
    # 11:00 KST on the 11th: early only.
    assert run_due_jobs(now=next_day + datetime.timedelta(hours=11)) == {"early": "done"}
    assert set(JobRun.objects.values_list("job", "run_date")) == {
        ("early", DAY),
        ("late", DAY),
        ("early", datetime.date(2026, 3, 11)),
    }
    assert ran[0] == ("early", at_0410)


def test_the_management_command_takes_a_kst_time(db, registry, capsys):
    @daily_job("cmd", at=datetime.time(5, 0))
    def job(ctx):
        pass

    call_command("run_due_jobs", "--now", "2026-03-10T04:59")
    assert capsys.readouterr().out == ""
    call_command("run_due_jobs", "--now", "2026-03-10T05:00")
    assert capsys.readouterr().out == "cmd: done\n"


def test_the_celery_task_runs_the_registered_jobs(db):
    outcomes = run_due_jobs_task.apply().get()

    assert outcomes["destruction-daily"] == "done"


def test_the_daily_beat_entries_that_moved_keep_their_kst_times_as_jobs(settings):
    jobs.load_jobs()

    assert {name: jobs.JOBS[name].at for name in MOVED} == MOVED
    beat = settings.CELERY_BEAT_SCHEDULE
    assert not set(MOVED) & set(beat)
    tasks = {entry["task"] for entry in beat.values()}
    assert (
        not {
            "privacy.tasks.access_log_checkpoint_daily",
            "privacy.tasks.access_log_prune_daily",
            "privacy.rights_tasks.rights_reminders_daily",
        }
        & tasks
    )


def test_a_day_of_jobs_runs_each_once_in_time_order(db):
    day_end = datetime.datetime(2026, 3, 10, 23, 59, tzinfo=KST)

    first = run_due_jobs(now=day_end)
    again = run_due_jobs(now=day_end)

    assert set(MOVED) <= set(first)
    assert set(first.values()) == {"done"} and set(again.values()) == {"skipped"}
    assert list(first) == sorted(first, key=lambda name: (jobs.JOBS[name].at, name))


def test_beat_runs_the_jobs_every_quarter_hour_and_tests_start_no_timer(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["run-due-jobs"]
    assert entry["task"] == "core.tasks.run_due_jobs"
    assert settings.RUN_JOBS_IN_PROCESS is False
    assert jobs.start_in_process_timer() is None
    assert not any(t.name == "jobs" for t in threading.enumerate())


def test_a_run_killed_yesterday_is_finished_before_todays_run(db, registry):
    done = []
    register_batched(done, kill_after=1)
    with pytest.raises(Killed):
        run_due_jobs(now=T)

    register_batched(done)  # the next process, the next morning
    outcomes = run_due_jobs(now=T + datetime.timedelta(days=1))

    assert outcomes == {"batched@2026-03-10": "done", "batched": "done"}
    assert done == [0, 1, 2, 0, 1, 2]  # batch 0, the kill, yesterday's 1 and 2, then today's three
    states = dict(JobRun.objects.values_list("run_date", "state"))
    assert states == {DAY: JobRun.State.DONE, DAY + datetime.timedelta(days=1): JobRun.State.DONE}
