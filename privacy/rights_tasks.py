"""Daily jobs of the rights requests (CELERY_BEAT_SCHEDULE; imported by privacy.tasks so the
worker registers them)."""

from celery import shared_task

from privacy.rights import rights_reminders_send, rights_requests_purge


@shared_task
def rights_reminders_daily() -> int:
    """D-3, D-1 and overdue reminders to staff; idempotent (one per request per kind)."""
    return len(rights_reminders_send())


@shared_task
def rights_requests_purge_daily() -> int:
    """Destroy closed requests of members who left, 3 months on; a second run finds none."""
    return rights_requests_purge()
