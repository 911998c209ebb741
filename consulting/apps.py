from django.apps import AppConfig


class ConsultingConfig(AppConfig):
    name = "consulting"
    verbose_name = "컨설팅"

    def ready(self) -> None:
        # A consultant deactivated in the admin is signed out everywhere at once.
        from consulting import checks, signals  # noqa: F401
