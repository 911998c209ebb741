"""Daily jobs of the rights requests (imported by privacy/tasks.py, so core.jobs.load_jobs finds
them). Their destruction is the registry's rule (privacy/rights/privacy.py), enforced by
privacy.retention.engine."""

import datetime

from core.jobs import JobContext, daily_job
from privacy.rights.deadlines import rights_reminders_send


@daily_job("rights-reminders", at=datetime.time(8, 0))
def rights_reminders_job(ctx: JobContext) -> None:
    """D-3, D-1 and overdue reminders to staff before the working day. One batch: the
    reminders and the cursor commit together; a unique constraint keeps it one reminder per
    request per kind even if the batch is rerun after a crash."""
    with ctx.batch() as progress:
        progress["sent"] = len(rights_reminders_send(now=ctx.now))
