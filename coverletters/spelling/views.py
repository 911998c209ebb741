"""The hints endpoint the editor calls (static/js/spelling.js)."""

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.decorators import member_required
from core.throttle import throttled
from coverletters.models import Question
from coverletters.spelling.services import MAX_CHARS, spelling_hints

TOO_LONG = (
    f"답변이 {MAX_CHARS:,}자를 넘어서 맞춤법을 검사하지 못했어요. 답변을 줄인 뒤 다시 눌러 주세요."
)
TOO_OFTEN = "맞춤법 검사를 너무 자주 했어요. 1분 뒤에 다시 눌러 주세요."
# A check costs the web worker up to a second or two of CPU at 20,000 characters. The editor
# asks at most once per typing pause (4 s), so 30 a minute is far above a member's own use.
PER_MINUTE = 30


@require_POST
@member_required
@sensitive_post_parameters("text")  # an answer is 자기소개서 내용: never in an error report
def hints(request: HttpRequest, pk: int) -> JsonResponse:
    """Hints for the text the editor holds now (posted as `text`, saved or not), of one of the
    member's own questions: another member's question is a 404. Nothing is stored."""
    get_object_or_404(Question, pk=pk, cover_letter__member=request.user)
    text = request.POST.get("text", "").replace("\r\n", "\n")
    if len(text) > MAX_CHARS:
        return JsonResponse({"error": TOO_LONG}, status=400)
    if _throttled(request.user.pk):
        return JsonResponse({"error": TOO_OFTEN}, status=429, headers={"Retry-After": "60"})
    found = spelling_hints(text)
    return JsonResponse({"length": len(text), "hints": [hint.as_dict() for hint in found]})


def _throttled(member_id: int) -> bool:
    # Counted per member across processes; while Redis is down, per process (core.throttle).
    return throttled("spelling", member_id, per_minute=PER_MINUTE)
