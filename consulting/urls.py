from django.contrib.auth.views import LogoutView
from django.urls import include, path

from consulting import views

app_name = "consulting"

# The consultant's area is /consulting/ (views.py, workspace/); the member's pages are under
# /consulting/my/ (member/) and the feedback inside the cover-letter editor under
# /consulting/feedback/ (editor/). One namespace: "consulting:…".
urlpatterns = [
    path("", views.consultant_home, name="home"),
    path("login/", views.ConsultantLoginView.as_view(), name="login"),
    path("totp/", views.totp_setup, name="totp_setup"),
    path("logout/", LogoutView.as_view(next_page="consulting:login"), name="logout"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("work/", include("consulting.workspace.urls")),
    path("my/", include("consulting.member.urls")),
    path("feedback/", include("consulting.editor.urls")),
]
