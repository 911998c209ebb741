from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "개인정보 보호"

    def ready(self) -> None:
        # System checks and the registrations of every app's personal data.
        from privacy import accesslog_checks, checks, db_roles_checks  # noqa: F401
        from privacy.registrations import load_registrations

        load_registrations()
