"""The member's answers grouped by question type, each with where it was used."""

from __future__ import annotations

from dataclasses import dataclass, field

from coverletters.counting import count
from coverletters.library.kinds import QuestionKind, classify
from coverletters.models import CoverLetter, Question
from coverletters.versions.models import SUBMITTED_KINDS, LetterVersion, LetterVersionKind


@dataclass
class Entry:
    question: Question
    letter: CoverLetter
    length: int
    unit_suffix: str
    submitted: list[tuple[str, object]]  # (how, when): ("지원", datetime), ("내보냄", datetime)


@dataclass
class Group:
    kind: str
    label: str
    entries: list[Entry] = field(default_factory=list)


LETTER_UNSHOWN = ("job_title", "requirements", "duties", "preferences")


def member_questions(member) -> list[Question]:
    """Every question of the member's letters, newest letter first, decryptable without a
    query per row."""
    questions = list(
        Question.objects.filter(cover_letter__member=member)
        .select_related("cover_letter")
        # Of the letter, what these pages show: its posting details stay unread.
        .defer(*(f"cover_letter__{name}" for name in LETTER_UNSHOWN))
        .order_by("-cover_letter__updated_at", "cover_letter_id", "position", "id")
    )
    # One instance per letter, so that each letter's title is decrypted once, not per question.
    letters: dict[int, CoverLetter] = {}
    for question in questions:
        letter = letters.setdefault(question.cover_letter_id, question.cover_letter)
        letter.member = member
        question.cover_letter = letter
    return questions


def answer_library(member, *, kind: str | None = None) -> list[Group]:
    """Groups in QuestionKind's order, each answer newest first; only answered questions."""
    submitted: dict[int, list[tuple[str, object]]] = {}
    for letter_id, version_kind, created_at in (
        LetterVersion.objects.filter(letter__member=member, kind__in=SUBMITTED_KINDS)
        .order_by("-created_at")
        .values_list("letter_id", "kind", "created_at")
    ):
        how = "지원" if version_kind == LetterVersionKind.SUBMITTED_APPLICATION else "내보냄"
        submitted.setdefault(letter_id, []).append((how, created_at))
    groups = {value: Group(value, label) for value, label in QuestionKind.choices}
    recognised: dict[str, str] = {}
    for question in member_questions(member):
        if not question.answer.strip():
            continue
        # question_kind, with the prompts recognised once each in this call (letters copied
        # for another company repeat theirs).
        if question.kind_set_by_member and question.kind:
            question_kind = question.kind
        else:
            if question.prompt not in recognised:
                recognised[question.prompt] = classify(question.prompt)
            question_kind = recognised[question.prompt]
        if kind and question_kind != kind:
            continue
        unit = question.limit_unit
        groups[question_kind].entries.append(
            Entry(
                question=question,
                letter=question.cover_letter,
                length=count(question.answer).of(unit),
                unit_suffix="바이트" if unit.endswith("bytes") else "자",
                submitted=submitted.get(question.cover_letter_id, [])[:3],
            )
        )
    return [g for g in groups.values() if g.entries]
