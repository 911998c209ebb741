"""Test-only: celery's own command line, with the wall clock moved by a number of seconds.

    LIFEMENTO_TEST_CLOCK_SHIFT=3600 python -m tests.support.celery_main -A lifemento worker ...

The daily jobs are due by the KST time of day and claimed per KST day (core.jobs), so a test
that starts a real worker must not depend on when it runs: it moves the worker's clock to an
hour of its choosing instead (e.g. the same day's noon, far from 03:00 and from midnight).
Everything else is the real worker: the real app, settings, broker and database.
"""

import datetime
import os

CLOCK_SHIFT = "LIFEMENTO_TEST_CLOCK_SHIFT"


def main() -> None:
    shift = datetime.timedelta(seconds=float(os.environ.get(CLOCK_SHIFT, "0")))
    if shift:
        # Before Django and the app are imported, so every reader of the clock sees the shift.
        from django.utils import timezone

        real_now = timezone.now
        timezone.now = lambda: real_now() + shift

    from celery.__main__ import main as celery

    celery()


if __name__ == "__main__":
    main()
