"""Celery tasks of messaging (the relay is issue 13's; to be built)."""

from celery import shared_task


@shared_task(name="messaging.relay")
def relay() -> int:
    return 0
