from django.apps import AppConfig


class FakeKakaoTalkConfig(AppConfig):
    """The fake NHN Cloud KakaoTalk provider: installed only when KAKAOTALK_FAKE is on
    (the embedded default and tests; settings refuse it in production)."""

    name = "messaging.fake"
    label = "fake_kakaotalk"
    verbose_name = "가짜 카카오톡 발송 대행사"
    default_auto_field = "django.db.models.BigAutoField"
