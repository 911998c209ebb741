"""Daily jobs of the rights requests (imported by privacy.tasks, so the worker registers the
Celery task and core.jobs.load_jobs the daily job)."""

import datetime

from celery import shared_task

from core.jobs import JobContext, daily_job
from privacy.rights import rights_reminders_send, rights_requests_purge


@daily_job("rights-reminders", at=datetime.time(8, 0))
def rights_reminders_job(ctx: JobContext) -> None:
    """D-3, D-1 and overdue reminders to staff before the working day. One batch: the
    reminders and the cursor commit together; a unique constraint keeps it one reminder per
    request per kind even if the batch is rerun after a crash."""
    with ctx.batch() as progress:
        progress["sent"] = len(rights_reminders_send(now=ctx.now))


@shared_task
def rights_requests_purge_daily() -> int:
    """Destroy closed requests of members who left, 3 months on; a second run finds none."""
    return rights_requests_purge()
