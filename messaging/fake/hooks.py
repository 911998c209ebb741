"""The fake provider's MESSAGE_RESULT_UPDATE webhook, as NHN posts it.

Signed in X-Toast-Webhook-Signature with hex(HMAC-SHA256(KAKAOTALK_WEBHOOK_SECRET, raw body)).
NHN's console documents the header; the exact signing scheme must be checked against NHN's
current webhook guide before production (our receiver, messaging/webhooks.py, verifies this
one). The plan decides when hooks go: right after the answer (optionally late, or twice),
only when asked (manual: POST _control/deliver), or never (dropped: polling must recover).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid

import requests
from django.conf import settings
from django.db import connection, transaction

from messaging.fake.models import FakeMessage, Plan
from messaging.fake.provider import kst_text, plan

EVENT = "MESSAGE_RESULT_UPDATE"
KIND = {"alimtalk": "ALIMTALK", "brand": "BRAND_MESSAGE"}


def sign(raw: bytes, secret: str | None = None) -> str:
    key = (secret if secret is not None else settings.KAKAOTALK_WEBHOOK_SECRET).encode()
    return hmac.new(key, raw, hashlib.sha256).hexdigest()


def target_url() -> str:
    return plan().webhook_url or settings.KAKAOTALK_FAKE_WEBHOOK_URL


def body_for(messages: list[FakeMessage]) -> dict:
    return {
        "hooksId": uuid.uuid4().hex,
        "webhookConfigId": "fake-webhook-config",
        "productName": "KakaoTalk Bizmessage",
        "appKey": settings.KAKAOTALK_APPKEY,
        "event": EVENT,
        "hooks": [
            {
                "hookId": uuid.uuid4().hex,
                "kakaoMessageType": KIND[m.product],
                "requestId": m.request_id,
                "recipientSeq": m.recipient_seq,
                "requestDate": kst_text(m.request_date),
                "createDate": kst_text(m.request_date),
                "receiveDate": kst_text(m.receive_date),
                "recipientNo": m.recipient_no,
                "resultCode": m.result_code,
                "senderGroupingKey": m.sender_grouping_key,
                "recipientGroupingKey": m.recipient_grouping_key,
                "isAddedChannel": False,
            }
            for m in messages
        ],
    }


def _claim(ids: list[int] | None) -> list[FakeMessage]:
    """Pending hooks, marked sent before they go, so two deliverers never post one twice
    (a duplicate is the plan's to ask for, not a race's)."""
    with transaction.atomic():
        query = FakeMessage.objects.select_for_update(skip_locked=True).filter(
            webhook=FakeMessage.Webhook.PENDING
        )
        if ids is not None:
            query = query.filter(pk__in=ids)
        claimed = list(query.order_by("id"))
        FakeMessage.objects.filter(pk__in=[m.pk for m in claimed]).update(
            webhook=FakeMessage.Webhook.SENT
        )
    return claimed


def deliver(ids: list[int] | None = None) -> int:
    """Post the pending hooks (one POST per request id); returns how many hooks were posted."""
    current = plan()
    times = 2 if current.webhook_duplicate else 1
    url = target_url()
    posted = 0
    by_request: dict[str, list[FakeMessage]] = {}
    for message in _claim(ids):
        by_request.setdefault(message.request_id, []).append(message)
    for messages in by_request.values():
        raw = json.dumps(body_for(messages), ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json;charset=UTF-8",
            "X-Toast-Webhook-Signature": sign(raw),
        }
        sent = 0
        for _ in range(times):
            try:
                requests.post(url, data=raw, headers=headers, timeout=5)
                sent += 1
            except requests.RequestException:
                break
        pks = [m.pk for m in messages]
        if sent:
            FakeMessage.objects.filter(pk__in=pks).update(webhook_sent=sent)
            posted += len(messages)
        else:
            FakeMessage.objects.filter(pk__in=pks).update(webhook=FakeMessage.Webhook.FAILED)
    return posted


def _deliver_later(ids: list[int], delay: float) -> None:
    try:
        if delay:
            time.sleep(delay)
        deliver(ids)
    finally:
        connection.close()


def schedule(ids: list[int]) -> None:
    """After the answer has gone (on commit, in a thread): NHN's hooks come after the send's
    answer, never inside it."""
    current = plan()
    if current.webhook_mode != Plan.WebhookMode.IMMEDIATE or not ids:
        return

    def start() -> None:
        threading.Thread(
            target=_deliver_later, args=(ids, current.webhook_delay), daemon=True
        ).start()

    transaction.on_commit(start)
