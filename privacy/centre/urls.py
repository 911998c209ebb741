from django.urls import path

from privacy.centre import views

app_name = "privacy"

urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("consents/<str:purpose>/", views.consent_update, name="consent_update"),
    path("me/", views.centre, name="centre"),
    path("me/shares/<int:grant_id>/withdraw/", views.share_withdraw, name="share_withdraw"),
    path(
        "me/consents/<str:purpose>/<int:ref>/withdraw/",
        views.object_consent_withdraw_view,
        name="object_consent_withdraw",
    ),
    path("me/receipt.json", views.consent_receipt, name="consent_receipt"),
    path("me/download/", views.data_download, name="download"),
]
