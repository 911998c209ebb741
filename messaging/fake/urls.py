from django.urls import path

from messaging.fake import views

app_name = "fake_kakaotalk"

ALIMTALK = "alimtalk/v2.3/appkeys/<str:appkey>/"
BRAND = "brand-message/v1.0/appkeys/<str:appkey>/"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path(ALIMTALK + "messages", views.alimtalk_messages, name="alimtalk_messages"),
    path(
        ALIMTALK + "messages/<str:request_id>/<int:seq>",
        views.message_one,
        name="alimtalk_message",
    ),
    path(ALIMTALK + "message-results", views.alimtalk_results, name="alimtalk_results"),
    path(BRAND + "freestyle-messages", views.brand_send, name="brand_send"),
    path(BRAND + "messages", views.brand_messages, name="brand_messages"),
    path(BRAND + "message-results", views.brand_results, name="brand_results"),
    path("_control/plan", views.control_plan, name="control_plan"),
    path("_control/deliver", views.control_deliver, name="control_deliver"),
    path("_control/reset", views.control_reset, name="control_reset"),
]
