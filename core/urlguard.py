"""Refuse hostile requests before anything reads them: NUL bytes in the URL, and multipart
bodies whose size is unknown or too large.

- A NUL byte (U+0000) is never part of a real address, and PostgreSQL refuses it in any text
  it is given ("A string literal cannot contain NUL"), which used to surface as a 500 wherever
  a path segment or a query parameter reached a query (/notices/policy/versions/%00/,
  ?from=%00). A path holding one names nothing: 404. A query string holding one: 400.
  A cookie holding one (a quoted cookie may spell it \\000) is dropped, so the session lookup
  never sees it; answering 400 instead would lock that browser out until the cookie expires.
- A multipart body is parsed by whichever view first reads request.POST (the CSRF check
  included), so its size is checked here, from Content-Length, before a byte of it is read:
  more than settings.DATA_UPLOAD_MAX_MULTIPART_BYTES is a 413; no Content-Length at all
  (chunked) or one that is not a number is a 400. A Content-Length smaller than the body is
  harmless: Django never reads past it.

Registered early in MIDDLEWARE, before the session and CSRF middleware.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

from core.errors import error_response

NUL = "\x00"


def has_nul(value: str) -> bool:
    return NUL in value


def multipart_refusal(request: HttpRequest) -> tuple[int, str] | None:
    """(status, Korean message) when a multipart body must not be read, else None. Only a POST
    body is ever parsed by Django (request.POST), so only a POST is checked."""
    if request.method != "POST" or not request.content_type.startswith("multipart/"):
        return None
    raw = request.META.get("CONTENT_LENGTH") or ""
    try:
        length = int(raw)
    except ValueError:
        length = -1
    if length < 0:
        return 400, (
            "보내신 내용의 크기를 알 수 없어 받지 않았어요. 페이지를 새로 고친 뒤 다시 보내 주세요."
        )
    limit = settings.DATA_UPLOAD_MAX_MULTIPART_BYTES
    if length > limit:
        return 413, (
            f"보내신 내용이 너무 커요. 첨부 파일을 포함해 {limit // (1024 * 1024)}MB 이하로 "
            "다시 보내 주세요."
        )
    return None


class RequestGuardMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request.path_info):
            raise Http404("주소에 쓸 수 없는 문자가 들어 있어요.")
        if has_nul(request.META.get("QUERY_STRING", "")) or any(
            has_nul(key) or any(has_nul(v) for v in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("주소에 쓸 수 없는 문자가 들어 있어요.")
        for name in [k for k, v in request.COOKIES.items() if has_nul(k) or has_nul(v)]:
            del request.COOKIES[name]
        refusal = multipart_refusal(request)
        if refusal is not None:
            status, message = refusal
            return error_response(request, status, message=message)
        return self.get_response(request)
