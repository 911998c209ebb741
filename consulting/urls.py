from django.contrib.auth.views import LogoutView
from django.urls import path

from consulting import views

app_name = "consulting"

urlpatterns = [
    path("", views.consultant_home, name="home"),
    path("login/", views.ConsultantLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="consulting:login"), name="logout"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
