"""Reads for cover letters."""

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from core.paths import pk_paths
from core.sql import column, table
from coverletters.models import AnswerVersion, CoverLetter, Question, VersionReason


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
    # Prepared here, not per row in the template (issue 16): the link, "2026.12.11 (금)",
    # "12월 4일 09:30" (as the date filters "Y.m.d (D)" and "n월 j일 H:i" print them).
    url: str = ""
    deadline_label: str = ""
    updated_label: str = ""


def _deadline_label(deadline: date | None) -> str:
    if deadline is None:
        return ""
    return f"{deadline:%Y.%m.%d} ({WEEKDAYS_ABBR[deadline.weekday()]})"


def _updated_label(moment) -> str:
    moment = timezone.localtime(moment)
    return f"{moment.month}월 {moment.day}일 {moment:%H:%M}"


# What a list of letters shows of each (the letter list, the home's recent ones): the posting's
# details and the rest stay unread.
LIST_FIELDS = (
    "id",
    "sealed_version",
    "member",
    "title",
    "job_title",
    "company",
    "deadline",
    "updated_at",
)


@cache
def _list_sql() -> str:
    # Names from the models (core.sql), the member's id a parameter (decision 0027).
    letter_id = column(CoverLetter, "id")
    questions = (
        f"SELECT COUNT(*) FROM {table(Question)} q "  # noqa: S608
        f"WHERE q.{column(Question, 'cover_letter')} = l.{letter_id}"
    )
    fields = ", ".join(f"l.{column(CoverLetter, name)}" for name in LIST_FIELDS)
    return (
        f"SELECT {fields}, ({questions}) AS question_count "  # noqa: S608
        f"FROM {table(CoverLetter)} l WHERE l.{column(CoverLetter, 'member')} = %s"
    )


def cover_letter_list(member, *, today: date | None = None) -> list[LetterRow]:
    """The member's letters, open deadlines first (soonest first), then those without a
    deadline (recently edited first), then closed ones (most recent first).

    One query, written in SQL: the 자기소개서 tab asks it on every visit, and its ORM form
    (`.defer(...).annotate(question_count=Count("questions"))`, a join grouped by every column)
    cost more to build than to run (issue 16). Through `CoverLetter.objects.raw`, so the sealed
    fields open as from any query; a test holds it to the ORM's answer."""
    today = today or timezone.localdate()
    letters = list(CoverLetter.objects.raw(_list_sql(), [member.pk]))

    def key(letter: CoverLetter):
        if letter.deadline and letter.deadline >= today:
            return (0, letter.deadline.toordinal(), -letter.pk)
        if letter.deadline is None:
            return (1, -letter.updated_at.timestamp(), -letter.pk)
        return (2, -letter.deadline.toordinal(), -letter.pk)

    letters.sort(key=key)
    url = pk_paths("coverletters:detail")
    return [
        LetterRow(
            letter,
            dday_label(letter.deadline, today),
            letter.question_count,
            url(letter.pk),
            _deadline_label(letter.deadline),
            _updated_label(letter.updated_at),
        )
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


LETTER_TEXT = ("title", "job_title", "requirements", "duties", "preferences")


def question_for_autosave(member, pk: int) -> Question:
    """The member's question with its letter, and when its answer's history last took an
    autosave entry (`last_autosave_at`, None for never), in one query: autosave decides from it
    whether the save is due a history entry (services.answer_save)."""
    last = (
        AnswerVersion.objects.filter(question=OuterRef("pk"), reason=VersionReason.AUTOSAVE)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Question.objects.select_related("cover_letter")
        # Of the letter, its owner and id are what a save needs: its text stays unread.
        .defer(*(f"cover_letter__{name}" for name in LETTER_TEXT))
        .annotate(last_autosave_at=Subquery(last))
        .get(pk=pk, cover_letter__member=member)
    )


def recent_cover_letters(member, limit: int = 3) -> list[CoverLetter]:
    """The letters last worked on, with what a list of them shows (the home's): not the
    posting's requirements, duties and preferences (3,000 characters each, sealed)."""
    return list(
        CoverLetter.objects.filter(member=member)
        .only(*LIST_FIELDS)
        .order_by("-updated_at", "-id")[:limit]
    )
