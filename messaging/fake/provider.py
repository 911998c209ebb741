"""What the fake NHN Cloud provider does with a call: the rules, apart from HTTP (views.py).

The templates it holds approved are messaging/approved/*.toml (messaging.catalogue): it is the
provider's copy, so whatever is in the repository is what "NHN" approved. A test marks a code
not approved with control.unapprove() (-3005).

Delivery is decided by the recipient number, so a test or a newcomer can ask for any outcome:

    ...3019  → 3019 not a KakaoTalk user
    ...3020  → 3020 the recipient blocked 알림톡
    ...3018  → 3018 cannot deliver
    ...3005  → 3005 handed over, delivery not confirmed (stays so)
    other    → 1000 delivered
    not 01[016789] + 7–8 digits → refused at intake, per recipient, -5000

Brand messages (advertising, NHN's freestyle send: one content for every recipient) must
start with "(광고)" (정보통신망법 제50조④; the request is refused with 4 otherwise) and,
between 20:50 and 08:00 KST, are accepted but not delivered: 3022, as NHN does.
"""

from __future__ import annotations

import datetime
import json
import re
import secrets
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from messaging import catalogue
from messaging.fake.models import FakeMessage, IdempotencyKey, Plan

KST = ZoneInfo("Asia/Seoul")
IDEMPOTENCY_WINDOW = datetime.timedelta(minutes=10)
LOOKUP_RANGE = datetime.timedelta(days=30)
RECIPIENTS_MAX = 1000
PAGE_SIZE_MAX = 1000
BRAND_CONTENT_MAX = 1300
RECIPIENT_NO = re.compile(r"^01[016789]\d{7,8}$")
# By the last four digits of the number (see the module docstring).
DELIVERY_BY_SUFFIX = {"3019": "3019", "3020": "3020", "3018": "3018", "3005": "3005"}
DELIVERY_NAMES = {
    "1000": "성공",
    "3005": "메시지를 발송했으나 수신 확인 안 됨",
    "3018": "메시지를 전송할 수 없음",
    "3019": "카카오톡 사용자가 아님",
    "3020": "알림톡 수신 차단",
    "3022": "메시지 발송 가능한 시간이 아님",
}
# 정보통신망법 제50조③ and NHN's own rule for advertising: not between 20:50 and 08:00.
AD_HOURS = (datetime.time(8, 0), datetime.time(20, 50))


class ApiError(Exception):
    """An NHN header error: the whole request is refused."""

    def __init__(self, code: int, message: str, status: int = 200) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def header(code: int = 0, message: str = "SUCCESS") -> dict:
    return {"resultCode": code, "resultMessage": message, "isSuccessful": code == 0}


def plan() -> Plan:
    return Plan.objects.get_or_create(pk=1)[0]


def failure_take(call: str) -> str | None:
    """The planned failure for this call, used up: "timeout", "500", "-9999" or None.

    A conditional update per counter, so two concurrent calls never use up one failure twice."""
    scope = ["all"] if call != "send" else ["all", "send"]
    plan()
    for kind, counter in (("timeout", "timeouts"), ("500", "errors_500"), ("-9999", "errors_9999")):
        used = Plan.objects.filter(pk=1, scope__in=scope, **{f"{counter}__gt": 0}).update(
            **{counter: F(counter) - 1}
        )
        if used:
            return kind
    return None


def timeout_seconds() -> float:
    configured = plan().timeout_seconds
    return configured if configured is not None else settings.KAKAOTALK_TIMEOUT + 1


def check_auth(appkey: str, secret: str) -> None:
    if appkey != settings.KAKAOTALK_APPKEY:
        raise ApiError(-1000, "Invalid appKey", 401)
    if not secrets.compare_digest(secret.encode(), settings.KAKAOTALK_SECRET_KEY.encode()):
        raise ApiError(-1001, "Invalid secretKey", 401)


def parse_json(content_type: str, raw: bytes) -> dict:
    if not content_type.lower().startswith("application/json"):
        raise ApiError(-9996, "Content-Type is not application/json", 400)
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(-9996, "Body is not JSON", 400) from None
    if not isinstance(body, dict):
        raise ApiError(4, "Body must be a JSON object", 400)
    return body


def kst_text(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S") if moment else None


def parse_kst(value: str | None, name: str, *, end: bool = False) -> datetime.datetime:
    """NHN's query dates: "yyyy-MM-dd HH:mm" KST; an end covers its whole minute."""
    try:
        moment = datetime.datetime.strptime(value or "", "%Y-%m-%d %H:%M").replace(tzinfo=KST)
    except ValueError:
        raise ApiError(4, f"{name} must be yyyy-MM-dd HH:mm", 400) from None
    return moment + datetime.timedelta(minutes=1) if end else moment


def new_request_id() -> str:
    return timezone.now().astimezone(KST).strftime("%Y%m%d%H%M%S") + secrets.token_hex(5)


def delivery_code(recipient_no: str, *, advertising: bool, now: datetime.datetime) -> str:
    if advertising:
        local = now.astimezone(KST).time()
        if not (AD_HOURS[0] <= local < AD_HOURS[1]):
            return "3022"
    return DELIVERY_BY_SUFFIX.get(recipient_no[-4:], "1000")


def _idempotency_claim(key: str) -> None:
    """NHN: the same X-NC-API-IDEMPOTENCY-KEY within 10 minutes fails with -1005."""
    if not key:
        return
    now = timezone.now()
    # A key older than the window may be used again: reclaim it with a conditional update.
    if IdempotencyKey.objects.filter(key=key, used_at__lte=now - IDEMPOTENCY_WINDOW).update(
        used_at=now
    ):
        return
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(key=key, used_at=now)
    except IntegrityError:
        raise ApiError(-1005, "Duplicated request (idempotency key)") from None


@dataclass
class Intake:
    """A request checked and ready to record: accepted rows and per-recipient refusals."""

    product: str
    template: catalogue.Template | None
    sender_grouping_key: str
    rows: list[dict] = field(default_factory=list)  # in request order, with "accepted"


def _recipients(body: dict) -> list[dict]:
    if body.get("senderKey") != settings.KAKAOTALK_SENDER_KEY:
        raise ApiError(4, "Invalid senderKey", 400)
    recipients = body.get("recipientList")
    if not isinstance(recipients, list) or not recipients:
        raise ApiError(4, "recipientList is required", 400)
    if len(recipients) > RECIPIENTS_MAX:
        raise ApiError(4, f"recipientList holds at most {RECIPIENTS_MAX}", 400)
    if not all(isinstance(r, dict) for r in recipients):
        raise ApiError(4, "recipientList items must be objects", 400)
    return recipients


def _buttons_match(template: catalogue.Template, sent: list, params: dict) -> list[dict]:
    """The buttons as the phone shows them; a sent button list must be the approved one."""
    approved = template.render_buttons(params)
    if not sent:
        return [{"name": b["name"], "type": b["type"], "link": b["url"]} for b in approved]
    if not isinstance(sent, list) or [b.get("name") for b in sent if isinstance(b, dict)] != [
        b["name"] for b in approved
    ]:
        raise catalogue.TemplateError("buttons differ from the approved template")
    return [
        {"name": b.get("name", ""), "type": b.get("type", "WL"), "link": b.get("linkMo", "")}
        for b in sent
    ]


def intake_alimtalk(body: dict) -> Intake:
    recipients = _recipients(body)
    code = body.get("templateCode")
    if not isinstance(code, str) or not code:
        raise ApiError(4, "templateCode is required", 400)
    found = catalogue.templates().get(code)
    if found is None or found.channel != "alimtalk":
        raise ApiError(-3003, "Template does not exist")
    if code in plan().unapproved:
        raise ApiError(-3005, "Template is not approved")
    intake = Intake("alimtalk", found, str(body.get("senderGroupingKey") or ""))
    for recipient in recipients:
        params = recipient.get("templateParameter") or {}
        try:
            if not isinstance(params, dict):
                raise catalogue.TemplateError("templateParameter must be an object")
            content = found.render(params)
            buttons = _buttons_match(found, recipient.get("buttons") or [], params)
        except catalogue.TemplateError as exc:
            # The whole request is refused, as NHN refuses content that is not the approved one.
            raise ApiError(-3010, f"Content does not match the template ({exc})") from None
        intake.rows.append(_row(recipient, params=params, content=content, buttons=buttons))
    return intake


def intake_brand(body: dict) -> Intake:
    """The freestyle send: one content and one set of buttons for every recipient."""
    recipients = _recipients(body)
    content = body.get("content")
    if body.get("chatBubbleType") != "TEXT":
        raise ApiError(4, "chatBubbleType: only TEXT is served by this fake", 400)
    if not isinstance(content, str) or not (0 < len(content) <= BRAND_CONTENT_MAX):
        raise ApiError(4, f"content is 1 to {BRAND_CONTENT_MAX} characters", 400)
    if not content.startswith("(광고)"):
        # 정보통신망법 제50조④: advertising starts with (광고).
        raise ApiError(4, "Advertising content must start with (광고)", 400)
    buttons = [
        {"name": b.get("name", ""), "type": b.get("type", "WL"), "link": b.get("linkMo", "")}
        for b in body.get("buttons") or []
        if isinstance(b, dict)
    ]
    intake = Intake("brand", None, str(body.get("senderGroupingKey") or ""))
    for recipient in recipients:
        intake.rows.append(_row(recipient, params={}, content=content, buttons=buttons))
    return intake


def _row(recipient: dict, *, params: dict, content: str, buttons: list) -> dict:
    number = str(recipient.get("recipientNo") or "")
    row = {
        "recipient_no": number,
        "grouping_key": str(recipient.get("recipientGroupingKey") or "")[:100],
        "params": params,
        "content": content,
        "buttons": buttons,
        "accepted": True,
        "code": 0,
        "message": "SUCCESS",
    }
    if not RECIPIENT_NO.match(number):
        row.update(accepted=False, code=-5000, message="Invalid recipientNo")
    return row


def accept(intake: Intake, *, idempotency_key: str) -> tuple[dict, list[int]]:
    """Record an accepted request; returns NHN's answer and the new message ids."""
    now = timezone.now()
    clock = plan().clock or now
    request_id = new_request_id()
    ids = []
    send_results = []
    webhook = {
        Plan.WebhookMode.IMMEDIATE: FakeMessage.Webhook.PENDING,
        Plan.WebhookMode.MANUAL: FakeMessage.Webhook.PENDING,
    }.get(plan().webhook_mode, FakeMessage.Webhook.DROPPED)
    with transaction.atomic():
        _idempotency_claim(idempotency_key)
        seq = 0
        for row in intake.rows:
            if row["accepted"]:
                seq += 1
                code = delivery_code(
                    row["recipient_no"], advertising=intake.product == "brand", now=clock
                )
                message = FakeMessage.objects.create(
                    product=intake.product,
                    request_id=request_id,
                    recipient_seq=seq,
                    recipient_no=row["recipient_no"],
                    recipient_grouping_key=row["grouping_key"],
                    sender_grouping_key=intake.sender_grouping_key,
                    template_code=intake.template.code if intake.template else "",
                    template_title=intake.template.title if intake.template else "",
                    params=row["params"],
                    content=row["content"],
                    buttons=row["buttons"],
                    message_status="COMPLETED" if code in ("1000", "3005") else "FAILED",
                    result_code=code,
                    request_date=now,
                    receive_date=now if code == "1000" else None,
                    updated_at=now,
                    webhook=webhook,
                )
                ids.append(message.pk)
            send_results.append(
                {
                    "recipientSeq": seq if row["accepted"] else 0,
                    "recipientNo": row["recipient_no"],
                    "resultCode": row["code"],
                    "resultMessage": row["message"],
                    "recipientGroupingKey": row["grouping_key"],
                }
            )
    answer = {
        "header": header(),
        "message": {
            "requestId": request_id,
            "senderGroupingKey": intake.sender_grouping_key,
            "sendResults": send_results,
        },
    }
    return answer, ids
