from django.conf import settings


def site(request):
    return {
        "KAKAO_FAKE": settings.KAKAO_FAKE,
        "PRIVACY_OFFICER_EMAIL": settings.PRIVACY_OFFICER_EMAIL,
    }
