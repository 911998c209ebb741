"""Sign-ins, sign-outs and failed sign-ins of accounts that may see others' data."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from core.http import client_ip
from privacy.accesslog.append import Actor, access_log_append, actor_from_request, is_privileged
from privacy.accesslog.hashing import keyed_digest
from privacy.accesslog.models import AccessLogAction, AccessLogEntry

# Django's auth signals are the only hook for these (the admin's login view is Django's own);
# the receivers (privacy.accesslog.receivers) only hand over to the services.


def access_log_record_sign_in(*, request, user) -> AccessLogEntry | None:
    if not is_privileged(user):
        return None  # a member signing in to their own account is not an access to others' data
    return access_log_append(
        actor=actor_from_request(request, user), action=AccessLogAction.SIGN_IN
    )


def access_log_record_sign_out(*, request, user) -> AccessLogEntry | None:
    if not is_privileged(user):
        return None
    return access_log_append(
        actor=actor_from_request(request, user), action=AccessLogAction.SIGN_OUT
    )


def access_log_record_sign_in_failed(*, request, username: str) -> AccessLogEntry:
    """A failed password sign-in (only staff and consultants have passwords). The account is
    named by id when the username exists; the typed text itself is kept only as a keyed digest,
    so repeated attempts group together without the log storing what was typed."""
    account = (
        get_user_model().objects.filter(username=username).only("pk", "role").first()
        if username
        else None
    )
    actor = Actor(
        account.pk if account else None,
        getattr(account, "role", "") if account else "",
        client_ip(request),
    )
    return access_log_append(
        actor=actor,
        action=AccessLogAction.SIGN_IN_FAILED,
        detail={"username_digest": keyed_digest(username or ""), "known_account": bool(account)},
    )
