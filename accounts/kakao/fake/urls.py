from django.urls import path

from accounts.kakao.fake import views

app_name = "fake_kakao"

urlpatterns = [
    path("kauth/oauth/authorize", views.authorize, name="authorize"),
    path("kauth/oauth/token", views.token, name="token"),
    path("kapi/v2/user/me", views.user_me, name="user_me"),
    path("kapi/v1/user/unlink", views.user_unlink, name="user_unlink"),
    path("control/unlink-callback", views.send_unlink_callback, name="send_unlink_callback"),
]
