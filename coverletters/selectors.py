"""Reads for cover letters."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch
from django.utils import timezone

from coverletters.models import CoverLetter, Question


def dday_label(deadline: date | None, today: date | None = None) -> str:
    if deadline is None:
        return ""
    today = today or timezone.localdate()
    days = (deadline - today).days
    if days > 0:
        return f"D-{days}"
    if days == 0:
        return "D-Day"
    return "마감"


@dataclass(frozen=True)
class LetterRow:
    letter: CoverLetter
    dday: str
    question_count: int


def cover_letter_list(member, *, today: date | None = None) -> list[LetterRow]:
    """The member's letters, open deadlines first (soonest first), then those without a
    deadline (recently edited first), then closed ones (most recent first). One query."""
    today = today or timezone.localdate()
    letters = list(
        CoverLetter.objects.filter(member=member).annotate(question_count=Count("questions"))
    )

    def key(letter: CoverLetter):
        if letter.deadline and letter.deadline >= today:
            return (0, letter.deadline.toordinal(), -letter.pk)
        if letter.deadline is None:
            return (1, -letter.updated_at.timestamp(), -letter.pk)
        return (2, -letter.deadline.toordinal(), -letter.pk)

    letters.sort(key=key)
    return [
        LetterRow(letter, dday_label(letter.deadline, today), letter.question_count)
        for letter in letters
    ]


def cover_letter_for_editor(member, pk: int) -> CoverLetter:
    """A letter with its questions and their linked experiences, in a fixed number of queries."""
    return CoverLetter.objects.prefetch_related(
        Prefetch(
            "questions",
            queryset=Question.objects.order_by("position", "id").prefetch_related("experiences"),
        )
    ).get(pk=pk, member=member)


def recent_cover_letters(member, limit: int = 3) -> list[CoverLetter]:
    return list(CoverLetter.objects.filter(member=member).order_by("-updated_at", "-id")[:limit])
