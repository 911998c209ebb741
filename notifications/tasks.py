"""Daily jobs of notifications (core.jobs.load_jobs imports this module)."""

from notifications.advertising_notices import marketing_reconfirm_job

__all__ = ["marketing_reconfirm_job"]
