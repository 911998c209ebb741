"""Daily jobs of the retention app (core.jobs, run by core.tasks.run_due_jobs; core.jobs.load_jobs
imports this module). The job's work is the engine's; its name and time are registered here."""

import datetime

from core.jobs import daily_job
from privacy.retention.engine import JOB, destruction_daily

daily_job(JOB, at=datetime.time(3, 0))(destruction_daily)
