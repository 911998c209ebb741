# The member's pages, under /consulting/my/ in the "consulting" namespace; every name starts
# with "my_" so it cannot meet the consultant's (workspace) or the editor's names.
from django.urls import path

from consulting.member import views

urlpatterns = [
    path("", views.home, name="my_home"),
    path("services/", views.services, name="my_services"),
    path("consultants/", views.consultants, name="my_consultants"),
    path("consultants/<int:pk>/", views.consultant, name="my_consultant"),
    path("request/", views.request_service, name="my_request"),
    path("request/consultant/", views.request_consultant, name="my_request_consultant"),
    path("request/share/", views.request_share, name="my_request_share"),
    path("request/consent/", views.request_consent, name="my_request_consent"),
    path("request/refused/", views.request_refused, name="my_request_refused"),
    path("<int:pk>/", views.engagement, name="my_engagement"),
    path(
        "<int:pk>/cancel/",
        views.engagement_confirm,
        {"action": "cancel"},
        name="my_engagement_cancel",
    ),
    path(
        "<int:pk>/stop-sharing/",
        views.engagement_confirm,
        {"action": "stop_sharing"},
        name="my_engagement_stop_sharing",
    ),
    path(
        "<int:pk>/revision/",
        views.engagement_confirm,
        {"action": "revision"},
        name="my_engagement_revision",
    ),
    path(
        "<int:pk>/close/", views.engagement_confirm, {"action": "close"}, name="my_engagement_close"
    ),
    path("<int:pk>/schedule/", views.engagement_schedule, name="my_engagement_schedule"),
    path("<int:pk>/rate/", views.engagement_rate, name="my_engagement_rate"),
    path("<int:pk>/share/", views.engagement_share, name="my_engagement_share"),
    path(
        "<int:pk>/share/consent/",
        views.engagement_share_consent,
        name="my_engagement_share_consent",
    ),
]
