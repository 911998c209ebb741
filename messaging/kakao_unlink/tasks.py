"""Celery tasks of the Kakao unlink outbox (listed in CELERY_IMPORTS: autodiscovery finds only
an app's own tasks module)."""

from celery import shared_task

from messaging.kakao_unlink import services


@shared_task(name="messaging.kakao_unlink.send")
def kakao_unlink_send(pk: int) -> bool:
    # A failure is recorded on the row with its backoff; the sweep retries it, not Celery, so
    # a retry is never lost with a worker and never sent twice.
    return services.kakao_unlink_send(pk)


@shared_task(name="messaging.kakao_unlink.sweep")
def kakao_unlink_sweep() -> int:
    return services.kakao_unlink_sweep()
