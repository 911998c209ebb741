"""Periodic jobs of the privacy app (CELERY_BEAT_SCHEDULE in settings)."""

from celery import shared_task

from privacy.accesslog import access_log_checkpoint, access_log_prune


@shared_task
def access_log_checkpoint_daily() -> list[int]:
    """Sign each access-log chain's head once a day (idempotent enough: a second run on the
    same day only adds another true statement)."""
    return [checkpoint.seq for checkpoint in access_log_checkpoint()]


@shared_task
def access_log_prune_daily() -> dict[str, int]:
    """Remove access-log entries past retention; safe to run twice (the second finds none)."""
    return access_log_prune()


from privacy.rights_tasks import rights_reminders_daily, rights_requests_purge_daily  # noqa: E402, F401
