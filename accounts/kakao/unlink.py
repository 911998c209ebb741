"""Kakao's unlink callback: Kakao tells us a member's Kakao account is no longer linked to
LifeMento (GET or POST with `Authorization: KakaoAK {admin key}`; app_id, user_id,
referrer_type). Kakao wants a 200 within 3 seconds, also for users it does not know we have,
and counts a redirect as a failure; so the view only checks the key, ends the link and queues
what is slow.

What each referrer_type means for the member:
- ACCOUNT_DELETE, FORCED_ACCOUNT_DELETE: the Kakao account no longer exists. Members sign in
  only with Kakao, so the account can never be used again: the member is withdrawn (their data
  destroyed as at any withdrawal), by a task, outside the 3-second window.
- UNLINK_FROM_APPS: the member ended the connection to LifeMento in Kakao's own settings,
  Kakao's form of leaving the service: withdrawn the same way.
- UNLINK_FROM_ADMIN: our own staff ended it in Kakao's console (a test account, a support
  case): not the member's wish, so nothing is destroyed; the link row stays, and at the next
  sign-in Kakao asks for consent again and gives the same id, which finds the same account.
- INCOMPLETE_SIGN_UP and anything else: no member to act on.
For a withdrawal, the link is deleted in the callback itself, so the withdrawal does not ask
Kakao to unlink what Kakao just unlinked, and no sign-in through it works meanwhile."""

from __future__ import annotations

import hmac
import logging

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import KakaoUnlinkNotice, Role

logger = logging.getLogger(__name__)

WITHDRAWING = frozenset({"ACCOUNT_DELETE", "FORCED_ACCOUNT_DELETE", "UNLINK_FROM_APPS"})
KEPT = frozenset({"UNLINK_FROM_ADMIN"})


def admin_key_matches(header: str) -> bool:
    key = settings.KAKAO_ADMIN_KEY
    if not key:
        return False
    return hmac.compare_digest(header.encode(), f"KakaoAK {key}".encode())


def kakao_unlinked(*, kakao_id: str, referrer_type: str) -> str:
    """What the callback did: "withdrawing", "kept" or "ignored"."""
    if not kakao_id or referrer_type not in WITHDRAWING | KEPT:
        return "ignored"
    with transaction.atomic():
        link = (
            SocialAccount.objects.select_for_update()
            .select_related("user")
            .filter(provider="kakao", uid=kakao_id, user__role=Role.MEMBER)
            .first()
        )
        if link is None or link.user.withdrawn_at is not None:
            return "ignored"
        account_id = link.user_id
        if referrer_type in KEPT:
            logger.info("kakao unlink callback %s for account %s: kept", referrer_type, account_id)
            return "kept"
        link.delete()
        # Owed from this commit on: the task is a shortcut, the sweep the guarantee.
        KakaoUnlinkNotice.objects.get_or_create(
            user_id=account_id, defaults={"referrer_type": referrer_type}
        )
        transaction.on_commit(lambda: _withdraw_soon(account_id, referrer_type))
    return "withdrawing"


def _withdraw_soon(account_id: int, referrer_type: str) -> None:
    from accounts.kakao.tasks import withdraw_after_kakao_unlink

    try:
        withdraw_after_kakao_unlink.delay(account_id, referrer_type)
    except Exception:  # the broker is down: the sweep withdraws from the notice row
        logger.warning("kakao unlink: withdrawal task not queued; the sweep will run it")


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unlink_callback(request: HttpRequest) -> HttpResponse:
    if not admin_key_matches(request.headers.get("Authorization", "")):
        return HttpResponse("unauthorized", status=401, content_type="text/plain")
    params = request.POST if request.method == "POST" else request.GET
    try:
        kakao_unlinked(
            kakao_id=params.get("user_id", "").strip(),
            referrer_type=params.get("referrer_type", "").strip(),
        )
    except Exception:
        # Nothing was recorded (the transaction rolled back: the database is down, say). A 200
        # would tell Kakao it was done, and Kakao does not send it again: the person's data would
        # stay with no way to sign in. A 5xx counts as a failure, so Kakao retries; only a
        # callback failing for a month is paused, and the log alerts staff long before.
        logger.exception("kakao unlink callback failed")
        return HttpResponse("retry later", status=503, content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")
