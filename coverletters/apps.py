from django.apps import AppConfig


class CoverlettersConfig(AppConfig):
    name = "coverletters"
    verbose_name = "자기소개서"

    def ready(self) -> None:
        # The editor's panel of experiences that fit each question (coverletters.panels).
        from coverletters.library import panels  # noqa: F401
