""" "이 공고로 자소서 쓰기": a partner posting's questions, limits and deadline become a letter."""

from django.contrib.auth import get_user_model
from django.db import transaction

from coverletters import services as letter_services
from coverletters.models import CoverLetter
from recruiting.models import Posting


def posting_letter_title(posting: Posting) -> str:
    return f"{posting.company.name} {posting.job} 자기소개서"[:100]


def letters_from_posting(member, posting: Posting) -> list[CoverLetter]:
    return list(
        CoverLetter.objects.filter(member=member, source_posting_id=posting.pk).order_by("-id")
    )


@transaction.atomic
def posting_letter_create(*, member, posting: Posting, again: bool) -> tuple[CoverLetter, bool]:
    """The letter made from `posting`, and whether it is new.

    A second tap (or a double tap) must not silently make a duplicate: unless the member asked
    for another one (`again`), the letter already made from this posting is returned. The
    member's row is locked first, so two requests at once see each other's letter."""
    get_user_model().objects.select_for_update().filter(pk=member.pk).values_list("pk").get()
    if not again:
        existing = (
            CoverLetter.objects.filter(member=member, source_posting_id=posting.pk)
            .order_by("-id")
            .first()
        )
        if existing is not None:
            return existing, False
    letter = letter_services.letter_create_with_questions(
        member,
        title=posting_letter_title(posting),
        job_title=posting.job,
        company=posting.company.name,
        deadline=posting.deadline,
        deadline_time=posting.deadline_time,
        questions=[(q.prompt, q.limit, q.limit_unit) for q in posting.questions.all()],
        source_posting_id=posting.pk,
    )
    return letter, True
