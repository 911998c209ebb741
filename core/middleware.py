"""Content-Security-Policy with a per-request nonce, and Permissions-Policy, on every response;
and /healthz answered before anything that reads the session or the database.

Scripts run only from our own origin (static/js/, the vendored htmx, Django admin's files) or
from an inline <script nonce="{{ request.csp_nonce }}">; inline event handlers, javascript:
URLs, eval and inline style attributes are refused. An injected <script> or onerror= in a
member's text therefore does not run even if escaping were ever missed somewhere.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Features no page of ours uses; denying them means an injected frame or script cannot ask
# for them either. (clipboard-write stays: the editor's 답변 복사 button uses it.)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        # Opt out of ad-interest cohorts: FLoC, and its successor the Topics API.
        "interest-cohort",
        "browsing-topics",
    )
)


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def content_security_policy(nonce: str) -> str:
    # Signing in posts to /accounts/kakao/login/, which redirects to Kakao's authorize page;
    # browsers apply form-action to that redirect too, so Kakao's origin must be allowed.
    form_action = ["'self'"]
    kakao = _origin(settings.KAKAO_AUTH_BASE_URL)
    if kakao:
        form_action.append(kakao)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": form_action,
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # 128 bits, fresh per response: a nonce an attacker can predict is no nonce.
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if not (settings.DEBUG and response.status_code in (404, 500)):
            # (Django's technical 404/500 pages, shown only with DEBUG, are inline-styled.)
            response.headers.setdefault(
                "Content-Security-Policy", content_security_policy(request.csp_nonce)
            )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class HealthCheckMiddleware:
    """GET /healthz, answered here, before the session, authentication and every middleware
    after this one: a probe that carries a session cookie (an operator's browser, a load
    balancer replaying cookies) must not wait on the session table, and must still answer
    when the database pool is exhausted or PostgreSQL is down (core.health)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            from core.views import healthz

            return healthz(request)
        return self.get_response(request)
