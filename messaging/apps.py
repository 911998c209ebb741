from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "카카오톡 메시지"

    def ready(self) -> None:
        # `make run` has no beat: a thread of the server sweeps the outbox and polls results.
        from django.conf import settings

        if settings.RUN_JOBS_IN_PROCESS:
            from core.apps import _serving_process
            from messaging.tasks import start_in_process_timer

            if _serving_process():
                start_in_process_timer()
