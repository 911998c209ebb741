from privacy.api import cookie_consent_for
from usage.services import usage_record

# Requests that are not a use of a page or feature.
_SKIP_VIEWS = frozenset({"core:healthz"})
_SKIP_NAMESPACES = frozenset({"admin"})


class UsageRecordMiddleware:
    """Records members' page views and actions as URL names (usage.UsageEvent), only when the
    member allowed statistics cookies (privacy.notices.cookies: the cookie gate; 사용자 활동 통계 is
    that choice's purpose). Never staff or consultants, never visitors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (
            user is None
            or not user.is_authenticated
            or user.pk is None  # withdrew during this request
            or not user.is_member
            or user.is_staff
            or match is None
            or not match.url_name
            or response.status_code >= 400
            or request.method not in ("GET", "POST")
            or match.view_name in _SKIP_VIEWS
            or _SKIP_NAMESPACES.intersection(match.namespaces)
            or request.path.startswith(("/static/", "/fake-kakao/"))
        ):
            return response
        if _statistics_allowed(request):
            usage_record(request=request, page=match.view_name)
        return response


def _statistics_allowed(request) -> bool:
    """The member's ledger answer (privacy.notices.cookies), read only when it can be yes: a member
    who never answered the banner, or whose choice cookie says no, costs no query per page."""
    consent = cookie_consent_for(request)
    if not consent.chosen:
        return False
    if consent.cookie is not None and not consent.cookie.statistics:
        return False
    return consent.statistics
