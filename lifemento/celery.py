"""Celery application: `celery -A lifemento worker` and `celery -A lifemento beat`.

Configuration lives in settings (CELERY_* names). Without REDIS_URL the tasks run eagerly
in-process, so the embedded default needs no broker.
"""

import os

from celery import Celery, Task
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")


class LifementoTask(Task):
    """Defaults every task shares: retried with capped exponential backoff.

    The cap (CELERY_TASK_RETRY_BACKOFF_MAX) stays below the broker's visibility timeout so a
    retried task is never redelivered by Redis while its retry is still pending.
    """

    retry_backoff = True
    retry_jitter = True
    max_retries = 8

    @property
    def retry_backoff_max(self) -> int:  # type: ignore[override]
        from django.conf import settings

        return settings.CELERY_TASK_RETRY_BACKOFF_MAX

    def __call__(self, *args, **kwargs):
        # Unwrapped data keys live for one task, as for one request (decision 0002): a worker
        # thread's context lasts for many tasks, and a key destroyed in between must not go on
        # decrypting there.
        from privacy.keys.datakeys import key_scope

        with key_scope():
            return super().__call__(*args, **kwargs)


app = Celery("lifemento", task_cls=LifementoTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _refuse_bad_keys(**kwargs) -> None:
    # A worker with a wrong or missing key would fail every task that reads personal data
    # (privacy.keys.keyguard): it does not start. Beat only schedules, and never reads them.
    from django.core.exceptions import ImproperlyConfigured

    from privacy.keys.keyguard import check_keys_at_process_start

    try:
        check_keys_at_process_start()
    except ImproperlyConfigured as error:
        # Celery logs a signal handler's exception and carries on: exit instead.
        raise SystemExit(f"The Celery worker refuses to start: {error}") from error
