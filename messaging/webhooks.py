"""NHN Cloud's MESSAGE_RESULT_UPDATE webhook: delivery results pushed to us.

Verified before anything is read: X-Toast-Webhook-Signature must be hex(HMAC-SHA256 of the raw
body with KAKAOTALK_WEBHOOK_SECRET), compared in constant time; anything else is 403. (Check
the exact scheme against NHN's current webhook guide before production; the fake provider,
messaging/fake/hooks.py, signs this way.) Each hook is applied with delivery.status_apply,
which records a final result once, so NHN's retries and duplicates change nothing. The answer
is a quick 200: NHN retries a hook that is not answered, and polling is the backup anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from messaging.delivery import status_apply
from messaging.gateways.nhn import status_from

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Toast-Webhook-Signature"
EVENT = "MESSAGE_RESULT_UPDATE"
# A request of 1,000 recipients makes hooks of about 500 bytes each.
BODY_MAX = 1024 * 1024


def signature_valid(raw: bytes, given: str) -> bool:
    secret = settings.KAKAOTALK_WEBHOOK_SECRET
    if not secret or not given:
        return False
    expected = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())


@csrf_exempt
@require_POST
def nhn_result(request: HttpRequest) -> HttpResponse:
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > BODY_MAX:
        return HttpResponse(status=413)
    raw = request.read(BODY_MAX + 1)
    if len(raw) > BODY_MAX:
        return HttpResponse(status=413)
    if not signature_valid(raw, request.headers.get(SIGNATURE_HEADER, "")):
        logger.warning("KakaoTalk webhook refused: bad signature")
        return HttpResponseForbidden()
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    if not isinstance(body, dict):
        return HttpResponse(status=400)
    if body.get("event") != EVENT or body.get("appKey", settings.KAKAOTALK_APPKEY) != (
        settings.KAKAOTALK_APPKEY
    ):
        # Template review hooks (TSC01–TSC04), other events, another app's results: nothing
        # of ours to update. 200 all the same, or NHN would keep retrying.
        return JsonResponse({"applied": 0})
    applied = 0
    for hook in body.get("hooks") or []:
        if isinstance(hook, dict):
            try:
                applied += status_apply(status_from(hook))
            except (TypeError, ValueError):
                logger.warning("KakaoTalk webhook: a hook we cannot read was skipped")
    return JsonResponse({"applied": applied})
