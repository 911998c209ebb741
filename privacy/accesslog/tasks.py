"""The access log's daily job (core.jobs, run by core.tasks.run_due_jobs): the day's incremental
verification, then the checkpoint. Its prune is a destruction, written to the 파기 대장:
privacy.retention.tasks runs it."""

from __future__ import annotations

import datetime
import logging

from core.jobs import JobContext, daily_job
from privacy.accesslog.head import access_log_checkpoint
from privacy.accesslog.verify import access_log_verify

logger = logging.getLogger(__name__)


@daily_job("access-log-checkpoint", at=datetime.time(0, 5))
def access_log_checkpoint_job(ctx: JobContext) -> None:
    """Verify what was added since the last checkpoint, then sign each chain's head as of the
    day's end; the checkpoints and the cursor commit together, so a day has one set of daily
    checkpoints however often the runner fires.

    The verification comes first, while the newest checkpoint is still yesterday's: after the
    new one, an incremental run trusts it and no longer looks at the day it signs
    (docs/decisions/0025-access-log-append.md). A problem is logged as an error, and the day is
    signed all the same: refusing would leave a day without a checkpoint, itself reported on
    every later run, and the full verification (`verify_access_log --full`) still finds what
    was done before any checkpoint."""
    result = access_log_verify()
    for problem in result.problems:
        logger.error("access log verification before the daily checkpoint failed: %s", problem)
    with ctx.batch() as progress:
        progress["seqs"] = {cp.chain: cp.seq for cp in access_log_checkpoint()}
