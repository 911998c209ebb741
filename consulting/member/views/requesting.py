"""The request flow: service → consultant (or a match) → what to share → the consent screen.

The draft lives in the session (sealed at rest, accounts.session_store) until the member agrees
or refuses, so going back a step or a validation error loses nothing; nothing is created before
the consent screen's "동의하고 요청하기"."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from consulting.catalog import SERVICES
from consulting.member.forms import MATCH, ConsultantForm, ServiceForm, share_initial
from consulting.member.matching import RULE_TEXT
from consulting.member.selectors import listed_consultants, member_match, open_consultant_ids
from consulting.member.services import member_engagement_request
from consulting.member.views.browse import consultant_card
from consulting.member.views.sharing import (
    CHANGED,
    UNSHAREABLE,
    ConsentTarget,
    agreed_notice,
    consent_page,
    share_form,
    while_stated,
)
from consulting.models import ConsultantProfile
from consulting.services import RequestRefused
from consulting.snapshots import Selection, SelectionInvalid
from core.decorators import member_required
from privacy.api import ShareInvalid, SharingRefused

DRAFT = "consulting.request"
NOT_NOW = "지금은 이 컨설턴트에게 요청할 수 없어요. 다른 컨설턴트를 골라 주세요."


def _draft(request) -> dict:
    return dict(request.session.get(DRAFT) or {})


def _save_draft(request, draft: dict) -> None:
    request.session[DRAFT] = draft


def _draft_consultant(request, draft: dict) -> ConsultantProfile | None:
    if "consultant" not in draft:
        return None
    return listed_consultants().filter(pk=draft["consultant"]).first()


@member_required
@while_stated
@require_http_methods(["GET", "POST"])
def request_service(request):
    draft = _draft(request)
    wanted = request.GET.get("service") or draft.get("service")
    form = ServiceForm(request.POST or None, initial={"service": wanted})
    if request.method == "POST" and form.is_valid():
        draft["service"] = form.cleaned_data["service"]
        _save_draft(request, draft)
        return redirect("consulting:my_request_consultant")
    choices = [(choice, SERVICES[choice.data["value"]]) for choice in form["service"]]
    context = {"form": form, "choices": choices, "step": 1}
    return render(request, "consulting/member/request_service.html", context)


@member_required
@while_stated
@require_http_methods(["GET", "POST"])
def request_consultant(request):
    draft = _draft(request)
    if draft.get("service") not in SERVICES:
        return redirect("consulting:my_request")
    profiles = list(listed_consultants())
    busy = open_consultant_ids(request.user)
    chosen = MATCH if draft.get("matched") else str(draft.get("consultant", ""))
    form = ConsultantForm(
        request.POST or None, consultants=profiles, busy=busy, initial={"consultant": chosen}
    )
    if request.method == "POST" and form.is_valid():
        value = form.cleaned_data["consultant"]
        if value == MATCH:
            match = member_match(request.user)
            if match is None:
                form.add_error(None, "지금 새 요청을 받을 수 있는 컨설턴트가 없어요.")
            else:
                draft.update(consultant=match.candidate.key, matched=True, reason=match.reason)
        else:
            draft.update(consultant=int(value), matched=False, reason="")
        if not form.errors:
            _save_draft(request, draft)
            return redirect("consulting:my_request_share")
    context = {
        "form": form,
        "cards": [consultant_card(p, busy) for p in profiles],
        "service": SERVICES[draft["service"]],
        "rule": RULE_TEXT,
        "chosen": form["consultant"].value() or "",
        "step": 2,
    }
    return render(request, "consulting/member/request_consultant.html", context)


@member_required
@while_stated
@require_http_methods(["GET", "POST"])
def request_share(request):
    draft = _draft(request)
    if draft.get("service") not in SERVICES:
        return redirect("consulting:my_request")
    profile = _draft_consultant(request, draft)
    if profile is None:
        if "consultant" in draft:
            messages.error(request, NOT_NOW)
        return redirect("consulting:my_request_consultant")
    form = share_form(
        request,
        initial=share_initial(draft.get("selection"), draft.get("note", "")),
        with_note=True,
    )
    if request.method == "POST" and form.is_valid():
        draft["selection"] = form.selection().as_dict()
        draft["note"] = form.cleaned_data["note"]
        _save_draft(request, draft)
        return redirect("consulting:my_request_consent")
    context = {
        "form": form,
        "service": SERVICES[draft["service"]],
        "consultant": profile,
        "reason": draft.get("reason", ""),
        "back": reverse("consulting:my_request_consultant"),
        "step": 3,
    }
    return render(request, "consulting/member/share.html", context)


@member_required
@while_stated
@require_http_methods(["GET", "POST"])
def request_consent(request):
    draft = _draft(request)
    if draft.get("service") not in SERVICES or not draft.get("selection"):
        return redirect("consulting:my_request")
    profile = _draft_consultant(request, draft)
    if profile is None:
        messages.error(request, NOT_NOW)
        return redirect("consulting:my_request_consultant")
    target = ConsentTarget(
        consultant=profile,
        service=draft["service"],
        selection=Selection.from_dict(draft["selection"]),
        action=reverse("consulting:my_request_consent"),
        back=reverse("consulting:my_request_share"),
        note=draft.get("note", ""),
    )
    extra = {"reason": draft.get("reason", ""), "step": 4, "is_request": True}
    if request.method == "POST" and "refuse" in request.POST:
        request.session.pop(DRAFT, None)
        return redirect("consulting:my_request_refused")
    if request.method == "POST":
        now = timezone.now()
        try:
            agreed = agreed_notice(request, target, now)
        except SelectionInvalid as invalid:
            messages.error(request, invalid.message)
            return redirect("consulting:my_request_share")
        if agreed is None:
            messages.error(request, CHANGED)
            return consent_page(request, target, extra=extra, status=409, now=now) or redirect(
                "consulting:my_request_share"
            )
        _, notice = agreed
        try:
            engagement = member_engagement_request(
                member=request.user,
                consultant=profile,
                service=target.service,
                note=draft.get("note", ""),
                selection=target.selection,
                notice=notice,
                now=now,
                matched=bool(draft.get("matched")),
            )
        except RequestRefused as refused:
            messages.error(request, refused.message)
            return redirect("consulting:my_request_consultant")
        except SelectionInvalid as invalid:
            messages.error(request, invalid.message)
            return redirect("consulting:my_request_share")
        except ShareInvalid:
            messages.error(request, UNSHAREABLE)
            return redirect("consulting:my_request_share")
        except SharingRefused:
            messages.error(request, NOT_NOW)
            return redirect("consulting:my_request_consultant")
        request.session.pop(DRAFT, None)
        messages.success(request, "컨설팅을 요청했어요. 컨설턴트가 수락하면 알려 드릴게요.")
        return redirect("consulting:my_engagement", pk=engagement.pk)
    return consent_page(request, target, extra=extra) or redirect("consulting:my_request_share")


@member_required
def request_refused(request):
    return render(request, "consulting/member/refused.html")
