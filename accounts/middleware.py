"""Staff and consultant sessions end after STAFF_SESSION_IDLE_MINUTES without a request.

Staff open every member's data through the admin, and consultants the data members share with
them, so an unattended signed-in browser is a risk members' own sessions are not (개인정보의
안전성 확보조치 기준: 접근 통제). Members keep the normal session length; only staff and
consultant sessions carry the last-activity stamp.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from accounts.models import Role

LAST_ACTIVITY_KEY = "_staff_last_activity"

IDLE_MESSAGE = "{minutes}분 동안 사용하지 않아 안전을 위해 로그아웃했어요. 다시 로그인해 주세요."


class StaffIdleTimeoutMiddleware:
    """Needs SessionMiddleware, AuthenticationMiddleware and MessageMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        idle_seconds = settings.STAFF_SESSION_IDLE_MINUTES * 60
        now = int(time.time())
        if _is_guarded(request):
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > idle_seconds:
                return self._end_session(request)
        response = self.get_response(request)
        # After the view, so the request that signs staff in starts their clock.
        if _is_guarded(request):
            request.session[LAST_ACTIVITY_KEY] = now
            # The stamp above is what ends the session; the row and cookie themselves also
            # expire soon after, so an abandoned staff session does not wait out 14 days.
            request.session.set_expiry(idle_seconds * 2)
        return response

    def _end_session(self, request: HttpRequest) -> HttpResponse:
        # Consultants sign in at their own page (consulting:login), not the admin's.
        area = "admin" if request.user.is_staff else "consulting"
        start = "admin:index" if area == "admin" else "consulting:home"
        logout(request)
        messages.warning(request, IDLE_MESSAGE.format(minutes=settings.STAFF_SESSION_IDLE_MINUTES))
        login_url = reverse(f"{area}:login")
        # Back to the page they asked for after signing in again; a form post is not replayed.
        next_url = request.get_full_path() if request.method == "GET" else reverse(start)
        return redirect_to_login(next_url, login_url)


def _is_guarded(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_staff or user.role == Role.CONSULTANT)
    )
