"""Local drafts: what a member typed that the server has not confirmed yet (the cover-letter
editor keeps every keystroke in the browser's localStorage until its autosave succeeds).

On a shared PC those drafts outlive the visit, so they belong to one member: their keys carry
an opaque namespace the page gives (a keyed hash, never the member id, which would tie the
stored text to an account for anyone reading the browser's storage), and they are cleared on
the page after sign-out and after withdrawal (static/js/drafts.js). The namespace does not
change between sessions, so a draft kept while a session expired is found again after the
member signs in (docs/decisions/0012-autosave-session-expiry.md).
"""

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

NAMESPACE_SALT = "lifemento.accounts.drafts.namespace"
# The session after sign-out or withdrawal carries, for one page, whose drafts to clear.
CLEAR_SESSION_KEY = "accounts.drafts.clear"


def draft_namespace(user) -> str:
    return salted_hmac(NAMESPACE_SALT, str(user.pk), algorithm="sha256").hexdigest()[:24]


def drafts_clear_on_next_page(request: HttpRequest, namespace: str) -> None:
    """Call after logout(): the next page's script clears this namespace's drafts."""
    pending = list(request.session.get(CLEAR_SESSION_KEY, []))
    if namespace not in pending:
        pending.append(namespace)
    request.session[CLEAR_SESSION_KEY] = pending


def drafts_to_clear(request: HttpRequest) -> list[str]:
    """The namespaces to clear on this page, once (like a flash message)."""
    session = getattr(request, "session", None)
    if session is None or CLEAR_SESSION_KEY not in session:
        return []
    return list(session.pop(CLEAR_SESSION_KEY))
