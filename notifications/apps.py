from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "알림"

    def ready(self) -> None:
        # Privacy cannot import notifications; it sends signals and these receivers tell the
        # member (notifications.statutory).
        from notifications.statutory import receivers
        from privacy.api import (
            policy_version_published,
            rights_request_completed,
            rights_request_received,
        )

        rights_request_received.connect(
            receivers.on_rights_request_received, dispatch_uid="notifications.rights_received"
        )
        rights_request_completed.connect(
            receivers.on_rights_request_completed, dispatch_uid="notifications.rights_done"
        )
        policy_version_published.connect(
            receivers.on_policy_version_published, dispatch_uid="notifications.policy_change"
        )

        from notifications.advertising_notices import consent_result_notice
        from privacy.api import consent_changed

        consent_changed.connect(consent_result_notice, dispatch_uid="marketing-result-notice")
