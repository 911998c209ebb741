"""Writes for cover letters: answers are saved with optimistic concurrency and kept in history."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from coverletters.counting import normalize_newlines
from coverletters.models import AnswerVersion, CoverLetter, Question, VersionReason
from privacy.api import sealed_values

# A new history entry at most this often while someone keeps typing; autosave runs every few
# seconds, and a version per keystroke pause would bury the useful ones.
VERSION_INTERVAL = timedelta(minutes=5)


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    revision: int
    answer: str  # the answer now stored (the other tab's text on a conflict)


def answer_save(*, question: Question, text: str, base_revision: int) -> SaveResult:
    """Save an answer typed on top of `base_revision`.

    Two tabs editing one answer must never silently overwrite each other: the update only
    applies when the stored revision is still the one the writer started from (a conditional
    UPDATE, so it holds across processes). When it is not, nothing is overwritten, and the
    losing text is kept as a version so that both texts survive.

    The conditional UPDATE is one statement, atomic by itself, and the whole of the check; what
    a saved answer does next (a history entry when one is due, the letter's 수정일) is written
    after it without a transaction around them, which would cost autosave, the editor's most
    frequent request, two statements more (issue 16). A crash in between leaves the answer
    saved with its history entry written by the next save, and the letter's date one save old.
    With `last_autosave_at` annotated (selectors.question_for_autosave), the history's last
    entry is known without a query.
    """
    text = normalize_newlines(text)
    if _answer_update(question, text, base_revision):
        # The row matched revision=base_revision and was set to revision + 1, with `text`.
        revision = base_revision + 1
        _snapshot_if_due(question=question, text=text, revision=revision)
        CoverLetter.objects.filter(pk=question.cover_letter_id).update(updated_at=timezone.now())
        return SaveResult(saved=True, revision=revision, answer=text)
    return _answer_conflict(question, text)


@transaction.atomic
def _answer_conflict(question: Question, text: str) -> SaveResult:
    current = Question.objects.only("answer", "revision", "sealed_version", "cover_letter_id").get(
        pk=question.pk
    )
    if current.cover_letter_id == question.cover_letter_id:
        current.cover_letter = question.cover_letter  # the owner, for the binding: no query
    if current.answer == text:
        # The other tab saved exactly this text: nothing to resolve.
        return SaveResult(saved=True, revision=current.revision, answer=current.answer)
    AnswerVersion.objects.create(
        question=question, text=text, revision=current.revision, reason=VersionReason.CONFLICT
    )
    return SaveResult(saved=False, revision=current.revision, answer=current.answer)


def _answer_update(question: Question, text: str, base_revision: int) -> int:
    """The conditional UPDATE: every ciphertext of the row is written again under the row's
    next version (privacy.keys.rows.sealed_values), so it also requires the version the question
    was read at; when only that moved (the prompt was edited meanwhile), read it again once."""
    for attempt in range(2):
        values = sealed_values(question, answer=text)
        updated = Question.objects.filter(
            pk=question.pk, revision=base_revision, sealed_version=question.sealed_version
        ).update(**values, revision=F("revision") + 1, updated_at=timezone.now())
        if updated:
            question.sealed_written(values)
            return updated
        if attempt or not Question.objects.filter(pk=question.pk, revision=base_revision).exists():
            return 0
        question.refresh_from_db(fields=["prompt", "sealed_version"])
    return 0


_NOT_READ = object()


def _snapshot_if_due(*, question: Question, text: str, revision: int) -> None:
    # Annotated as the question was read for this save: used once, then read afresh.
    last = question.__dict__.pop("last_autosave_at", _NOT_READ)
    if last is _NOT_READ:
        last = (
            AnswerVersion.objects.filter(question=question, reason=VersionReason.AUTOSAVE)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
    if last is None or timezone.now() - last >= VERSION_INTERVAL:
        AnswerVersion.objects.create(
            question=question, text=text, revision=revision, reason=VersionReason.AUTOSAVE
        )


@transaction.atomic
def answer_restore(*, question: Question, version: AnswerVersion) -> Question:
    """Bring back an old text. The text being replaced is kept first, so restoring is undoable."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.answer:
        AnswerVersion.objects.create(
            question=question,
            text=question.answer,
            revision=question.revision,
            reason=VersionReason.BEFORE_RESTORE,
        )
    question.answer = version.text
    question.revision += 1
    question.save(update_fields=["answer", "revision", "updated_at"])
    return question


@transaction.atomic
def question_create(
    *, cover_letter: CoverLetter, prompt: str, limit: int | None, limit_unit: str
) -> Question:
    position = (cover_letter.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    return Question.objects.create(
        cover_letter=cover_letter,
        prompt=prompt,
        limit=limit,
        limit_unit=limit_unit,
        position=position,
    )


@transaction.atomic
def question_move(*, question: Question, direction: int) -> None:
    """Swap a question with its neighbour above (-1) or below (+1)."""
    siblings = list(question.cover_letter.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    target = index + direction
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, q in enumerate(siblings, start=1):
        if q.position != position:
            Question.objects.filter(pk=q.pk).update(position=position)


def question_link_experiences(*, question: Question, experiences) -> None:
    """Link experiences (already limited to the question's owner by the caller's form)."""
    question.experiences.set(experiences)


@transaction.atomic
def cover_letter_duplicate(
    *,
    cover_letter: CoverLetter,
    company: str = "",
    title: str | None = None,
    job_title: str | None = None,
    deadline=None,
    deadline_time=None,
) -> CoverLetter:
    """A copy for another company: the same questions and answers, the new posting's company,
    title, job and deadline (the member gives them first), its other posting details blank.

    The answers are copied as they are, old company's name included: the pre-submit check
    (coverletters.checks) shows the member where it is left."""
    source = cover_letter
    copy = CoverLetter.objects.create(
        member=source.member,
        title=(title or f"{source.title} (사본)")[:100],
        job_title=job_title if job_title is not None else source.job_title,
        company=company,
        deadline=deadline,
        deadline_time=deadline_time if deadline else None,
        requirements="",
        duties="",
        preferences="",
    )
    # One create per question: sealed rows bind their ciphertext to their pk, which
    # bulk_create cannot give.
    for question in source.questions.prefetch_related("experiences"):
        new = Question.objects.create(
            cover_letter=copy,
            position=question.position,
            prompt=question.prompt,
            limit=question.limit,
            limit_unit=question.limit_unit,
            answer=question.answer,
        )
        new.experiences.set(question.experiences.all())
    return copy


@transaction.atomic
def letter_create_with_questions(
    member,
    *,
    title: str,
    job_title: str,
    company: str = "",
    deadline: date | None = None,
    deadline_time: time | None = None,
    questions: Iterable[tuple[str, int | None, str]] = (),
    source_posting_id: int | None = None,
) -> CoverLetter:
    """A new letter with its questions, in one transaction: from a partner posting ("이 공고로
    자소서 쓰기") or from a posting's text the member pasted (coverletters.intake). Each
    question is (prompt, limit, limit unit); the positions follow the given order."""
    letter = CoverLetter.objects.create(
        member=member,
        title=title[:100],
        job_title=job_title[:100],
        company=company[:100],
        deadline=deadline,
        deadline_time=deadline_time if deadline else None,
        source_posting_id=source_posting_id,
    )
    for position, (prompt, limit, unit) in enumerate(questions, start=1):
        Question.objects.create(
            cover_letter=letter,
            position=position,
            prompt=prompt,
            limit=limit or None,
            limit_unit=unit,
        )
    return letter
