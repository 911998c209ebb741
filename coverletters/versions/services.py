"""Writing letter versions. `letter_submitted_copy` is what recruiting calls in the application's
transaction and what the export views call."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coverletters.models import AnswerVersion, CoverLetter, Question, VersionReason
from coverletters.versions.models import LetterVersion, LetterVersionKind

SUBMITTED_REASONS = {
    "application": LetterVersionKind.SUBMITTED_APPLICATION,
    "export": LetterVersionKind.SUBMITTED_EXPORT,
}
LABEL_MAX = LetterVersion._meta.get_field("label").max_length


def letter_snapshot(letter: CoverLetter, questions: list[Question] | None = None) -> dict:
    """The letter as it reads now: its title, the company it was for, and each question."""
    if questions is None:
        questions = list(Question.objects.filter(cover_letter=letter).order_by("position", "id"))
    for question in questions:
        question.cover_letter = letter  # the owner, for decryption: no query per question
    return {
        "title": letter.title,
        "company": letter.company,
        "questions": [
            {
                "id": q.pk,
                "prompt": q.prompt,
                "limit": q.limit,
                "unit": q.limit_unit,
                "answer": q.answer,
            }
            for q in questions
        ],
    }


def default_checkpoint_label(now=None) -> str:
    """ "12월 2일 오후 3:10 저장", in KST."""
    now = timezone.localtime(now)
    half = "오전" if now.hour < 12 else "오후"
    hour = now.hour % 12 or 12
    return f"{now.month}월 {now.day}일 {half} {hour}:{now.minute:02d} 저장"


def _create(letter: CoverLetter, *, kind: str, label: str, snapshot: dict) -> LetterVersion:
    version = LetterVersion(letter=letter, kind=kind, label=label[:LABEL_MAX], snapshot=snapshot)
    version.save()
    return version


@transaction.atomic
def letter_checkpoint_create(*, letter: CoverLetter, label: str = "") -> LetterVersion:
    """A version the member names ("지금 상태 저장")."""
    label = " ".join((label or "").split()) or default_checkpoint_label()
    return _create(
        letter, kind=LetterVersionKind.CHECKPOINT, label=label, snapshot=letter_snapshot(letter)
    )


def letter_submitted_copy(letter, *, reason: str, label: str) -> int | None:
    """Keep a 제출본 of `letter` as it is now; `reason` is "application" or "export", `label`
    the Korean name shown in the version list (e.g. "한빛은행 지원 제출본"). Returns the new
    version's id.

    An export repeated without a change in between (the print view reloaded, the .docx fetched
    twice) keeps the one copy it already has and returns its id; each application gets its own.
    """
    kind = SUBMITTED_REASONS[reason]  # KeyError: a caller's typo must not pass silently
    snapshot = letter_snapshot(letter)
    with transaction.atomic():
        if kind == LetterVersionKind.SUBMITTED_EXPORT:
            last = (
                LetterVersion.objects.filter(letter=letter)
                .select_related("letter__member")
                .order_by("-created_at", "-id")
                .first()
            )
            if last is not None and last.kind == kind and last.snapshot == snapshot:
                return last.pk
        return _create(letter, kind=kind, label=label, snapshot=snapshot).pk


def answer_replace(*, question: Question, text: str, reason: str) -> bool:
    """Put `text` into a question's answer the way a restore does: the answer being replaced is
    kept first as an answer version (`reason`), and the revision moves on so that a tab still
    editing the old text gets the conflict dialog instead of overwriting. False when the text
    was already the answer (nothing kept, nothing changed)."""
    with transaction.atomic():
        current = Question.objects.select_for_update().get(pk=question.pk)
        current.cover_letter = question.cover_letter
        if current.answer == text:
            return False
        if current.answer:
            AnswerVersion.objects.create(
                question=current, text=current.answer, revision=current.revision, reason=reason
            )
        current.answer = text
        current.revision += 1
        current.save(update_fields=["answer", "revision", "updated_at"])
        CoverLetter.objects.filter(pk=current.cover_letter_id).update(updated_at=timezone.now())
    question.answer, question.revision = current.answer, current.revision
    return True


@dataclass(frozen=True)
class RestoreResult:
    restored: int  # answers that changed
    missing: int  # questions of the version deleted since
    kept: LetterVersion | None  # the letter as it was before, to undo with (None: no change)


@transaction.atomic
def letter_version_restore(*, letter: CoverLetter, version: LetterVersion) -> RestoreResult:
    """Bring every answer of a letter version back. The whole letter is kept first as a
    version ("되돌리기 전") and each replaced answer in its question's history, so a restore is
    undone by restoring that version. Questions deleted since cannot come back; the prompts
    and limits stay as they are now (a restore is about what the member wrote)."""
    questions = {
        q.pk: q
        for q in Question.objects.select_for_update()
        .filter(cover_letter=letter)
        .order_by("position", "id")
    }
    for question in questions.values():
        question.cover_letter = letter  # the owner, for decryption: no query per question
    changes = [
        (questions[item.get("id")], item.get("answer") or "")
        for item in version.questions
        if item.get("id") in questions
    ]
    missing = len(version.questions) - len(changes)
    changes = [(q, text) for q, text in changes if q.answer != text]
    if not changes:
        return RestoreResult(restored=0, missing=missing, kept=None)
    kept = _create(
        letter,
        kind=LetterVersionKind.BEFORE_RESTORE,
        label=f"‘{version.label or version.kind_label}’ 버전으로 되돌리기 전",
        snapshot=letter_snapshot(letter, list(questions.values())),
    )
    restored = 0
    for question, text in changes:
        if answer_replace(question=question, text=text, reason=VersionReason.BEFORE_RESTORE):
            restored += 1
    return RestoreResult(restored=restored, missing=missing, kept=kept)
