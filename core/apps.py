from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "공통"

    def ready(self) -> None:
        # `make run` without Redis has no beat: a daemon thread runs the daily jobs instead
        # (settings.RUN_JOBS_IN_PROCESS, set by the Makefile only; never under tests).
        from django.conf import settings

        if settings.RUN_JOBS_IN_PROCESS and _serving_process():
            from core.jobs import start_in_process_timer

            start_in_process_timer()


def _serving_process() -> bool:
    """Not runserver's file-watching parent (its child, RUN_MAIN=true, serves)."""
    import os
    import sys

    if "runserver" in sys.argv and "--noreload" not in sys.argv:
        return os.environ.get("RUN_MAIN") == "true"
    return True
