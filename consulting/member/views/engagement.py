"""One engagement, for its member: what was shared and delivered, and what the state allows
(cancel, stop sharing, share again, confirm a session time, revision, close, rate)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from consulting.catalog import service_for
from consulting.member.forms import ProposalForm, RatingForm, share_initial
from consulting.member.selectors import member_engagement_page
from consulting.member.services import (
    RATEABLE,
    SHAREABLE,
    RatingRefused,
    member_cancel,
    member_close,
    member_rate,
    member_revision_request,
    member_session_confirm,
    member_share_again,
    member_sharing_stop,
)
from consulting.member.views.browse import next_step
from consulting.member.views.sharing import (
    CHANGED,
    UNSHAREABLE,
    ConsentTarget,
    agreed_notice,
    consent_page,
    share_form,
    while_stated,
)
from consulting.models import ConsultantProfile, Engagement, EngagementState
from consulting.services import TRANSITIONS, TransitionRefused
from consulting.snapshots import Selection, SelectionInvalid
from core.decorators import member_required
from privacy.api import CONSULTANT_VIEW, ShareInvalid, SharingRefused, hold_reason

S = EngagementState


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
        "held": hold_reason(request.user, CONSULTANT_VIEW) if actions["share_again"] else None,
        "confirmed": next((p for p in page.proposals if p.confirmed_at), None),
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
        note=engagement.request_note,
    )


def _shareable(request, engagement: Engagement) -> bool:
    if engagement.state in SHAREABLE:
        return True
    messages.error(request, "끝난 컨설팅에는 다시 공유할 수 없어요.")
    return False


@member_required
@while_stated
@require_http_methods(["GET", "POST"])
def engagement_share(request, pk: int):
    engagement = _own_engagement(request, pk)
    if not _shareable(request, engagement):
        return redirect("consulting:my_engagement", pk=pk)
    draft = request.session.get(_reshare_key(engagement)) or {}
    form = share_form(request, initial=share_initial(draft.get("selection")), with_note=False)
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
@while_stated
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
            agreed = agreed_notice(request, target, now)
        except SelectionInvalid as invalid:
            messages.error(request, invalid.message)
            return redirect("consulting:my_engagement_share", pk=pk)
        if agreed is None:
            messages.error(request, CHANGED)
            return consent_page(request, target, extra=extra, status=409, now=now) or redirect(
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
    return consent_page(request, target, extra=extra) or redirect(
        "consulting:my_engagement_share", pk=pk
    )
