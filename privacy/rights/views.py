"""Rights requests, on the member's side and on the public proxy form.

A member sees only their own requests (another member's is a 404, not a 403: its existence is
not theirs to learn). The proxy form is public; it never says whether the person it names is a
member.
"""

import logging

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.cache import CacheUnavailable
from core.decorators import member_required
from core.http import client_ip
from privacy.rights import filing, notices
from privacy.rights.forms import (
    ATTORNEY_MAX_LABEL,
    REUPLOAD_NOTE,
    AttorneyUploadHandler,
    MemberRightsForm,
    ProxyRightsForm,
)
from privacy.rights.models import OPEN_RIGHTS_STATUSES, RightsKind
from privacy.rights.steps import RightsError

# The public form takes files: a few per address per hour is plenty for a real proxy.
PROXY_LIMIT_PER_HOUR = 5
logger = logging.getLogger(__name__)


@member_required
def request_list(request):
    member = request.user
    requests = notices.requests_for_member(member)
    return render(
        request,
        "privacy/rights/list.html",
        {
            "requests": requests,
            # A notice is only ever about one of the member's own requests (rights_event_record).
            "notices": notices.notices_for_member(member) if requests else [],
        },
    )


@member_required
def request_new(request):
    form = MemberRightsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filed = filing.rights_request_file(
            member=request.user,
            kind=data["kind"],
            detail=data["detail"],
            correction_item=data["correction_item"],
            correction_value=data["correction_value"],
            suspend_purposes=data["suspend_purposes"],
        )
        messages.success(
            request,
            f"{filed.get_kind_display()} 요구를 접수했어요. "
            f"{filed.due_date.year}년 {filed.due_date.month}월 {filed.due_date.day}일까지 "
            "처리 결과를 알려 드릴게요.",
        )
        return redirect("rights:detail", pk=filed.pk)
    return render(
        request,
        "privacy/rights/new.html",
        {"form": form, "kinds": RightsKind, "has_errors": form.is_bound and not form.is_valid()},
    )


@member_required
def request_detail(request, pk: int):
    filed = notices.request_for_member(request.user, pk)
    if filed is None:
        raise Http404
    notices.rights_notices_mark_read(member=request.user, request=filed)
    open_lift = None
    if filed.is_active_suspension:
        open_lift = filed.lift_requests.filter(status__in=OPEN_RIGHTS_STATUSES).first()
    return render(
        request,
        "privacy/rights/detail.html",
        {
            "req": filed,
            "events": list(filed.events.order_by("at", "id")),
            "can_lift": filed.is_active_suspension and open_lift is None,
            "open_lift": open_lift,
        },
    )


@member_required
def request_lift(request, pk: int):
    """The member asks to lift a 처리정지 that was granted (개인정보 보호법 제37조): from the
    suspension's own page, one button; the new request is handled like any other."""
    suspension = notices.request_for_member(request.user, pk)
    if suspension is None:
        raise Http404
    if request.method != "POST":
        return redirect("rights:detail", pk=suspension.pk)
    detail = (request.POST.get("detail") or "").strip()[:2000]
    try:
        filed = filing.rights_request_file_lift(
            member=request.user, suspension=suspension, detail=detail
        )
    except RightsError as error:
        messages.error(request, str(error))
        return redirect("rights:detail", pk=suspension.pk)
    messages.success(
        request,
        "처리정지 해제 요구를 접수했어요. "
        f"{filed.due_date.year}년 {filed.due_date.month}월 {filed.due_date.day}일까지 "
        "처리 결과를 알려 드릴게요.",
    )
    return redirect("rights:detail", pk=filed.pk)


@csrf_exempt
def proxy(request):
    """The public form. Order matters, because the body may be hostile (issue 10): its size was
    checked before anything read it (core.urlguard); the CSRF check reads it through an upload
    handler that takes the one 위임장 part, spooled to disk only encrypted, and skips every other
    file; only a request that passed the CSRF check counts against the throttle, so a page on
    another site cannot use up a real proxy's five tries (개인정보 보호법 제38조)."""
    handler = AttorneyUploadHandler(request)
    request.upload_handlers = [handler]
    try:
        return _proxy(request)
    except (MultiPartParserError, UnreadablePostError, TooManyFilesSent, TooManyFieldsSent):
        # A body no browser sends from this form: more than one file, a broken or cut-off
        # multipart stream. Nothing of it is kept.
        handler.upload_interrupted()
        return _proxy_page(
            request,
            ProxyRightsForm(),
            refused="보내신 내용을 읽을 수 없었어요. 위임장 파일 하나만 첨부해 다시 보내 주세요.",
            status=400,
        )
    except RequestDataTooBig:
        handler.upload_interrupted()
        return _proxy_page(
            request,
            ProxyRightsForm(),
            refused="입력한 내용이 너무 길어요. 요구 내용을 줄여 다시 보내 주세요.",
            status=413,
        )


@csrf_protect
def _proxy(request):
    form = ProxyRightsForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and _proxy_throttled(request):
        return _proxy_page(request, form, throttled=True, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filing.rights_request_file_by_proxy(
            principal_name=data["principal_name"],
            principal_phone=data["principal_phone"],
            proxy_name=data["proxy_name"],
            proxy_phone=data["proxy_phone"],
            proxy_relation=data["proxy_relation"],
            kind=data["kind"],
            attorney_bytes=form.attorney_bytes,
            attorney_type=form.attorney_type,
            detail=data["detail"],
            correction_item=data["correction_item"],
            correction_value=data["correction_value"],
            suspend_purposes=data["suspend_purposes"],
        )
        return redirect("rights:proxy_done")
    return _proxy_page(request, form)


def _proxy_throttled(request) -> bool:
    key = f"rights-proxy:{client_ip(request)}"
    try:
        cache.add(key, 0, timeout=60 * 60)
        return cache.incr(key) > PROXY_LIMIT_PER_HOUR
    except CacheUnavailable:
        # Fails open: the limit only keeps one address from flooding officers' queue; no
        # secret is guessed here, and refusing would block a right the law grants a proxy
        # (개인정보 보호법 제38조) for as long as our Redis is down.
        logger.warning("Proxy form throttle skipped: cache unavailable (%s)", key)
        return False


def _proxy_page(request, form, *, throttled=False, refused="", status=200):
    return render(
        request,
        "privacy/rights/proxy.html",
        {
            "form": form,
            "throttled": throttled,
            "refused": refused,
            "has_errors": form.is_bound,
            "reupload_note": REUPLOAD_NOTE,
            "max_label": ATTORNEY_MAX_LABEL,
        },
        status=status,
    )


def proxy_done(request):
    return render(request, "privacy/rights/proxy_done.html")
