from django.urls import path

from recruiting import views
from recruiting.tracker import views as tracker

app_name = "recruiting"

urlpatterns = [
    path("postings/", views.posting_list, name="postings"),
    path("postings/<int:pk>/", views.posting_detail, name="posting"),
    path("postings/<int:pk>/apply/", views.posting_apply, name="apply"),
    path("postings/<int:pk>/letter/", views.posting_letter, name="posting_letter"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/consent/withdraw/",
        views.application_consent_withdraw,
        name="application_consent_withdraw",
    ),
    path("offers/", views.offer_list, name="offers"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("offers/<int:pk>/answer/", views.offer_answer, name="offer_answer"),
    path("tracker/", tracker.tracker_list, name="tracker"),
    path("tracker/new/", tracker.tracker_add, name="tracker_add"),
    path("tracker/<int:pk>/", tracker.tracker_edit, name="tracker_edit"),
    path("tracker/<int:pk>/delete/", tracker.tracker_delete, name="tracker_delete"),
    path("tracker/<int:pk>/stage/", tracker.tracker_stage, name="tracker_stage"),
    path("calendar/", tracker.calendar_month, name="calendar"),
    path("calendar/feed/", tracker.calendar_feed_create, name="calendar_feed_create"),
    path("calendar/feed/revoke/", tracker.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/feed/<str:token>.ics", tracker.calendar_feed, name="calendar_feed"),
]
