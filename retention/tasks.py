"""Daily jobs of the retention store (core.jobs, run by core.tasks.run_due_jobs)."""

from retention import store  # noqa: F401 - registers "retention-store-destroy"
