from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

SIGNED_OUT_MESSAGE = "로그인이 만료되었어요. 다시 로그인해 주세요."


def wants_json(request: HttpRequest) -> bool:
    """A script asking for JSON (the editor's autosave sends Accept: application/json)."""
    return "application/json" in request.headers.get("Accept", "")


def signed_out_response(request: HttpRequest) -> JsonResponse:
    """401 for a script whose session is gone. A redirect to the landing page would be
    followed by fetch() and read as HTML, so the script could neither parse it nor tell the
    member; this says what happened and where to sign in, returning to the page the script
    runs on (its same-origin Referer; SECURE_REFERRER_POLICY is same-origin)."""
    login_url = resolve_url(settings.LOGIN_URL)
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        back = parts.path + (f"?{parts.query}" if parts.query else "")
        login_url = f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: back})}"
    response = JsonResponse(
        {"error": "signed_out", "message": SIGNED_OUT_MESSAGE, "login_url": login_url},
        status=401,
    )
    # RFC 9110 15.5.2: a 401 names a scheme. Ours is the Kakao sign-in page, not HTTP auth,
    # so no browser dialog should appear; a custom scheme avoids it.
    response["WWW-Authenticate"] = 'Session realm="lifemento"'
    response["Cache-Control"] = "no-store"
    return response


def member_required(view):
    """Signed in as a member (not staff or consultant): the member pages are theirs only.

    A signed-out visitor is sent to the sign-in page, except a script asking for JSON, which
    gets a 401 it can act on (see signed_out_response)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if wants_json(request):
                return signed_out_response(request)
            return redirect_to_login(request.get_full_path())
        if not request.user.is_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
