"""Test-only: celery's own command line, with the wall clock moved and, for beat, the daily
jobs' schedule entry sent every few seconds to a queue of the test's own.

    LIFEMENTO_TEST_CLOCK_SHIFT=3600 python -m tests.support.celery_main -A lifemento worker ...
    LIFEMENTO_TEST_BEAT_EVERY=1 LIFEMENTO_TEST_BEAT_QUEUE=q python -m ... -A lifemento beat ...

The daily jobs are due by the KST time of day and claimed per KST day (core.jobs), so a test
that starts a real worker must not depend on when it runs: it moves the worker's clock to an
hour of its choosing instead (e.g. the same day's noon, far from 03:00 and from midnight).
A beat fires `run-due-jobs` every 15 minutes; a test cannot wait that long, so it keeps the
entry's task and changes only its interval and queue. Everything else is the real worker or
beat: the real app, settings, broker and database.
"""

import datetime
import os

CLOCK_SHIFT = "LIFEMENTO_TEST_CLOCK_SHIFT"
BEAT_EVERY = "LIFEMENTO_TEST_BEAT_EVERY"
BEAT_QUEUE = "LIFEMENTO_TEST_BEAT_QUEUE"


def main() -> None:
    shift = datetime.timedelta(seconds=float(os.environ.get(CLOCK_SHIFT, "0")))
    if shift:
        # Before Django and the app are imported, so every reader of the clock sees the shift.
        from django.utils import timezone

        real_now = timezone.now
        timezone.now = lambda: real_now() + shift

    if os.environ.get(BEAT_EVERY):
        from django.conf import settings

        from lifemento.celery import app

        entry = settings.CELERY_BEAT_SCHEDULE["run-due-jobs"]
        app.conf.beat_schedule = {
            "run-due-jobs": {
                "task": entry["task"],
                "schedule": float(os.environ[BEAT_EVERY]),
                "options": {"queue": os.environ[BEAT_QUEUE]},
            }
        }

    from celery.__main__ import main as celery

    celery()


if __name__ == "__main__":
    main()
