from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/cancel/", views.signup_cancel, name="signup_cancel"),
    path("me/", views.settings_page, name="settings"),
    path("withdraw/", views.withdraw, name="withdraw"),
]
