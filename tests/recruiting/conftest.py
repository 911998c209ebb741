import datetime

import pytest
from django.utils import timezone

from recruiting.models import Application, Company, Offer, Posting
from recruiting.services import application_submit
from tests.coverletters.conftest import make_letter
from tests.profiles.factories import add_career, add_education, make_profile


def make_posting(company=None, *, title="2026 하반기 마케팅 신입", **fields) -> Posting:
    company = company or Company.objects.create(name="라이프전자", description="가전 회사")
    fields = {
        "job": "마케팅",
        "deadline": timezone.localdate() + datetime.timedelta(days=7),
        **fields,
    }
    return Posting.objects.create(company=company, title=title, **fields)


def make_offer(member, *, message="저희 회사에서 함께 일해요.", **fields) -> Offer:
    company = fields.pop("company", None) or Company.objects.create(name="미래상사")
    return Offer.objects.create(member=member, company=company, message=message, **fields)


def ready_member(member):
    """A member who can apply: a profile with 학력·경력, and a cover letter with answers."""
    profile = make_profile(member, name="김지원", desired_job="마케팅")
    add_education(profile, school="한국대학교")
    add_career(profile, company="라이프컴퍼니")
    letter = make_letter(member, title="라이프전자 자소서", questions=2)
    for question in letter.questions.all():
        question.answer = f"처음 쓴 답변 {question.position}"
        question.save()
    return letter


@pytest.fixture
def posting(db) -> Posting:
    return make_posting()


@pytest.fixture
def letter(member):
    return ready_member(member)


@pytest.fixture
def application(member, posting, letter) -> Application:
    return application_submit(member=member, posting=posting, cover_letter=letter, consented=True)


@pytest.fixture
def offer(member) -> Offer:
    return make_offer(member)
