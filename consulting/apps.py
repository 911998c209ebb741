from django.apps import AppConfig


class ConsultingConfig(AppConfig):
    name = "consulting"
    verbose_name = "컨설팅"

    def ready(self) -> None:
        # A consultant deactivated in the admin is signed out everywhere at once; check
        # --deploy refuses consultants without the second factor.
        from consulting import checks, signals  # noqa: F401
        from consulting.decorators import consultant_gate

        # The member's feedback panels in the cover-letter editor (coverletters.panels).
        from consulting.editor import panels  # noqa: F401
        from notifications.access import register_gate

        # A consultant's notifications open only in a session that passed the second factor.
        register_gate(consultant_gate)
