"""Error pages: Korean, in the site's look, never a trace, and renderable with nothing up.

lifemento/urls.py names these as handler400/403/404/500 (and handler429, which allauth's rate
limits use); settings.CSRF_FAILURE_VIEW names csrf_failure. Each page renders from
templates/errors/ with a plain context, not a RequestContext: the context processors read the
session, the user and the policy timeline, and an error page must render when the database or
the cache is what failed.

The one place a dead database becomes a 503: Django turns an exception raised anywhere in the
request (a view, or a middleware loading the session) into a call of handler500 with the
exception in sys.exc_info(). server_error() answers 503 with Retry-After when that exception
says a backing service is unavailable (PostgreSQL refusing or restarting, the pool out of
connections, Redis gone for a caller that needed it), so the member reads "try again in a
moment" instead of "something broke", and clients and proxies know when to retry.

A request asking for JSON (fetch with Accept: application/json, or htmx's HX-Request) gets
{"error": <code>, "message": <Korean>} with the same status: the cover-letter autosave script
reads it to tell the member what happened and keep their draft.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

from core.cache import CacheUnavailable

logger = logging.getLogger(__name__)

# PostgreSQL restarts in seconds and the pool reconnects in the background; a browser or proxy
# that honours Retry-After comes back after that, not in a tight loop.
RETRY_AFTER_SECONDS = 10

MESSAGES = {
    400: ("bad_request", "요청을 처리할 수 없어요. 주소나 입력한 내용을 확인해 주세요."),
    403: ("forbidden", "이 페이지를 볼 권한이 없어요."),
    404: ("not_found", "페이지를 찾을 수 없어요."),
    413: ("too_large", "보내신 내용이 너무 커요. 줄여서 다시 보내 주세요."),
    429: ("rate_limited", "요청이 너무 많이 들어왔어요. 잠시 후 다시 시도해 주세요."),
    500: ("server_error", "일시적인 오류로 요청을 처리하지 못했어요. 잠시 후 다시 시도해 주세요."),
    503: ("unavailable", "잠시 서비스를 이용할 수 없어요. 잠시 후 다시 시도해 주세요."),
}
CSRF_MESSAGE = "보안 확인이 만료되어 저장하지 못했어요. 페이지를 새로고침한 뒤 다시 시도해 주세요."


def is_unavailable(error: BaseException | None) -> bool:
    """Whether an exception means a backing service is down, not that our code is wrong."""
    if error is None:
        return False
    if isinstance(error, CacheUnavailable):
        return True
    from django.db import InterfaceError, OperationalError

    # Django wraps the driver's errors (psycopg's OperationalError, the pool's PoolTimeout,
    # "connection already closed") in its own; a raw one can reach us from code using the
    # driver directly.
    if isinstance(error, InterfaceError):
        return True  # "connection already closed"
    if isinstance(error, OperationalError):
        # Django's wrapper: decide on the driver's error it wraps, if any.
        return _driver_unavailable(error.__cause__) if error.__cause__ is not None else True
    return _driver_unavailable(error)


# PostgreSQL error classes that mean "the server is not there for us now", not "this query is
# wrong": 08 connection exception, 53 insufficient resources (too many connections), 57P
# operator intervention (shutdown, crash recovery, cannot connect now). A deadlock, a statement
# timeout or a missing column is an OperationalError too, but retrying it changes nothing:
# those stay 500s, so they are seen and fixed.
UNAVAILABLE_SQLSTATES = ("08", "53", "57P")


def _driver_unavailable(error: BaseException) -> bool:
    import sqlite3

    if isinstance(error, sqlite3.OperationalError):
        return "locked" in str(error)  # the embedded default's one transient error
    try:
        import psycopg
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover - psycopg is a pinned requirement
        return False
    if isinstance(error, (PoolTimeout, psycopg.InterfaceError)):
        return True
    if isinstance(error, psycopg.OperationalError):
        # No SQLSTATE: the server never answered (refused, reset, gone mid-query).
        state = error.sqlstate
        return state is None or state.startswith(UNAVAILABLE_SQLSTATES)
    return False


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept or "HX-Request" in request.headers


def _seconds_label(seconds: int) -> str:
    return f"{seconds}초" if seconds < 60 else f"{seconds // 60}분"


def error_response(
    request: HttpRequest,
    status: int,
    *,
    template: str | None = None,
    code: str | None = None,
    message: str | None = None,
    retry_after: int | None = None,
) -> HttpResponse:
    default_code, default_message = MESSAGES[status]
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {"error": code or default_code, "message": message or default_message},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        context = {
            "PRIVACY_OFFICER_EMAIL": settings.PRIVACY_OFFICER_EMAIL,
            "message": message,
            "retry_after": retry_after,
            "retry_after_label": _seconds_label(retry_after) if retry_after else "",
        }
        try:
            body = loader.render_to_string(template or f"errors/{status}.html", context)
        except Exception:
            # The error page itself must not fail (a missing static manifest entry, say).
            logger.exception("Error page %s could not be rendered", status)
            body = f"<!DOCTYPE html><html lang='ko'><title>라이프멘토</title><p>{default_message}"
        response = HttpResponse(body, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    # Never cached by a proxy or the browser: the next try must reach us.
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    # An exception may carry words meant for the person refused (privacy.staff.designation:
    # why, and whom to ask); any other PermissionDenied's text stays out of the page.
    return error_response(request, 403, message=getattr(exception, "public_message", None))


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 404)


def too_many_requests(
    request: HttpRequest, exception=None, *, retry_after: int | None = None
) -> HttpResponse:
    return error_response(request, 429, retry_after=retry_after)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    return error_response(request, 503, retry_after=RETRY_AFTER_SECONDS)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return error_response(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a stale or missing token, said so, with how to retry."""
    return error_response(
        request, 403, template="errors/403_csrf.html", code="csrf", message=CSRF_MESSAGE
    )
