import pytest

from coverletters.models import CoverLetter, Question


def make_letter(member, *, title="2026 하반기 공채", job_title="마케팅", questions=0, **fields):
    letter = CoverLetter.objects.create(member=member, title=title, job_title=job_title, **fields)
    for i in range(questions):
        Question.objects.create(
            cover_letter=letter,
            position=i + 1,
            prompt=f"문항 {i + 1}: 지원 동기를 쓰세요.",
            limit=500,
        )
    return letter


@pytest.fixture
def letter(member):
    return make_letter(member, company="라이프전자", questions=2)


@pytest.fixture
def question(letter):
    return letter.questions.first()
