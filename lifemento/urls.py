from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "라이프멘토 관리자"
admin.site.site_title = "라이프멘토 관리자"
admin.site.index_title = "운영 관리"

urlpatterns = [
    path("", include("home.urls")),
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("privacy/requests/", include("privacy.rights.urls")),
    path("privacy/", include("privacy.centre.urls")),
    path("notices/", include("privacy.notices.urls")),
    path("recruiting/", include("recruiting.urls")),
    path("profile/", include("profiles.urls")),
    path("experiences/", include("experiences.urls")),
    path("coverletters/", include("coverletters.urls")),
    path("consulting/", include("consulting.urls")),
    path("notifications/", include("notifications.urls")),
    path("messaging/", include("messaging.urls")),
    # settings.ADMIN_URL: "admin/" in development; production sets its own.
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.KAKAO_FAKE:
    # Settings refuse KAKAO_FAKE in production; this is the embedded default and tests only.
    urlpatterns.append(path("fake-kakao/", include("accounts.kakao.fake.urls")))
if settings.KAKAOTALK_FAKE:
    # The fake NHN Cloud KakaoTalk provider and its inbox (messaging.fake); never in production.
    urlpatterns.append(path("fake-kakaotalk/", include("messaging.fake.urls")))

# Korean error pages that render without the database or the cache (core.errors); a database
# that is unavailable makes handler500 answer 503 with Retry-After.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
# allauth's rate limits answer through ROOT_URLCONF.handler429.
handler429 = "core.errors.too_many_requests"
