from django.urls import path

from notifications import views
from notifications.kakaotalk import views as kakaotalk_views
from notifications.preferences import views as preference_views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("settings/", preference_views.preferences, name="settings"),
    path("kakaotalk/", kakaotalk_views.kakaotalk_messages, name="kakaotalk"),
]
