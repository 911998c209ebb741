"""NHN Cloud KakaoTalk Bizmessage: 알림톡 API v2.3, and 브랜드 메시지 v1.0 for advertising.

The real HTTP (research/kakaotalk-providers.md; NHN's TOAST-DOCS/Alimtalk guides):

    POST {base}/alimtalk/v2.3/appkeys/{appkey}/messages                 send from a template
    GET  {base}/alimtalk/v2.3/appkeys/{appkey}/messages?...             look up (≤ 30 days)
    GET  {base}/alimtalk/v2.3/appkeys/{appkey}/message-results?...      results updated in a range
    POST {base}/brand-message/v1.0/appkeys/{appkey}/freestyle-messages  advertising (pre-rendered)

Every answer carries `header: {resultCode, resultMessage, isSuccessful}`. What a failure means
for the relay is decided here and only here (`_raise_for_header`): the relay sees Transient,
Permanent or Duplicate, never an NHN code. Dates go out as KST "yyyy-MM-dd HH:mm", which is
what NHN's query parameters take.

find() and results() ask both products (the relay does not say which channel a grouping key
went by), so the app key must have 브랜드 메시지 enabled as well as 알림톡: a product that
answers an error makes the whole look-up fail rather than say "not sent" by mistake.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import requests
from django.conf import settings

from messaging import catalogue
from messaging.gateways.base import (
    Accepted,
    Duplicate,
    Outgoing,
    Permanent,
    Rejected,
    SendResult,
    Status,
    Transient,
)

KST = ZoneInfo("Asia/Seoul")
BATCH_MAX = 1000  # recipients per send call (NHN's limit)
PAGE_SIZE = 1000  # the largest page NHN serves
LOOKUP_RANGE = datetime.timedelta(days=30)  # NHN refuses a wider look-up range
DELIVERED = "1000"
# 3005: handed over, delivery not yet confirmed (NHN may update it for up to 3 days).
NOT_FINAL = {"", "3005"}
# Header codes worth retrying as they are: NHN's own trouble.
TRANSIENT_CODES = {"-9999"}
DUPLICATE_CODE = "-1005"
# Lookup and polling are tried for each product we send through.
PRODUCTS = ("alimtalk/v2.3", "brand-message/v1.0")


def _kst(moment: datetime.datetime) -> str:
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M")


def _parse_date(value: str | None) -> datetime.datetime | None:
    """NHN answers dates as KST "yyyy-MM-dd HH:mm:ss" (sometimes with fractions)."""
    if not value:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.datetime.strptime(value, fmt).replace(tzinfo=KST)
        except ValueError:
            continue
    return None


def status_from(item: dict) -> Status:
    """One message of a look-up, a poll or a webhook hook, as base.Status."""
    code = str(item.get("resultCode") or "")
    # The list look-up filters by MRC01/MRC02 but answers the delivery code itself; an
    # MRCxx here would be a summary, not a delivery code: treat it as not known yet.
    if code.startswith("MRC"):
        code = ""
    delivered = None if code in NOT_FINAL else code == DELIVERED
    return Status(
        grouping_key=item.get("recipientGroupingKey") or "",
        request_id=str(item.get("requestId") or ""),
        recipient_seq=int(item.get("recipientSeq") or 0),
        result_code=code,
        delivered=delivered,
        updated_at=_parse_date(item.get("receiveDate")),
    )


class NhnAlimtalkGateway:
    name = "nhn"

    def __init__(
        self,
        *,
        base_url: str | None = None,
        appkey: str | None = None,
        secret_key: str | None = None,
        sender_key: str | None = None,
        timeout: float | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = (base_url or settings.KAKAOTALK_BASE_URL).rstrip("/")
        self.appkey = appkey or settings.KAKAOTALK_APPKEY
        self.secret_key = secret_key or settings.KAKAOTALK_SECRET_KEY
        self.sender_key = sender_key or settings.KAKAOTALK_SENDER_KEY
        self.timeout = timeout if timeout is not None else settings.KAKAOTALK_TIMEOUT
        self.session = session or requests.Session()
        self.session.headers.update(
            {
                "Content-Type": "application/json;charset=UTF-8",
                "X-Secret-Key": self.secret_key,
            }
        )

    # --- HTTP ---------------------------------------------------------------------------

    def _url(self, product: str, path: str) -> str:
        return f"{self.base_url}/{product}/appkeys/{self.appkey}/{path}"

    def _call(self, method: str, url: str, **kwargs) -> dict:
        try:
            # No redirects: the secret header would follow them to wherever they point.
            response = self.session.request(
                method, url, timeout=self.timeout, allow_redirects=False, **kwargs
            )
        except requests.Timeout as exc:
            raise Transient("timeout", str(exc)) from exc
        except requests.ConnectionError as exc:
            raise Transient("connection", str(exc)) from exc
        except requests.RequestException as exc:  # a broken answer: nothing we can trust
            raise Transient("http", str(exc)) from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("header"), dict):
            if response.status_code >= 500 or response.status_code == 429:
                raise Transient(str(response.status_code), response.text[:200])
            raise Permanent(str(response.status_code), response.text[:200])
        self._raise_for_header(body["header"], response.status_code)
        return body

    @staticmethod
    def _raise_for_header(header: dict, http_status: int) -> None:
        if header.get("isSuccessful") and str(header.get("resultCode", "0")) == "0":
            return
        code = str(header.get("resultCode", http_status))
        message = str(header.get("resultMessage", ""))
        if code == DUPLICATE_CODE:
            raise Duplicate(code, message)
        if code in TRANSIENT_CODES or http_status >= 500:
            raise Transient(code, message)
        # -1000 appkey, -1001 secret, -1027 sender blocked, -3003 no template, -3005 not
        # approved, -3010 content mismatch, -5000 bad number, 4 bad parameters, ...: the
        # same request fails again until a person changes something.
        raise Permanent(code, message)

    # --- send ---------------------------------------------------------------------------

    def _buttons(self, outgoing: Outgoing) -> list[dict]:
        """A template's button url is a path (#{링크}); KakaoTalk needs an absolute link."""
        buttons = list(outgoing.buttons)
        if not buttons and outgoing.channel == "alimtalk":
            try:
                buttons = catalogue.template(outgoing.template_code).render_buttons(outgoing.params)
            except catalogue.TemplateError:
                buttons = []  # the provider answers -3003/-3010 itself
        site = settings.SITE_URL.rstrip("/")
        rendered = []
        for ordering, button in enumerate(buttons, start=1):
            url = button.get("url") or button.get("linkMo") or ""
            if url.startswith("/"):
                url = site + url
            rendered.append(
                {
                    "ordering": ordering,
                    "type": button.get("type", "WL"),
                    "name": button["name"],
                    "linkMo": url,
                    "linkPc": url,
                }
            )
        return rendered

    def _recipient(self, outgoing: Outgoing) -> dict:
        recipient: dict = {
            "recipientNo": outgoing.recipient_no,
            "recipientGroupingKey": outgoing.grouping_key,
            # No SMS fallback: a message that cannot be delivered is reported, not re-sent by
            # SMS (no SMS sender is registered; NHN would answer -2502).
            "resendParameter": {"isResend": False},
        }
        if outgoing.channel == "brand":
            # M: members who agreed to advertising from us (정보통신망법 제50조①), which
            # is who eligibility lets through; Kakao's own consent is checked on its side.
            recipient["targeting"] = "M"
        else:
            recipient["templateParameter"] = dict(outgoing.params)
            buttons = self._buttons(outgoing)
            if buttons:
                recipient["buttons"] = buttons
        return recipient

    def send(self, batch: list[Outgoing], *, idempotency_key: str) -> SendResult:
        """알림톡: one template, each recipient its parameters. 브랜드 메시지: NHN's
        freestyle send carries one content and one set of buttons for every recipient, so a
        brand batch must share them (send differing contents as separate calls)."""
        if not batch:
            return SendResult()
        if len(batch) > BATCH_MAX:
            raise ValueError(f"at most {BATCH_MAX} recipients per request")
        first = batch[0]
        channel = first.channel
        if any(o.channel != channel or o.template_code != first.template_code for o in batch):
            raise ValueError("one request carries one template on one channel")

        body: dict = {
            "senderKey": self.sender_key,
            "recipientList": [self._recipient(o) for o in batch],
        }
        if channel == "brand":
            if any(o.content != first.content or o.buttons != first.buttons for o in batch):
                raise ValueError("a brand message request carries one content for everyone")
            url = self._url("brand-message/v1.0", "freestyle-messages")
            body.update(chatBubbleType="TEXT", content=first.content)
            buttons = self._buttons(first)
            if buttons:
                body["buttons"] = buttons
            unsubscribe_no = settings.ADVERTISING_OPT_OUT_080
            if unsubscribe_no:
                # The 080 opt-out number; without it NHN uses the sender profile's own.
                body["unsubscribeNo"] = unsubscribe_no
        else:
            url = self._url("alimtalk/v2.3", "messages")
            body["templateCode"] = first.template_code
        answer = self._call(
            "POST",
            url,
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={"X-NC-API-IDEMPOTENCY-KEY": idempotency_key},
        )
        message = answer.get("message") or {}
        request_id = str(message.get("requestId") or "")
        by_key = {o.grouping_key: o for o in batch}
        result = SendResult()
        for index, item in enumerate(message.get("sendResults") or []):
            key = item.get("recipientGroupingKey") or (
                batch[index].grouping_key if index < len(batch) else ""
            )
            if key not in by_key:
                continue
            result_code = str(item.get("resultCode", ""))
            if result_code == "0":
                result.accepted.append(
                    Accepted(
                        grouping_key=key,
                        request_id=request_id,
                        recipient_seq=int(item.get("recipientSeq") or index + 1),
                        result_code=result_code,
                        result_message=str(item.get("resultMessage", "")),
                    )
                )
            else:
                result.rejected.append(
                    Rejected(
                        grouping_key=key,
                        result_code=result_code,
                        result_message=str(item.get("resultMessage", "")),
                        permanent=result_code not in TRANSIENT_CODES,
                    )
                )
        return result

    # --- look-up and polling ------------------------------------------------------------

    def _pages(self, url: str, params: dict, *, nested: bool) -> Iterator[dict]:
        page = 1
        while True:
            answer = self._call(
                "GET", url, params={**params, "pageNum": page, "pageSize": PAGE_SIZE}
            )
            # The list look-up nests its rows; message-results answers them at the top.
            holder = (answer.get("messageSearchResultResponse") or {}) if nested else answer
            rows = holder.get("messages") or []
            yield from rows
            total = holder.get("totalCount")
            if len(rows) < PAGE_SIZE or (total is not None and page * PAGE_SIZE >= total):
                return
            page += 1

    def find(self, grouping_key: str, *, since: datetime.datetime) -> Status | None:
        end = datetime.datetime.now(tz=KST) + datetime.timedelta(minutes=1)
        start = max(since - datetime.timedelta(minutes=1), end - LOOKUP_RANGE)
        params = {
            "recipientGroupingKey": grouping_key,
            "startRequestDate": _kst(start),
            "endRequestDate": _kst(end),
        }
        for product in PRODUCTS:
            for item in self._pages(self._url(product, "messages"), params, nested=True):
                if item.get("recipientGroupingKey") == grouping_key:
                    status = status_from(item)
                    return Status(
                        grouping_key=grouping_key,
                        request_id=status.request_id,
                        recipient_seq=status.recipient_seq,
                        result_code=status.result_code,
                        delivered=status.delivered,
                        updated_at=status.updated_at,
                    )
        return None

    def results(self, start: datetime.datetime, end: datetime.datetime) -> list[Status]:
        params = {"startUpdateDate": _kst(start), "endUpdateDate": _kst(end)}
        found = []
        for product in PRODUCTS:
            url = self._url(product, "message-results")
            found.extend(status_from(item) for item in self._pages(url, params, nested=False))
        return found
