"""Daily jobs of the usage records (core.jobs, run by core.tasks.run_due_jobs)."""

import datetime

from core.jobs import daily_job
from usage.services import usage_destroy_withdrawn

daily_job("usage-destroy-withdrawn", at=datetime.time(5, 0))(usage_destroy_withdrawn)
