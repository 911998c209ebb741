from django.urls import path

from messaging import webhooks

app_name = "messaging"

urlpatterns = [
    # NHN Cloud's webhook (MESSAGE_RESULT_UPDATE): register this URL in NHN's console.
    path("webhooks/nhn/", webhooks.nhn_result, name="webhook_nhn"),
]
