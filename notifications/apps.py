from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "알림"

    def ready(self) -> None:
        from notifications.advertising_notices import consent_result_notice
        from privacy.api import consent_changed

        consent_changed.connect(consent_result_notice, dispatch_uid="marketing-result-notice")
