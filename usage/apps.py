from django.apps import AppConfig


class UsageConfig(AppConfig):
    name = "usage"
    verbose_name = "서비스 이용기록"
