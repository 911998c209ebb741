"""The cookie gate: what a visitor or member chose on the cookie banner.

Nothing but essential cookies (session, CSRF and this choice cookie) may be set, and no
statistics or marketing script may load, until the person chooses. Every template has
`cookie_consent` (privacy.notices.context_processors): a future analytics snippet must sit inside
`{% if cookie_consent.statistics %}` (or `.marketing`), and Python code asks
`cookie_consent_for(request)`.

Where the choice lives:
- the choice cookie, for everyone: it is essential (it records a refusal too, so the banner
  does not come back on every page);
- the consent ledger, for members (privacy.ConsentRecord, channel 쿠키 선택): the answer that
  counts for them. The banner's visibility comes from the cookie or the session (no query per
  page); the two answers come from the ledger, read only when a template asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from privacy.consents.purposes import Purpose
from privacy.consents.services import current_consents

COOKIE_NAME = "cookie_choice"
COOKIE_MAX_AGE = 180 * 24 * 60 * 60  # ask again after about six months
# Set at sign-in (privacy.notices.receivers) and on each choice: whether this member has answered.
SESSION_KEY = "notices_cookie_choice"


@dataclass(frozen=True)
class Choice:
    statistics: bool
    marketing: bool

    def encode(self) -> str:
        return f"v1.s{int(self.statistics)}.m{int(self.marketing)}"

    @classmethod
    def decode(cls, value: str | None) -> Choice | None:
        if not value:
            return None
        parts = value.split(".")
        if len(parts) != 3 or parts[0] != "v1" or parts[1] not in ("s0", "s1"):
            return None
        if parts[2] not in ("m0", "m1"):
            return None
        return cls(statistics=parts[1] == "s1", marketing=parts[2] == "m1")


ESSENTIAL_ONLY = Choice(statistics=False, marketing=False)
ALL = Choice(statistics=True, marketing=True)


def _is_member(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_member)


class CookieConsent:
    """Lazy: reading `.chosen` costs nothing; `.statistics`/`.marketing` read a member's
    ledger once per request."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.cookie = Choice.decode(request.COOKIES.get(COOKIE_NAME))

    @property
    def chosen(self) -> bool:
        if self.cookie is not None:
            return True
        if _is_member(self.request):
            return bool(self.request.session.get(SESSION_KEY))
        return False

    @cached_property
    def choice(self) -> Choice:
        if _is_member(self.request):
            state = current_consents(self.request.user)
            return Choice(
                statistics=bool(
                    (r := state.get(Purpose.COOKIES_STATISTICS)) is not None and r.granted
                ),
                marketing=bool(
                    (r := state.get(Purpose.COOKIES_MARKETING)) is not None and r.granted
                ),
            )
        return self.cookie or ESSENTIAL_ONLY

    @property
    def statistics(self) -> bool:
        return self.choice.statistics

    @property
    def marketing(self) -> bool:
        return self.choice.marketing


def cookie_consent_for(request: HttpRequest) -> CookieConsent:
    consent = getattr(request, "_cookie_consent", None)
    if consent is None:
        consent = request._cookie_consent = CookieConsent(request)
    return consent


def set_choice_cookie(response: HttpResponse, choice: Choice) -> None:
    response.set_cookie(
        COOKIE_NAME,
        choice.encode(),
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
