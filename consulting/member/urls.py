# The member's pages, under /consulting/my/ in the "consulting" namespace; every name starts
# with "my_" so it cannot meet the consultant's (workspace) or the editor's names.
from django.urls import path

from consulting.member.views import browse, engagement, requesting

urlpatterns = [
    path("", browse.home, name="my_home"),
    path("services/", browse.services, name="my_services"),
    path("consultants/", browse.consultants, name="my_consultants"),
    path("consultants/<int:pk>/", browse.consultant, name="my_consultant"),
    path("request/", requesting.request_service, name="my_request"),
    path("request/consultant/", requesting.request_consultant, name="my_request_consultant"),
    path("request/share/", requesting.request_share, name="my_request_share"),
    path("request/consent/", requesting.request_consent, name="my_request_consent"),
    path("request/refused/", requesting.request_refused, name="my_request_refused"),
    path("<int:pk>/", engagement.engagement, name="my_engagement"),
    path(
        "<int:pk>/cancel/",
        engagement.engagement_confirm,
        {"action": "cancel"},
        name="my_engagement_cancel",
    ),
    path(
        "<int:pk>/stop-sharing/",
        engagement.engagement_confirm,
        {"action": "stop_sharing"},
        name="my_engagement_stop_sharing",
    ),
    path(
        "<int:pk>/revision/",
        engagement.engagement_confirm,
        {"action": "revision"},
        name="my_engagement_revision",
    ),
    path(
        "<int:pk>/close/",
        engagement.engagement_confirm,
        {"action": "close"},
        name="my_engagement_close",
    ),
    path("<int:pk>/schedule/", engagement.engagement_schedule, name="my_engagement_schedule"),
    path("<int:pk>/rate/", engagement.engagement_rate, name="my_engagement_rate"),
    path("<int:pk>/share/", engagement.engagement_share, name="my_engagement_share"),
    path(
        "<int:pk>/share/consent/",
        engagement.engagement_share_consent,
        name="my_engagement_share_consent",
    ),
]
