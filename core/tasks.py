from celery import shared_task


@shared_task(ignore_result=False)
def ping(token: str) -> str:
    """Smoke task: proves a worker consumes from the broker and answers through the backend."""
    return f"pong:{token}"
