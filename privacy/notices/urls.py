from django.urls import path

from privacy.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("policy/versions/", views.policy_versions, name="policy_versions"),
    path("policy/versions/<str:version>/", views.policy_version, name="policy_version"),
    path("policy/versions/<str:version>/changes/", views.policy_changes, name="policy_changes"),
    path("policy/versions/<str:version>/page/", views.policy_version_page, name="policy_page"),
    path("policy/drafts/<int:pk>/preview/", views.policy_preview, name="policy_preview"),
    path("policy/reconsent/", views.reconsent, name="reconsent"),
    path("cookies/", views.cookie_settings, name="cookie_settings"),
    path("cookies/choice/", views.cookie_choice, name="cookie_choice"),
]
