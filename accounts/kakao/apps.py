from django.apps import AppConfig


class KakaoLoginConfig(AppConfig):
    """django-allauth's Kakao provider, adapted: endpoints from settings, minimal data kept.

    allauth discovers `provider.py` in every installed app; this app is where ours lives.
    """

    name = "accounts.kakao"
    label = "kakao_login"
    verbose_name = "카카오 로그인"
