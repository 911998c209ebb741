"""A member's workspace as members really keep one, for the page benches (bench/pages.py) and
the query-count tests: the realistic one of issue 16 (3 education and 3 career entries,
30 experiences, 10 cover letters of 4 questions of 1,000 characters), and N items in every list
a member page shows (N = 1 and N = 50 in the tests, so a count that grows with N shows).

Needs Django set up; writes through the models, so every field is sealed as the pages write it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Role, User, new_member_username
from coverletters.models import CoverLetter, Question
from experiences.models import Experience
from notifications.models import Notification
from privacy.consents.services import consents_record_signup
from profiles.models import Career, Education, EducationStatus, Profile

ANSWER = (
    "물류 인턴으로 일하며 재고 관리 방식을 바꿨고, 입고 시간을 하루 두 시간 줄였어요. "
    "현장의 불편을 숫자로 보여 주자 팀이 움직였고, 그 경험이 지원 동기가 됐어요. "
) * 20


def answer_text(length: int = 1000) -> str:
    return ANSWER[:length]


@dataclass(eq=False)
class Workspace:
    member: User
    letters: list[CoverLetter] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)

    @property
    def letter(self) -> CoverLetter:
        return self.letters[0]

    @property
    def question(self) -> Question:
        return self.letter.questions.order_by("position").first()


def workspace_member(phone: str = "010-2846-1357", name: str = "김지원") -> User:
    member = User.objects.create_user(
        new_member_username(), role=Role.MEMBER, name=name, phone=phone
    )
    consents_record_signup(member=member, optional={})
    return member


def add_profile(member: User, *, educations: int = 3, careers: int = 3) -> Profile:
    profile = Profile.objects.create(
        member=member,
        name=member.name,
        desired_job="마케팅",
        desired_industry="IT·인터넷",
        situation="첫 취업을 준비하고 있어요. 데이터로 설득하는 마케터가 되고 싶어요.",
        birth_date=datetime.date(1999, 7, 31),
    )
    for i in range(educations):
        Education.objects.create(
            profile=profile,
            position=i,
            school=f"한국대학교 {i + 1}",
            major="경영학",
            status=EducationStatus.GRADUATED,
            start_date=datetime.date(2018, 3, 1),
            end_date=datetime.date(2024, 2, 1),
        )
    for i in range(careers):
        Career.objects.create(
            profile=profile,
            position=i,
            company=f"라이프물류 {i + 1}",
            role="물류 인턴",
            start_date=datetime.date(2023, 1, 2),
            end_date=datetime.date(2023, 6, 30),
            description="재고 관리 방식을 바꿔 입고 시간을 줄였어요. " * 8,
        )
    return profile


def add_experiences(member: User, n: int) -> list[Experience]:
    return [
        Experience.objects.create(
            member=member,
            title=f"경험 {i + 1}: 물류 인턴 재고 관리 개선",
            kind="intern",
            summary="재고 관리 자동화로 입고 시간을 줄였어요",
            details="상황과 과제, 내가 한 행동과 결과를 적었어요. " * 30,
            star_situation="입고가 매일 두 시간씩 늦어졌어요.",
            star_action="바코드 스캔 순서를 바꾸자고 제안했어요.",
            star_result="입고 시간이 하루 두 시간 줄었어요.",
            tags=["협업", "문제 해결"],
        )
        for i in range(n)
    ]


def add_letters(
    member: User, n: int, *, questions: int = 4, length: int = 1000
) -> list[CoverLetter]:
    letters = []
    for i in range(n):
        letter = CoverLetter.objects.create(
            member=member,
            title=f"라이프전자 2026 하반기 {i + 1}",
            job_title="마케팅",
            company="라이프전자",
            deadline=timezone.localdate() + datetime.timedelta(days=7 + i),
            requirements="학사 이상, 관련 전공 우대. " * 10,
            duties="브랜드 캠페인 기획과 운영, 성과 분석. " * 10,
            preferences="데이터 분석 도구 경험. " * 10,
        )
        for q in range(questions):  # save(), not bulk_create: sealed rows bind to their pk
            Question.objects.create(
                cover_letter=letter,
                position=q,
                prompt=f"지원 동기와 입사 후 포부를 적어 주세요 ({q + 1})",
                limit=1500,
                answer=answer_text(length),
            )
        letters.append(letter)
    return letters


def add_notifications(member: User, n: int) -> list[Notification]:
    now = timezone.now()
    return [
        Notification.objects.create(
            recipient=member,
            kind="bench.news",
            text=f"자기소개서 마감이 다가와요 ({i + 1})",
            key=f"workspace.news:{member.pk}:{i}",
            url="/coverletters/",
            created_at=now - datetime.timedelta(minutes=i),
        )
        for i in range(n)
    ]


def realistic_workspace(member: User | None = None) -> Workspace:
    """Issue 16's member: 3 education and 3 career entries, 30 experiences, 10 cover letters of
    4 questions of 1,000 characters."""
    member = member or workspace_member()
    add_profile(member)
    return Workspace(
        member=member,
        experiences=add_experiences(member, 30),
        letters=add_letters(member, 10),
    )


def workspace_of(n: int, member: User | None = None) -> Workspace:
    """N of everything a member lists: experiences, cover letters (one question each, the
    first with N questions so the editor holds N), notifications; a profile with N entries of
    each kind (capped at the form's 20)."""
    member = member or workspace_member()
    add_profile(member, educations=min(n, 20), careers=min(n, 20))
    letters = add_letters(member, 1, questions=n) + add_letters(member, n - 1, questions=1)
    workspace = Workspace(member=member, experiences=add_experiences(member, n), letters=letters)
    add_notifications(member, n)
    return workspace
