"""The access log's daily job (core.jobs, run by core.tasks.run_due_jobs): the checkpoint. Its
prune is a destruction, written to the 파기 대장: privacy.retention.tasks runs it."""

from __future__ import annotations

import datetime

from core.jobs import JobContext, daily_job
from privacy.accesslog.head import access_log_checkpoint


@daily_job("access-log-checkpoint", at=datetime.time(0, 5))
def access_log_checkpoint_job(ctx: JobContext) -> None:
    """Sign each chain's head as of the day's end; the checkpoints and the cursor commit
    together, so a day has one set of daily checkpoints however often the runner fires."""
    with ctx.batch() as progress:
        progress["seqs"] = {cp.chain: cp.seq for cp in access_log_checkpoint()}
