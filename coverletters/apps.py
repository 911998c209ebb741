from django.apps import AppConfig


class CoverlettersConfig(AppConfig):
    name = "coverletters"
    verbose_name = "자기소개서"
