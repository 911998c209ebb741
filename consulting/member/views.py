"""The member's consulting pages (/consulting/my/): the services and consultants, the request
flow (service → consultant → what to share → the consent screen), and the member's
engagements. Every page is the signed-in member's own: an engagement of anyone else is 404.

The request's draft lives in the session (sealed at rest, accounts.session_store) until the
member agrees or refuses, so going back a step or a validation error loses nothing; nothing is
created before the consent screen's "동의하고 요청하기"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from consulting.catalog import SERVICES, service_for
from consulting.member.forms import (
    MATCH,
    ConsultantForm,
    ProposalForm,
    RatingForm,
    ServiceForm,
    ShareForm,
    share_initial,
)
from consulting.member.matching import RULE_TEXT
from consulting.member.selectors import (
    consultant_ratings,
    listed_consultants,
    member_engagement_page,
    member_engagements,
    member_match,
    open_consultant_ids,
    specialty_labels,
)
from consulting.member.services import (
    RATEABLE,
    SHAREABLE,
    RatingRefused,
    member_cancel,
    member_close,
    member_engagement_request,
    member_rate,
    member_revision_request,
    member_session_confirm,
    member_share_again,
    member_sharing_stop,
    notice_digest,
    notice_for,
)
from consulting.models import ConsultantProfile, Engagement, EngagementState
from consulting.services import TRANSITIONS, RequestRefused, TransitionRefused
from consulting.snapshots import Selection, SelectionInvalid
from core.decorators import member_required
from coverletters.models import CoverLetter
from experiences.selectors import experience_list
from privacy.api import ShareInvalid, SharingRefused
from profiles.models import Profile

S = EngagementState
DRAFT = "consulting.request"
NOT_NOW = "지금은 이 컨설턴트에게 요청할 수 없어요. 다른 컨설턴트를 골라 주세요."
CHANGED = (
    "확인하신 뒤에 동의 내용이 바뀌었어요 (고른 항목, 제목이나 날짜). 바뀐 내용을 다시 "
    "확인하고 동의해 주세요."
)
UNSHAREABLE = "공유할 수 없는 항목이 있어요. 다시 골라 주세요."

# What happens next, for the member, by state (the scheduled service's accepted state has its
# own: the member confirms a time).
NEXT_STEP = {
    S.REQUESTED: "컨설턴트가 요청을 확인하고 있어요. 수락하면 알려 드릴게요.",
    S.ACCEPTED: "컨설턴트가 수락했어요. 기한 안에 피드백을 드려요.",
    S.IN_REVIEW: "컨설턴트가 공유한 내용을 검토하고 있어요.",
    S.SCHEDULED: "확정한 시간에 모의면접을 진행해요.",
    S.DELIVERED: "피드백이 도착했어요. 확인한 뒤 수정을 요청하거나 컨설팅을 끝내 주세요.",
    S.REVISION: "컨설턴트가 고친 내용을 다시 보고 있어요.",
    S.CLOSED: "컨설팅이 끝났어요.",
    S.DECLINED: "컨설턴트가 이번 요청을 받지 못했어요. 다른 컨설턴트에게 요청해 보세요.",
    S.CANCELLED: "취소한 요청이에요.",
}
SCHEDULE_STEP = "컨설턴트가 면접 시간을 제안하면 그중 하나를 골라 확정해 주세요."


def next_step(engagement: Engagement) -> str:
    if engagement.state == S.ACCEPTED and service_for(engagement.service).scheduled:
        return SCHEDULE_STEP
    return NEXT_STEP[engagement.state]


def _consultant_name(engagement: Engagement) -> str:
    profile = getattr(engagement.consultant, "consultant_profile", None)
    return profile.display_name if profile is not None else "컨설턴트"


def _card(profile: ConsultantProfile, busy: set[int] | None = None) -> dict:
    return {
        "profile": profile,
        **specialty_labels(profile),
        "busy": busy is not None and profile.consultant_id in busy,
    }


# --- Services and consultants ---------------------------------------------------------------


@member_required
def home(request):
    rows = [
        {
            "engagement": e,
            "service": SERVICES[e.service],
            "consultant": _consultant_name(e),
            "next": next_step(e),
            "open": e.state in SHAREABLE,
        }
        for e in member_engagements(request.user)
    ]
    return render(request, "consulting/member/home.html", {"rows": rows})


@member_required
def services(request):
    return render(request, "consulting/member/services.html", {"services": SERVICES.values()})


@member_required
def consultants(request):
    cards = [_card(p) for p in listed_consultants()]
    return render(request, "consulting/member/consultants.html", {"cards": cards})


@member_required
def consultant(request, pk: int):
    profile = get_object_or_404(listed_consultants(), pk=pk)
    context = {"card": _card(profile), "ratings": consultant_ratings(profile)}
    return render(request, "consulting/member/consultant.html", context)


# --- The request flow -----------------------------------------------------------------------


def _draft(request) -> dict:
    return dict(request.session.get(DRAFT) or {})


def _save_draft(request, draft: dict) -> None:
    request.session[DRAFT] = draft


def _draft_consultant(request, draft: dict) -> ConsultantProfile | None:
    if "consultant" not in draft:
        return None
    return listed_consultants().filter(pk=draft["consultant"]).first()


@member_required
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
        "cards": [_card(p, busy) for p in profiles],
        "service": SERVICES[draft["service"]],
        "rule": RULE_TEXT,
        "chosen": form["consultant"].value() or "",
        "step": 2,
    }
    return render(request, "consulting/member/request_consultant.html", context)


def _share_form(request, *, initial: dict, with_note: bool) -> ShareForm:
    member = request.user
    return ShareForm(
        request.POST or None,
        initial=initial,
        has_profile=Profile.objects.filter(member=member).exists(),
        letters=CoverLetter.objects.filter(member=member).order_by("-updated_at", "-pk"),
        experiences=experience_list(member),
        with_note=with_note,
    )


@member_required
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
    form = _share_form(
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


@dataclass(frozen=True)
class ConsentTarget:
    """Who the consent screen is for and where its buttons go."""

    consultant: ConsultantProfile
    service: str
    selection: Selection
    action: str
    back: str


def _consent_page(request, target: ConsentTarget, *, extra: dict, status: int = 200, now=None):
    """Render the consent screen for `target`, or None when the selection is no longer valid
    (the caller sends the member back to choose)."""
    now = now or timezone.now()
    try:
        _, notice = notice_for(
            member=request.user,
            consultant=target.consultant,
            service=target.service,
            selection=target.selection,
            now=now,
        )
    except SelectionInvalid as invalid:
        messages.error(request, invalid.message)
        return None
    context = {
        "notice": notice,
        "digest": notice_digest(notice, consultant=target.consultant, service=target.service),
        "target": target,
        "service": SERVICES[target.service],
        **extra,
    }
    return render(request, "consulting/member/consent.html", context, status=status)


def _agreed_notice(request, target: ConsentTarget, now):
    """(chosen, notice) recomputed now, if it is what the screen showed; else None."""
    chosen, notice = notice_for(
        member=request.user,
        consultant=target.consultant,
        service=target.service,
        selection=target.selection,
        now=now,
    )
    shown = request.POST.get("notice_digest", "")
    if shown != notice_digest(notice, consultant=target.consultant, service=target.service):
        return None
    return chosen, notice


@member_required
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
    )
    extra = {"reason": draft.get("reason", ""), "step": 4, "is_request": True}
    if request.method == "POST" and "refuse" in request.POST:
        request.session.pop(DRAFT, None)
        return redirect("consulting:my_request_refused")
    if request.method == "POST":
        now = timezone.now()
        try:
            agreed = _agreed_notice(request, target, now)
        except SelectionInvalid as invalid:
            messages.error(request, invalid.message)
            return redirect("consulting:my_request_share")
        if agreed is None:
            messages.error(request, CHANGED)
            return _consent_page(request, target, extra=extra, status=409, now=now) or redirect(
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
    return _consent_page(request, target, extra=extra) or redirect("consulting:my_request_share")


@member_required
def request_refused(request):
    return render(request, "consulting/member/refused.html")


# --- The member's engagement ----------------------------------------------------------------


def _own_engagement(request, pk: int) -> Engagement:
    """The member's own engagement, else 404 (never "forbidden": it says nothing exists)."""
    return get_object_or_404(
        Engagement.objects.select_related("consultant"), pk=pk, member=request.user
    )


def _actions(engagement: Engagement, page, now) -> dict[str, bool]:
    service = service_for(engagement.service)
    state = engagement.state
    sharing = any(
        s.grant is not None and s.grant.revoked_at is None and s.grant.expires_at > now
        for s in page.snapshots
    )
    return {
        "cancel": S.CANCELLED in TRANSITIONS[state],
        "stop_sharing": sharing and state in SHAREABLE,
        "share_again": state in SHAREABLE,
        "schedule": service.scheduled
        and state == S.ACCEPTED
        and any(p.confirmed_at is None and p.starts_at > now for p in page.proposals),
        "revision": state == S.DELIVERED and engagement.revisions_used < service.revision_rounds,
        "close": state == S.DELIVERED,
        "rate": state in RATEABLE and page.rating is None,
    }


@member_required
def engagement(request, pk: int):
    engagement = _own_engagement(request, pk)
    now = timezone.now()
    page = member_engagement_page(engagement)
    actions = _actions(engagement, page, now)
    proposals = [p for p in page.proposals if p.confirmed_at is None and p.starts_at > now]
    context = {
        "page": page,
        "e": engagement,
        "service": service_for(engagement.service),
        "next": next_step(engagement),
        "actions": actions,
        "sharing": actions["stop_sharing"],
        "open_proposals": proposals,
        "confirmed": next((p for p in page.proposals if p.confirmed_at), None),
        "proposal_form": ProposalForm(proposals=proposals) if actions["schedule"] else None,
    }
    return render(request, "consulting/member/engagement.html", context)


@dataclass(frozen=True)
class Confirm:
    title: str
    body: str
    button: str
    done: str
    run: Callable
    danger: bool = False


CONFIRMS = {
    "cancel": Confirm(
        title="컨설팅 요청을 취소할까요?",
        body=(
            "취소하면 컨설턴트는 공유한 정보를 바로 볼 수 없게 되고, 이 요청은 다시 진행할 수 "
            "없어요. 공유한 사본은 안내한 기간이 지나면 파기해요."
        ),
        button="요청 취소하기",
        done="요청을 취소했어요. 컨설턴트는 이제 공유한 정보를 볼 수 없어요.",
        run=member_cancel,
        danger=True,
    ),
    "stop_sharing": Confirm(
        title="공유를 중단할까요? (동의 철회)",
        body=(
            "컨설턴트에게 정보를 제공하는 데 한 동의를 철회해요. 컨설턴트는 다음에 열어 볼 때부터 "
            "공유한 정보를 볼 수 없어요. 컨설팅 요청은 그대로 남아 있어서, 필요하면 ‘다시 "
            "공유하기’로 다시 고를 수 있어요."
        ),
        button="공유 중단하기",
        done="공유를 중단했어요. 컨설턴트는 이제 공유한 정보를 볼 수 없어요.",
        run=member_sharing_stop,
    ),
    "revision": Confirm(
        title="수정을 요청할까요?",
        body=(
            "받은 피드백으로 고친 뒤 한 번 더 봐 달라고 요청해요. 고친 자기소개서를 컨설턴트가 "
            "보려면 ‘다시 공유하기’로 새로 공유해 주세요."
        ),
        button="수정 요청하기",
        done="수정을 요청했어요. 컨설턴트가 다시 보면 알려 드릴게요.",
        run=member_revision_request,
    ),
    "close": Confirm(
        title="컨설팅을 끝낼까요?",
        body=(
            "끝내면 컨설턴트는 공유한 정보를 더 볼 수 없고, 남은 수정 요청도 쓸 수 없어요. "
            "받은 피드백과 총평은 계속 볼 수 있어요."
        ),
        button="컨설팅 끝내기",
        done="컨설팅을 끝냈어요. 어땠는지 평가를 남겨 주시면 다른 회원에게 도움이 돼요.",
        run=member_close,
    ),
}


@member_required
@require_http_methods(["GET", "POST"])
def engagement_confirm(request, pk: int, action: str):
    confirm = CONFIRMS.get(action)
    if confirm is None:
        raise Http404
    engagement = _own_engagement(request, pk)
    now = timezone.now()
    if not _actions(engagement, member_engagement_page(engagement), now)[action]:
        messages.error(request, "지금 상태에서는 할 수 없는 일이에요.")
        return redirect("consulting:my_engagement", pk=pk)
    if request.method == "POST":
        try:
            confirm.run(engagement, now=now)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, confirm.done)
        return redirect("consulting:my_engagement", pk=pk)
    context = {"e": engagement, "confirm": confirm, "service": service_for(engagement.service)}
    return render(request, "consulting/member/confirm.html", context)


@member_required
@require_POST
def engagement_schedule(request, pk: int):
    engagement = _own_engagement(request, pk)
    form = ProposalForm(request.POST, proposals=engagement.proposals.all())
    if not form.is_valid():
        messages.error(request, "확정할 면접 시간을 골라 주세요.")
        return redirect("consulting:my_engagement", pk=pk)
    try:
        member_session_confirm(
            engagement, proposal_id=form.cleaned_data["proposal"], now=timezone.now()
        )
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "면접 시간을 확정했어요. 컨설턴트에게도 알렸어요.")
    return redirect("consulting:my_engagement", pk=pk)


@member_required
@require_http_methods(["GET", "POST"])
def engagement_rate(request, pk: int):
    engagement = _own_engagement(request, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_rate(
                engagement,
                score=form.cleaned_data["score"],
                line=form.cleaned_data["line"],
                now=timezone.now(),
            )
        except RatingRefused as refused:
            messages.error(request, refused.message)
            return redirect("consulting:my_engagement", pk=pk)
        messages.success(request, "평가를 남겼어요. 고마워요.")
        return redirect("consulting:my_engagement", pk=pk)
    if engagement.state not in RATEABLE:
        messages.error(request, "피드백을 받은 뒤에 평가할 수 있어요.")
        return redirect("consulting:my_engagement", pk=pk)
    if hasattr(engagement, "rating"):
        messages.error(request, "이미 평가를 남겼어요. 평가는 컨설팅마다 한 번만 남길 수 있어요.")
        return redirect("consulting:my_engagement", pk=pk)
    context = {"e": engagement, "form": form, "service": service_for(engagement.service)}
    return render(request, "consulting/member/rate.html", context)


# --- Sharing again --------------------------------------------------------------------------


def _reshare_key(engagement: Engagement) -> str:
    return f"consulting.reshare.{engagement.pk}"


def _reshare_target(request, engagement: Engagement) -> ConsentTarget | None:
    draft = request.session.get(_reshare_key(engagement)) or {}
    profile = (
        ConsultantProfile.objects.filter(consultant_id=engagement.consultant_id)
        .defer("credential_note")
        .select_related("consultant")
        .first()
    )
    if not draft.get("selection") or profile is None:
        return None
    return ConsentTarget(
        consultant=profile,
        service=engagement.service,
        selection=Selection.from_dict(draft["selection"]),
        action=reverse("consulting:my_engagement_share_consent", args=[engagement.pk]),
        back=reverse("consulting:my_engagement_share", args=[engagement.pk]),
    )


def _shareable(request, engagement: Engagement) -> bool:
    if engagement.state in SHAREABLE:
        return True
    messages.error(request, "끝난 컨설팅에는 다시 공유할 수 없어요.")
    return False


@member_required
@require_http_methods(["GET", "POST"])
def engagement_share(request, pk: int):
    engagement = _own_engagement(request, pk)
    if not _shareable(request, engagement):
        return redirect("consulting:my_engagement", pk=pk)
    draft = request.session.get(_reshare_key(engagement)) or {}
    form = _share_form(request, initial=share_initial(draft.get("selection")), with_note=False)
    if request.method == "POST" and form.is_valid():
        request.session[_reshare_key(engagement)] = {"selection": form.selection().as_dict()}
        return redirect("consulting:my_engagement_share_consent", pk=pk)
    profile = ConsultantProfile.objects.filter(consultant_id=engagement.consultant_id).first()
    context = {
        "form": form,
        "service": service_for(engagement.service),
        "consultant": profile,
        "e": engagement,
        "back": reverse("consulting:my_engagement", args=[pk]),
    }
    return render(request, "consulting/member/share.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def engagement_share_consent(request, pk: int):
    engagement = _own_engagement(request, pk)
    if not _shareable(request, engagement):
        return redirect("consulting:my_engagement", pk=pk)
    target = _reshare_target(request, engagement)
    if target is None:
        return redirect("consulting:my_engagement_share", pk=pk)
    extra = {"e": engagement, "is_request": False}
    if request.method == "POST" and "refuse" in request.POST:
        request.session.pop(_reshare_key(engagement), None)
        messages.info(
            request,
            "동의하지 않아서 새로 공유하지 않았어요. 이미 진행 중인 컨설팅과 다른 기능은 "
            "그대로 쓸 수 있어요.",
        )
        return redirect("consulting:my_engagement", pk=pk)
    if request.method == "POST":
        now = timezone.now()
        try:
            agreed = _agreed_notice(request, target, now)
        except SelectionInvalid as invalid:
            messages.error(request, invalid.message)
            return redirect("consulting:my_engagement_share", pk=pk)
        if agreed is None:
            messages.error(request, CHANGED)
            return _consent_page(request, target, extra=extra, status=409, now=now) or redirect(
                "consulting:my_engagement_share", pk=pk
            )
        chosen, notice = agreed
        try:
            member_share_again(
                engagement, chosen=chosen, selection=target.selection, notice=notice, now=now
            )
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect("consulting:my_engagement", pk=pk)
        except ShareInvalid:
            messages.error(request, UNSHAREABLE)
            return redirect("consulting:my_engagement_share", pk=pk)
        except SharingRefused:
            messages.error(request, "지금은 이 컨설턴트에게 공유할 수 없어요.")
            return redirect("consulting:my_engagement", pk=pk)
        request.session.pop(_reshare_key(engagement), None)
        messages.success(request, "새로 공유했어요. 컨설턴트는 이제 방금 고른 내용만 봐요.")
        return redirect("consulting:my_engagement", pk=pk)
    return _consent_page(request, target, extra=extra) or redirect(
        "consulting:my_engagement_share", pk=pk
    )
