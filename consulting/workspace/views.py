"""The consultant's engagement page and its actions (/consulting/work/<id>/…).

Every view: signed in as an active consultant (consultant_required) → the engagement is theirs
(else 404) → what the member shared, through the sharing selector (a refusal is a 404 with its
plain Korean message) → the action → back to the page. A POST opens the shared data like a GET,
so a revoked grant, a withdrawn consent or a hold stops writes as it stops reads. Bad input
shows the page again with the message and the text as typed.

There is no endpoint that changes the member's text: the consultant comments on the
snapshot's copy and nothing else.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consulting.decorators import consultant_required
from consulting.feedback import FeedbackRefused, comment_add, selection_in
from consulting.models import Comment, EngagementState, SnapshotItem
from consulting.services import TransitionRefused, engagement_start_review
from consulting.workspace.forms import (
    CommentForm,
    ProposalForm,
    RatingReplyForm,
    ReplyForm,
    SummaryForm,
)
from consulting.workspace.selectors import (
    WorkspaceClosed,
    build_page,
    engagement_of,
    question_ids,
    rating_of,
    shared_for,
)
from consulting.workspace.services import (
    rating_reply,
    sessions_propose,
    workspace_accept,
    workspace_decline,
    workspace_deliver,
    workspace_reply,
)
from privacy.api import CONSULTANT_VIEW, processing_allowed


def refused(request, message: str, engagement=None):
    """404 with the refusal's plain Korean message. A request still waiting for an answer can
    be declined from here: the consultant need not see the member's data to say no."""
    can_decline = engagement is not None and engagement.state == EngagementState.REQUESTED
    context = {"message": message, "engagement": engagement, "can_decline": can_decline}
    return render(request, "consulting/workspace/refused.html", context, status=404)


def with_shared(view):
    """Load the consultant's engagement and what its member shares, or answer 404."""

    @consultant_required
    @wraps(view)
    def wrapper(request, pk: int, *args, **kwargs):
        engagement = engagement_of(request.user, pk)
        try:
            shared = shared_for(request, engagement)
        except WorkspaceClosed as closed:
            return refused(request, closed.message, engagement)
        return view(request, engagement, shared, *args, **kwargs)

    return wrapper


def _page_url(engagement, anchor: str = "") -> str:
    url = reverse("consulting:work", args=[engagement.pk])
    return f"{url}#{anchor}" if anchor else url


def show(request, engagement, shared, *, status=200, error="", bound=None):
    """The page; `bound` gives forms to show as submitted: {"comment": (item id, form),
    "reply": (comment id, form), "summary": form, "proposal": form}."""
    bound = bound or {}
    page = build_page(engagement, shared, now=timezone.now())
    for question in page.questions.values():
        question.form = CommentForm(auto_id=f"c{question.pk}_%s")
        for thread in question.threads:
            thread.form = ReplyForm(auto_id=f"r{thread.comment.pk}_%s")
    if "comment" in bound:
        item_id, form = bound["comment"]
        page.questions[item_id].form = form
    if "reply" in bound:
        comment_id, form = bound["reply"]
        page.threads()[comment_id].form = form
    context = {
        "page": page,
        "engagement": engagement,
        "error": error,
        "summary_form": bound.get("summary") or SummaryForm(),
        "proposal_form": bound.get("proposal") or ProposalForm(),
    }
    return render(request, "consulting/workspace/engagement.html", context, status=status)


@require_GET
@with_shared
def engagement(request, engagement, shared):
    return show(request, engagement, shared)


def _transition(action, done: str):
    @require_POST
    @with_shared
    def view(request, engagement, shared):
        try:
            action(engagement, now=timezone.now())
        except TransitionRefused as refusal:
            return show(request, engagement, shared, status=409, error=refusal.message)
        messages.success(request, done)
        if engagement.state == EngagementState.DECLINED:
            # The request is gone from the consultant's work, and with it the shared data.
            return redirect("consulting:home")
        return redirect(_page_url(engagement))

    return view


accept = _transition(workspace_accept, "요청을 수락했어요. 지금부터 기한이 시작돼요.")


@require_POST
@consultant_required
def decline(request, pk: int):
    """Decline a request, with or without what the member shared (they may have stopped
    sharing, or not yet shared again after a reassignment): no member data is read."""
    engagement = engagement_of(request.user, pk)
    try:
        workspace_decline(engagement, now=timezone.now())
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(_page_url(engagement))
    messages.success(request, "요청을 거절했어요. 회원에게 알려 드렸어요.")
    return redirect("consulting:home")


start_review = _transition(
    engagement_start_review, "검토를 시작했어요. 문장을 골라 의견을 남겨 주세요."
)


@require_POST
@with_shared
def propose(request, engagement, shared):
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return show(request, engagement, shared, status=400, bound={"proposal": form})
    try:
        sessions_propose(
            engagement,
            times=form.times(),
            minutes=form.cleaned_data["minutes"],
            where=form.cleaned_data["where"],
            now=timezone.now(),
        )
    except TransitionRefused as refusal:
        return show(
            request, engagement, shared, status=400, error=refusal.message, bound={"proposal": form}
        )
    messages.success(request, "면접 시간을 제안했어요. 회원이 확정하면 알려 드려요.")
    return redirect(_page_url(engagement, "sessions"))


@require_POST
@with_shared
def comment(request, engagement, shared, item: int):
    if item not in question_ids(shared):
        # Not a question of what this engagement's member shared: nothing to say about it.
        raise Http404("찾는 문항이 없어요.")
    form = CommentForm(request.POST, auto_id=f"c{item}_%s")
    bound = {"comment": (item, form)}
    if not form.is_valid():
        return show(request, engagement, shared, status=400, bound=bound)
    # The answer as shared_view returned it (and logged); the row only for its ids.
    text = next(c for c in shared.record.children if c.pk == item).get("body", "")
    row = (
        SnapshotItem.objects.select_related("snapshot")
        .only("pk", "kind", "source_id", "snapshot__number", "snapshot__engagement_id")
        .get(pk=item)
    )
    data = form.cleaned_data
    try:
        start, end = selection_in(text, start=data["start"], end=data["end"], quote=data["quote"])
        made = comment_add(
            engagement,
            item=row,
            author=request.user,
            start=start,
            end=end,
            body=data["body"],
            now=timezone.now(),
            text=text,
        )
    except FeedbackRefused as refusal:
        form.add_error(None, refusal.message)
        return show(request, engagement, shared, status=400, bound=bound)
    messages.success(request, "의견을 남겼어요.")
    return redirect(_page_url(engagement, f"comment-{made.pk}"))


@require_POST
@with_shared
def reply(request, engagement, shared, comment_pk: int):
    parent = (
        Comment.objects.select_related("engagement__member", "parent")
        .filter(pk=comment_pk, engagement_id=engagement.pk)
        .first()
    )
    if parent is None:
        raise Http404("찾는 의견이 없어요.")
    root_pk = parent.parent_id or parent.pk
    form = ReplyForm(request.POST, auto_id=f"r{root_pk}_%s")
    bound = {"reply": (root_pk, form)}
    if not form.is_valid():
        return show(request, engagement, shared, status=400, bound=bound)
    try:
        workspace_reply(
            parent, author=request.user, body=form.cleaned_data["body"], now=timezone.now()
        )
    except FeedbackRefused as refusal:
        form.add_error(None, refusal.message)
        return show(request, engagement, shared, status=400, bound=bound)
    messages.success(request, "답글을 달았어요.")
    return redirect(_page_url(engagement, f"comment-{root_pk}"))


@require_POST
@with_shared
def deliver(request, engagement, shared):
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return show(request, engagement, shared, status=400, bound={"summary": form})
    try:
        workspace_deliver(engagement, summary=form.cleaned_data["summary"], now=timezone.now())
    except FeedbackRefused as refusal:
        form.add_error(None, refusal.message)
        return show(request, engagement, shared, status=400, bound={"summary": form})
    messages.success(request, "총평을 전달했어요. 회원에게 알려 드렸어요.")
    return redirect(_page_url(engagement))


# --- The rating ---------------------------------------------------------------------------
# A rating is published on the consultant's public card (without the member's name), so
# answering it is not a view of the member's shared data and outlives the engagement's grant;
# it is refused while the member's data may not be provided to consultants (a hold) and once
# the member is gone.


@consultant_required
@require_http_methods(["GET", "POST"])
def rating(request, pk: int):
    engagement, found = rating_of(request.user, pk)
    member = engagement.member
    if member.withdrawn_at is not None or not member.is_active:
        return refused(request, "탈퇴한 회원의 평가예요. 답변할 수 없어요.")
    if not processing_allowed(member, CONSULTANT_VIEW):
        return refused(request, "지금은 이 회원의 정보를 볼 수 없어요.")
    form = RatingReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rating_reply(found, text=form.cleaned_data["reply"], now=timezone.now())
            except FeedbackRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, "평가에 답변했어요. 컨설턴트 소개에 함께 보여요.")
                return redirect("consulting:work_rating", pk=engagement.pk)
        status = 400
    context = {"engagement": engagement, "rating": found, "form": form}
    return render(request, "consulting/workspace/rating.html", context, status=status)
