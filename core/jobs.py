"""Daily jobs: a registry, a per-day lock, and resumable batches.

Every job has a time of day in KST. `run_due_jobs()` (Celery beat every 15 minutes,
`manage.py run_due_jobs`, or the in-process timer of `make run`) runs each job whose time has
come today and that is not done yet.

The lock is a row per (job, KST date) under a unique constraint (core.JobRun):
- the first runner inserts it (`running`, a fresh token); a concurrent insert fails on the
  constraint and that runner skips;
- a `failed` claim, or a `running` claim whose heartbeat is older than JOB_STALE_MINUTES (its
  runner was killed), is taken over with a conditional UPDATE that only one runner can win.

Resumability: a job works in bounded batches (`with ctx.batch():`). Each batch is one
transaction that also writes the job's cursor (`ctx.progress`) and the heartbeat, on condition
that the token is still ours; if the claim was taken over meanwhile the UPDATE matches no row,
`ClaimLost` is raised and the whole batch rolls back. So a batch is either done and recorded
or not done at all, and the next runner starts from the last recorded cursor.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import logging
import threading
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.models import JobRun

logger = logging.getLogger(__name__)

KST = ZoneInfo("Asia/Seoul")
# A running claim whose runner has not recorded a batch for this long is presumed dead. Longer
# than any one batch may take (CELERY_TASK_TIME_LIMIT is 6 minutes for the whole task).
JOB_STALE_MINUTES = 15

Clock = Callable[[], datetime.datetime]


class ClaimLost(Exception):
    """Another runner took this job's claim over; the current batch is rolled back."""


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[JobContext], object]
    at: datetime.time  # KST


JOBS: dict[str, Job] = {}


def daily_job(name: str, *, at: datetime.time) -> Callable:
    """Register `func(ctx)` to run once a day from `at` (KST)."""

    def register(func: Callable[[JobContext], object]) -> Callable[[JobContext], object]:
        JOBS[name] = Job(name=name, func=func, at=at)
        return func

    return register


@dataclass
class JobContext:
    run_id: int
    token: uuid.UUID
    clock: Clock
    progress: dict = field(default_factory=dict)

    @property
    def now(self) -> datetime.datetime:
        return self.clock()

    @contextlib.contextmanager
    def batch(self) -> Iterator[dict]:
        """One transaction: the batch's work, then its cursor, only if the claim is still ours."""
        # A deep copy: a batch may change the cursor's nested values in place (a list of
        # steps done, a dict of counts), and a rolled-back batch must leave none of that behind.
        before = copy.deepcopy(self.progress)
        try:
            with transaction.atomic():
                yield self.progress
                self._save(state=JobRun.State.RUNNING)
        except BaseException:
            self.progress.clear()
            self.progress.update(before)
            raise

    def _save(self, **fields) -> None:
        updated = JobRun.objects.filter(
            pk=self.run_id, token=self.token, state=JobRun.State.RUNNING
        ).update(progress=self.progress, heartbeat_at=self.clock(), **fields)
        if updated != 1:
            raise ClaimLost(f"job run {self.run_id} was taken over")


def claim(job: Job, run_date: datetime.date, clock: Clock) -> JobContext | None:
    """The claim for (job, day), or None when it is done or another runner holds it."""
    now = clock()
    token = uuid.uuid4()
    try:
        with transaction.atomic():
            run = JobRun.objects.create(
                job=job.name,
                run_date=run_date,
                state=JobRun.State.RUNNING,
                token=token,
                started_at=now,
                heartbeat_at=now,
            )
        return JobContext(run_id=run.pk, token=token, clock=clock)
    except IntegrityError:
        pass
    stale = now - datetime.timedelta(minutes=JOB_STALE_MINUTES)
    takeover = JobRun.objects.filter(job=job.name, run_date=run_date).filter(
        Q(state=JobRun.State.FAILED) | Q(state=JobRun.State.RUNNING, heartbeat_at__lt=stale)
    )
    if takeover.update(
        state=JobRun.State.RUNNING, token=token, heartbeat_at=now, attempts=F("attempts") + 1
    ):
        run = JobRun.objects.get(job=job.name, run_date=run_date)
        logger.warning("job %s %s: taking over (attempt %s)", job.name, run_date, run.attempts)
        return JobContext(run_id=run.pk, token=token, clock=clock, progress=dict(run.progress))
    return None


def run_job(job: Job, run_date: datetime.date, clock: Clock) -> str:
    """Run one job for one day if it can be claimed: "done", "failed" or "skipped"."""
    ctx = claim(job, run_date, clock)
    if ctx is None:
        return "skipped"
    try:
        job.func(ctx)
    except ClaimLost:
        logger.warning("job %s %s: claim lost to another runner", job.name, run_date)
        return "skipped"
    except Exception:
        logger.exception("job %s %s failed", job.name, run_date)
        # The next run (15 minutes on) takes a failed claim over and resumes from the cursor.
        with contextlib.suppress(ClaimLost):
            ctx._save(state=JobRun.State.FAILED, error=traceback.format_exc()[-4000:])
        return "failed"
    ctx._save(state=JobRun.State.DONE, finished_at=clock(), error="")
    return "done"


def run_due_jobs(*, now: datetime.datetime | None = None) -> dict[str, str]:
    """Run every job whose KST time has come today and that is not done: {name: outcome}.
    With `now`, the clock stands still at that instant (tests, `--now`)."""
    load_jobs()
    clock: Clock = (lambda: now) if now is not None else timezone.now
    local = timezone.localtime(clock(), KST)
    outcomes = {}
    for job in sorted(JOBS.values(), key=lambda j: (j.at, j.name)):
        if local.time() >= job.at:
            # A run of an earlier day that was killed or failed is finished first, on its own
            # claim and cursor, so its work and its ledger rows are completed, not abandoned.
            for day in unfinished_days(job, local.date()):
                outcomes[f"{job.name}@{day.isoformat()}"] = run_job(job, day, clock)
            outcomes[job.name] = run_job(job, local.date(), clock)
    return outcomes


# How far back an unfinished run is still resumed (older ones need a person's look).
RESUME_DAYS = 7


def unfinished_days(job: Job, today: datetime.date) -> list[datetime.date]:
    return list(
        JobRun.objects.filter(
            job=job.name,
            run_date__lt=today,
            run_date__gte=today - datetime.timedelta(days=RESUME_DAYS),
        )
        .exclude(state=JobRun.State.DONE)
        .order_by("run_date")
        .values_list("run_date", flat=True)
    )


def load_jobs() -> None:
    """Import every app's `tasks` module: jobs register themselves next to their tasks."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise


# --- The in-process timer of `make run` (no Redis, no beat) ----------------------------------

TIMER_SECONDS = 15 * 60
_timer_started = threading.Event()


def _timer_loop(stop: threading.Event, first_delay: float) -> None:
    if stop.wait(first_delay):
        return
    while True:
        try:
            run_due_jobs()
        except Exception:
            logger.exception("in-process job timer")
        finally:
            from django.db import connections

            connections.close_all()
        if stop.wait(TIMER_SECONDS):
            return


def start_in_process_timer(first_delay: float = 60) -> threading.Thread | None:
    """Started from CoreConfig.ready when settings.RUN_JOBS_IN_PROCESS (development only)."""
    if not settings.RUN_JOBS_IN_PROCESS or _timer_started.is_set():
        return None
    _timer_started.set()
    thread = threading.Thread(
        target=_timer_loop, args=(threading.Event(), first_delay), name="jobs", daemon=True
    )
    thread.start()
    return thread
