"""Recruiting's daily job (core.jobs; core.jobs.load_jobs imports this module)."""

from __future__ import annotations

import datetime

from core.jobs import JobContext, daily_job
from recruiting.tracker.reminders import schedule_remind_batch

JOB_SCHEDULE = "recruiting-schedule"


# 08:00 KST, as the letters' deadlines (coverletters.tasks): the morning of the day before and
# the morning of the day, early enough to prepare, and not at night.
@daily_job(JOB_SCHEDULE, at=datetime.time(8, 0))
def recruiting_schedule(ctx: JobContext) -> None:
    for source in ("outside", "partner"):
        while True:
            with ctx.batch() as progress:
                after = progress.get(f"{source}_after", 0)
                sent, last = schedule_remind_batch(now=ctx.now, source=source, after=after)
                if last is None:
                    break
                progress[f"{source}_after"] = last
                progress["sent"] = progress.get("sent", 0) + sent
