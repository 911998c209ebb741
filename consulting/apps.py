from django.apps import AppConfig


class ConsultingConfig(AppConfig):
    name = "consulting"
    verbose_name = "컨설팅"

    def ready(self) -> None:
        # A consultant deactivated in the admin is signed out everywhere at once.
        from consulting import signals  # noqa: F401

        # The member's feedback panels in the cover-letter editor (coverletters.panels).
        from consulting.editor import panels  # noqa: F401
