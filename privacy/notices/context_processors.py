from privacy.notices.cookies import cookie_consent_for
from privacy.notices.selectors import policy_upcoming


def notices(request):
    """`cookie_consent` (the gate every non-essential script must check) and
    `policy_change_upcoming` (the 7-day banner). Neither costs a query on a warm cache."""
    return {
        "cookie_consent": cookie_consent_for(request),
        "policy_change_upcoming": policy_upcoming(),
    }
