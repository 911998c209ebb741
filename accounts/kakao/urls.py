from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns
from django.urls import path

from accounts.kakao.provider import LifementoKakaoProvider
from accounts.kakao.unlink import unlink_callback

# Mounted by allauth under accounts/: /accounts/kakao/unlink-callback/ is the URL registered
# with Kakao as the unlink callback.
urlpatterns = [
    *default_urlpatterns(LifementoKakaoProvider),
    path("kakao/unlink-callback/", unlink_callback, name="kakao_unlink_callback"),
]
