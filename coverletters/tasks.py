"""Cover letters' daily job (core.jobs; core.jobs.load_jobs imports this module)."""

from __future__ import annotations

import datetime

from core.jobs import JobContext, daily_job
from coverletters.deadlines import deadlines_remind_batch

JOB_DEADLINES = "coverletter-deadlines"


# 08:00 KST: the morning of the deadline day, early enough to act on, and not at night.
@daily_job(JOB_DEADLINES, at=datetime.time(8, 0))
def coverletter_deadlines(ctx: JobContext) -> None:
    while True:
        with ctx.batch() as progress:
            sent, last = deadlines_remind_batch(now=ctx.now, after=progress.get("after", 0))
            if last is None:
                return
            progress["after"] = last
            progress["sent"] = progress.get("sent", 0) + sent
