from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("edit/", views.edit, name="edit"),
]
