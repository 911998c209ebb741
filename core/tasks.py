from celery import shared_task


@shared_task(ignore_result=False)
def ping(token: str) -> str:
    """Smoke task: proves a worker consumes from the broker and answers through the backend."""
    return f"pong:{token}"


@shared_task
def run_due_jobs() -> dict[str, str]:
    """Every 15 minutes (CELERY_BEAT_SCHEDULE): the daily jobs whose KST time has come
    (core.jobs). Safe to run from several beats or workers at once: each job is claimed."""
    from core.jobs import run_due_jobs as run

    return run()
