"""Consulting's panels in the cover-letter editor (registered with coverletters.panels from
ConsultingConfig.ready): under the answer, the answer with the commented sentences marked; beside
it, the threads, placed ones first and then "이전 버전에 달린 의견"."""

from __future__ import annotations

from django.urls import reverse

from consulting.editor.selectors import QuestionFeedback, feedback_for
from coverletters.panels import Panel, register

READING = "consulting/editor/_reading.html"
THREADS = "consulting/editor/_threads.html"


def panel_context(feedback: QuestionFeedback) -> dict:
    return {
        "feedback": feedback,
        "placements_url": reverse("consulting:editor_placements", args=[feedback.question_id]),
    }


def panels_of(feedback: QuestionFeedback) -> list[Panel]:
    context = panel_context(feedback)
    return [Panel("below_answer", READING, context), Panel("side", THREADS, context)]


@register(
    "consulting.feedback",
    scripts=("js/consulting-feedback.js",),
    styles=("css/consulting-feedback.css",),
)
def feedback_panels(request, cover_letter, questions) -> dict[int, list[Panel]]:
    # The editor is the member's own page (coverletters checked the letter is theirs).
    return {pk: panels_of(fb) for pk, fb in feedback_for(request.user, questions).items()}
