"""The hints endpoint the editor calls (static/js/spelling.js)."""

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from core.decorators import member_required
from coverletters.models import Question
from coverletters.spelling.services import MAX_CHARS, spelling_hints

TOO_LONG = (
    f"답변이 {MAX_CHARS:,}자를 넘어서 맞춤법을 검사하지 못했어요. 답변을 줄인 뒤 다시 눌러 주세요."
)


@require_POST
@member_required
def hints(request: HttpRequest, pk: int) -> JsonResponse:
    """Hints for the text the editor holds now (posted as `text`, saved or not), of one of the
    member's own questions: another member's question is a 404. Nothing is stored."""
    get_object_or_404(Question, pk=pk, cover_letter__member=request.user)
    text = request.POST.get("text", "").replace("\r\n", "\n")
    if len(text) > MAX_CHARS:
        return JsonResponse({"error": TOO_LONG}, status=400)
    found = spelling_hints(text)
    return JsonResponse({"length": len(text), "hints": [hint.as_dict() for hint in found]})
