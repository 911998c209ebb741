from django.urls import path

from recruiting import views

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
    path("offers/", views.offer_list, name="offers"),
    path("offers/<int:pk>/answer/", views.offer_answer, name="offer_answer"),
]
