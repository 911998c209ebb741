"""Consulting's daily job (core.jobs; core.jobs.load_jobs imports this module)."""

from __future__ import annotations

import datetime

from consulting.overdue import engagements_flag_overdue
from core.jobs import JobContext, daily_job

JOB_OVERDUE = "consulting-overdue"


# Before the staff's working day, so the morning starts with the night's overdue engagements;
# the admin's "기한 초과" filter shows the queue live at any hour.
@daily_job(JOB_OVERDUE, at=datetime.time(8, 30))
def consulting_overdue(ctx: JobContext) -> None:
    with ctx.batch() as progress:
        progress["flagged"] = engagements_flag_overdue(now=ctx.now)
