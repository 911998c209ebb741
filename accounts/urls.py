from django.urls import path
from django.views.generic import RedirectView

from accounts import views

app_name = "accounts"

urlpatterns = [
    # allauth's sign-in page lists providers; ours is the landing page's Kakao button.
    path("login/", RedirectView.as_view(pattern_name="home:landing", query_string=True)),
    path("signup/cancel/", views.signup_cancel, name="signup_cancel"),
    path("me/", views.settings_page, name="settings"),
    path("withdraw/", views.withdraw, name="withdraw"),
]
