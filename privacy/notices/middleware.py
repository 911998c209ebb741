"""Re-consent after a policy change (개인정보 보호법 제22조: consent names its purpose, items
and retention; when a published version changes those of the required consent, the consent a
member gave earlier no longer covers them).

Once such a version is in force, a member whose latest membership consent names an older
version is sent to the re-consent page on their next visit, wherever they land, until they
agree or withdraw. The pages they need to decide stay open: the re-consent page itself, the
policy and notices, logout and withdrawal, static files.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from privacy.notices.selectors import policy_timeline, today
from privacy.notices.services import member_consent_covers

# Set when the check passed: the name of the version it passed against, so later requests in
# the session cost nothing until another version changes the required consent.
SESSION_KEY = "notices_consent_floor"


def _exempt_prefixes() -> tuple[str, ...]:
    from django.conf import settings

    return (
        reverse("notices:reconsent"),
        "/notices/",
        reverse("privacy:policy"),
        reverse("account_logout"),
        reverse("accounts:withdraw"),
        "/" + settings.STATIC_URL.lstrip("/"),
        "/" + settings.ADMIN_URL,
        "/healthz",
    )


class PolicyReconsentMiddleware:
    """Needs SessionMiddleware and AuthenticationMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        redirect = self._reconsent_redirect(request)
        if redirect is not None:
            return redirect
        return self.get_response(request)

    def _reconsent_redirect(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated and user.is_member):
            return None
        day = today()
        timeline = policy_timeline()
        floor = timeline.consent_floor(day)
        if floor is None or request.session.get(SESSION_KEY) == floor.version:
            return None
        if request.path.startswith(_exempt_prefixes()):
            return None
        if member_consent_covers(member=user, versions=timeline.covering(floor, day)):
            request.session[SESSION_KEY] = floor.version
            return None
        # Writes already under way (an autosave, a form being sent) finish; the next page the
        # member opens asks them, so nothing they typed is lost to the redirect.
        if request.method not in ("GET", "HEAD"):
            return None
        url = reverse("notices:reconsent")
        if request.get_full_path() != "/":
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
