"""Daily jobs of the retention app (core.jobs, run by core.tasks.run_due_jobs)."""

from privacy.retention import engine  # noqa: F401 - registers "destruction-daily"
