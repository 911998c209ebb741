"""Writes of the answer library: a question's type, and an answer reused as a starting point."""

from __future__ import annotations

from coverletters.library.kinds import QuestionKind, classify
from coverletters.models import Question, VersionReason
from coverletters.versions.services import answer_replace


def question_kind_set(*, question: Question, kind: str) -> None:
    """The member's correction of a question's type; "" gives it back to the recogniser."""
    if kind:
        QuestionKind(kind)  # ValueError for anything else
        question.kind, question.kind_set_by_member = kind, True
    else:
        question.kind, question.kind_set_by_member = classify(question.prompt), False
    Question.objects.filter(pk=question.pk).update(
        kind=question.kind, kind_set_by_member=question.kind_set_by_member
    )


def answer_reuse(*, source: Question, target: Question) -> bool:
    """Start `target` from `source`'s answer. The caller has the member's confirmation when
    `target` already has an answer; that answer is kept in its history first (answer_replace),
    so nothing written is lost."""
    return answer_replace(question=target, text=source.answer, reason=VersionReason.BEFORE_REUSE)
