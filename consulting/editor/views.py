"""The member's feedback threads inside the cover-letter editor: where the comments fall on the
answer now, replying and resolving. The member's own pages: another member's question or
comment does not exist for them (404), and the other roles are refused (member_required)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from consulting.editor import selectors, services
from consulting.editor.panels import READING, THREADS, panel_context
from consulting.feedback import FeedbackRefused
from consulting.models import Comment
from core.decorators import member_required, wants_json
from coverletters.models import Question


def _question(request: HttpRequest, pk: int | None) -> Question:
    return get_object_or_404(
        Question.objects.select_related("cover_letter"), pk=pk, cover_letter__member=request.user
    )


def _thread(request: HttpRequest, pk: int) -> tuple[Comment, Question]:
    root = selectors.visible_root(request.user, pk)
    if root is None:
        raise Http404
    return root, _question(request, root.question_id)


def _payload(request: HttpRequest, question: Question) -> dict:
    """The question's placements (the JSON contract) and its two panels rendered again."""
    feedback = selectors.feedback_for(request.user, [question]).get(question.pk)
    body = {"question": question.pk, "revision": question.revision}
    if feedback is None:
        return {**body, "placements": [], "reading": "", "threads": ""}
    context = {"panel": panel_context(feedback)}
    return {
        **body,
        "placements": feedback.placements(),
        "reading": render_to_string(READING, context, request=request),
        "threads": render_to_string(THREADS, context, request=request),
    }


def _back(question: Question, root: Comment) -> HttpResponse:
    return redirect(f"{question.cover_letter.get_absolute_url()}#comment-{root.pk}")


@never_cache
@require_GET
@member_required
def question_placements(request: HttpRequest, pk: int) -> JsonResponse:
    """Where each visible comment falls on the answer as stored now (the editor asks after every
    autosave): {"placements": [{comment, kind, start, end, start16, end16}], "reading": html,
    "threads": html}."""
    return JsonResponse(_payload(request, _question(request, pk)))


@require_POST
@member_required
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    root, question = _thread(request, pk)
    text = request.POST.get("body", "")
    try:
        services.member_reply(root, member=request.user, body=text, now=timezone.now())
    except FeedbackRefused as refused:
        if wants_json(request):
            return JsonResponse({"error": refused.message}, status=400)
        # Without the script: the text comes back on a page of its own, nothing lost.
        return render(
            request,
            "consulting/editor/reply_rejected.html",
            {"root": root, "question": question, "text": text, "message": refused.message},
            status=400,
        )
    if wants_json(request):
        return JsonResponse(_payload(request, question))
    messages.success(request, "답글을 달았어요. 컨설턴트에게 알렸어요.")
    return _back(question, root)


@require_POST
@member_required
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    root, question = _thread(request, pk)
    choice = request.POST.get("resolved")
    if choice not in ("0", "1"):
        message = "해결로 표시할지 다시 열지 골라 주세요."
        if wants_json(request):
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return _back(question, root)
    services.member_resolve(root, resolved=choice == "1", now=timezone.now())
    if wants_json(request):
        return JsonResponse(_payload(request, question))
    messages.success(
        request, "의견을 해결됨으로 표시했어요." if choice == "1" else "의견을 다시 열었어요."
    )
    return _back(question, root)
