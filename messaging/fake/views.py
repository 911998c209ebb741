"""The fake NHN Cloud KakaoTalk Bizmessage over HTTP, mounted under /fake-kakaotalk/ only when
KAKAOTALK_FAKE is on (settings refuse it in production).

    POST alimtalk/v2.3/appkeys/{appkey}/messages                 send from a template
    GET  alimtalk/v2.3/appkeys/{appkey}/messages                 look-up (requestId or dates)
    GET  alimtalk/v2.3/appkeys/{appkey}/messages/{id}/{seq}      one message
    GET  alimtalk/v2.3/appkeys/{appkey}/message-results          results updated in a range
    POST brand-message/v1.0/appkeys/{appkey}/freestyle-messages  advertising
    GET  brand-message/v1.0/appkeys/{appkey}/messages | message-results
    GET  ""                                                      the inbox page (Korean)
    GET|POST _control/plan, POST _control/deliver, POST _control/reset   (JSON)

The rules are in provider.py; delivery codes by recipient number are documented there.
"""

from __future__ import annotations

import json
import time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from messaging.fake import control, hooks, lookups, provider
from messaging.fake.models import FakeMessage, Received

PRODUCTS = {"alimtalk/v2.3": "alimtalk", "brand-message/v1.0": "brand"}
INBOX_SIZE = 100


def _error(exc: provider.ApiError) -> JsonResponse:
    return JsonResponse(
        {"header": provider.header(exc.code, exc.message)},
        status=exc.status,
        json_dumps_params={"ensure_ascii": False},
    )


def _answer(request: HttpRequest, call: str, handle) -> HttpResponse:
    """Record the call, apply the failure plan, run `handle()` and answer as NHN does."""
    received = Received.objects.create(
        method=request.method,
        path=request.path[:300],
        idempotency_key=request.headers.get("X-NC-API-IDEMPOTENCY-KEY", "")[:200],
        body=request.body.decode("utf-8", "replace")[:20000],
    )
    failure = provider.failure_take(call)
    after = None
    if failure == "500":
        received.status_code = 500
        received.save(update_fields=["status_code"])
        return HttpResponse("Internal Server Error", status=500, content_type="text/plain")
    if failure == "-9999":
        exc = provider.ApiError(-9999, "System error", 500)
        response = _error(exc)
    else:
        try:
            payload, after = handle()
            response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
        except provider.ApiError as exc:
            response = _error(exc)
    body = json.loads(response.content)
    received.status_code = response.status_code
    received.result_code = str(body["header"]["resultCode"])
    received.request_id = (body.get("message") or {}).get("requestId", "")
    received.save(update_fields=["status_code", "result_code", "request_id"])
    if after:
        after()
    if failure == "timeout":
        # Accepted, and answered after the client gave up: it must look the message up.
        time.sleep(provider.timeout_seconds())
    return response


def _authed(request: HttpRequest, appkey: str) -> None:
    provider.check_auth(appkey, request.headers.get("X-Secret-Key", ""))


def _send(request: HttpRequest, appkey: str, intake) -> tuple[dict, object]:
    _authed(request, appkey)
    body = provider.parse_json(request.content_type or "", request.body)
    answer, ids = provider.accept(
        intake(body), idempotency_key=request.headers.get("X-NC-API-IDEMPOTENCY-KEY", "")
    )
    return answer, (lambda: hooks.schedule(ids))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def alimtalk_messages(request: HttpRequest, appkey: str) -> HttpResponse:
    if request.method == "POST":
        return _answer(request, "send", lambda: _send(request, appkey, provider.intake_alimtalk))
    return _lookup(request, appkey, "alimtalk")


@csrf_exempt
@require_POST
def brand_send(request: HttpRequest, appkey: str) -> HttpResponse:
    return _answer(request, "send", lambda: _send(request, appkey, provider.intake_brand))


def _lookup(request: HttpRequest, appkey: str, product: str) -> HttpResponse:
    def handle():
        _authed(request, appkey)
        return lookups.lookup(product, request.GET), None

    return _answer(request, "lookup", handle)


@require_GET
def brand_messages(request: HttpRequest, appkey: str) -> HttpResponse:
    return _lookup(request, appkey, "brand")


@require_GET
def message_one(request: HttpRequest, appkey: str, request_id: str, seq: int) -> HttpResponse:
    def handle():
        _authed(request, appkey)
        return lookups.lookup_one("alimtalk", request_id, seq), None

    return _answer(request, "lookup", handle)


def _results(request: HttpRequest, appkey: str, product: str) -> HttpResponse:
    def handle():
        _authed(request, appkey)
        return lookups.results(product, request.GET), None

    return _answer(request, "results", handle)


@require_GET
def alimtalk_results(request: HttpRequest, appkey: str) -> HttpResponse:
    return _results(request, appkey, "alimtalk")


@require_GET
def brand_results(request: HttpRequest, appkey: str) -> HttpResponse:
    return _results(request, appkey, "brand")


# --- the inbox ----------------------------------------------------------------------------


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Each message as the recipient's phone would show it, newest first."""
    messages = list(FakeMessage.objects.order_by("-request_date", "-id")[:INBOX_SIZE])
    return render(
        request,
        "messaging/fake/inbox.html",
        {
            "inbox": messages,
            "plan": provider.plan(),
            "delivery_names": provider.DELIVERY_NAMES,
        },
    )


# --- control (JSON) -------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def control_plan(request: HttpRequest) -> JsonResponse:
    if request.method == "POST":
        try:
            changes = json.loads(request.body or b"{}")
            if not isinstance(changes, dict):
                raise control.PlanError("a JSON object of plan fields")
            current = control.set_plan(**changes)
        except (ValueError, control.PlanError) as exc:
            return JsonResponse({"error": str(exc)}, status=400)
        return JsonResponse(control.plan_json(current))
    return JsonResponse(control.plan_json())


@csrf_exempt
@require_POST
def control_deliver(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"delivered": control.deliver()})


@csrf_exempt
@require_POST
def control_reset(request: HttpRequest) -> JsonResponse:
    control.reset()
    return JsonResponse({"reset": True})
