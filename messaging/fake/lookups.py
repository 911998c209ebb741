"""The fake provider's look-ups, as NHN answers them: the list (by requestId or a request-date
range of at most 30 days), one message, and the results updated in a range (polling)."""

from __future__ import annotations

import datetime

from django.conf import settings

from messaging.fake.models import FakeMessage
from messaging.fake.provider import (
    DELIVERY_NAMES,
    LOOKUP_RANGE,
    PAGE_SIZE_MAX,
    ApiError,
    header,
    kst_text,
    parse_kst,
)


def message_json(message: FakeMessage) -> dict:
    """One message as NHN's look-up answers it."""
    return {
        "requestId": message.request_id,
        "recipientSeq": message.recipient_seq,
        "senderKey": settings.KAKAOTALK_SENDER_KEY,
        "templateCode": message.template_code,
        "recipientNo": message.recipient_no,
        "content": message.content,
        "requestDate": kst_text(message.request_date),
        "createDate": kst_text(message.request_date),
        "receiveDate": kst_text(message.receive_date),
        "resendStatus": "RSC01",
        "resendStatusName": "대체 발송 미대상",
        "messageStatus": message.message_status,
        "resultCode": message.result_code,
        "resultCodeName": DELIVERY_NAMES.get(message.result_code, ""),
        "senderGroupingKey": message.sender_grouping_key,
        "recipientGroupingKey": message.recipient_grouping_key,
        "buttons": [
            {"ordering": i, "type": b["type"], "name": b["name"], "linkMo": b["link"]}
            for i, b in enumerate(message.buttons, start=1)
        ],
    }


def _page(query, params) -> tuple[list[FakeMessage], int]:
    try:
        page = int(params.get("pageNum") or 1)
        size = int(params.get("pageSize") or 15)
    except ValueError:
        raise ApiError(4, "pageNum and pageSize must be numbers", 400) from None
    if page < 1 or not (1 <= size <= PAGE_SIZE_MAX):
        raise ApiError(4, f"pageSize is 1 to {PAGE_SIZE_MAX}", 400)
    total = query.count()
    return list(query[(page - 1) * size : page * size]), total


def lookup(product: str, params) -> dict:
    """GET .../messages: by requestId, or a request-date range of at most 30 days."""
    query = FakeMessage.objects.filter(product=product).order_by("request_date", "id")
    if params.get("requestId"):
        query = query.filter(request_id=params["requestId"])
    else:
        start = parse_kst(params.get("startRequestDate"), "startRequestDate")
        end = parse_kst(params.get("endRequestDate"), "endRequestDate", end=True)
        if end - start > LOOKUP_RANGE + datetime.timedelta(minutes=1):
            raise ApiError(4, "The range of request dates is at most 30 days", 400)
        query = query.filter(request_date__gte=start, request_date__lt=end)
    for name, column in (
        ("recipientGroupingKey", "recipient_grouping_key"),
        ("senderGroupingKey", "sender_grouping_key"),
        ("templateCode", "template_code"),
        ("recipientNo", "recipient_no"),
        ("messageStatus", "message_status"),
    ):
        if params.get(name):
            query = query.filter(**{column: params[name]})
    if params.get("resultCode") == "MRC01":
        query = query.filter(result_code="1000")
    elif params.get("resultCode") == "MRC02":
        query = query.exclude(result_code="1000")
    messages, total = _page(query, params)
    return {
        "header": header(),
        "messageSearchResultResponse": {
            "messages": [message_json(m) for m in messages],
            "totalCount": total,
        },
    }


def lookup_one(product: str, request_id: str, seq: int) -> dict:
    message = FakeMessage.objects.filter(
        product=product, request_id=request_id, recipient_seq=seq
    ).first()
    if message is None:
        raise ApiError(4, "Message not found", 404)
    return {"header": header(), "message": message_json(message)}


def results(product: str, params) -> dict:
    """GET .../message-results: messages whose result was updated in the range."""
    start = parse_kst(params.get("startUpdateDate"), "startUpdateDate")
    end = parse_kst(params.get("endUpdateDate"), "endUpdateDate", end=True)
    query = FakeMessage.objects.filter(
        product=product, updated_at__gte=start, updated_at__lt=end
    ).order_by("updated_at", "id")
    messages, _total = _page(query, params)
    return {
        "header": header(),
        "messages": [
            {
                "requestId": m.request_id,
                "recipientSeq": m.recipient_seq,
                "requestDate": kst_text(m.request_date),
                "createDate": kst_text(m.request_date),
                "receiveDate": kst_text(m.receive_date),
                "resendStatus": "RSC01",
                "resendStatusName": "대체 발송 미대상",
                "messageStatus": m.message_status,
                "resultCode": m.result_code,
                "resultCodeName": DELIVERY_NAMES.get(m.result_code, ""),
                "recipientGroupingKey": m.recipient_grouping_key,
            }
            for m in messages
        ],
    }
