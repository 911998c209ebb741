from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "공지사항·개인정보처리방침 버전"

    def ready(self) -> None:
        from notices import receivers  # noqa: F401
