from allauth.socialaccount.providers.kakao.views import KakaoOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.conf import settings


class LifementoKakaoOAuth2Adapter(KakaoOAuth2Adapter):
    """Kakao's endpoints, read from settings at request time so that any server speaking
    Kakao's HTTP (the fake in tests and `make run`) can stand in for the real one."""

    @property
    def authorize_url(self) -> str:  # type: ignore[override]
        return f"{settings.KAKAO_AUTH_BASE_URL}/oauth/authorize"

    @property
    def access_token_url(self) -> str:  # type: ignore[override]
        return f"{settings.KAKAO_AUTH_BASE_URL}/oauth/token"

    @property
    def profile_url(self) -> str:  # type: ignore[override]
        return f"{settings.KAKAO_API_BASE_URL}/v2/user/me"


oauth2_login = OAuth2LoginView.adapter_view(LifementoKakaoOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(LifementoKakaoOAuth2Adapter)
