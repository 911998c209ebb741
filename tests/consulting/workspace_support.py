"""Builders for the consultant's workspace tests: a member who shared a letter (and some
profile items and an experience) with a consultant, through the real request and consent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from consulting.catalog import ServiceKind
from consulting.models import Engagement, Snapshot, SnapshotItem, SnapshotItemKind
from consulting.services import (
    engagement_accept,
    engagement_request,
    engagement_start_review,
    provision_notice,
)
from consulting.snapshots import Selection, load
from coverletters.models import CoverLetter, Question
from experiences.models import Experience
from profiles.models import Profile

ANSWER = (
    "저는 대학 시절 교내 해커톤에서 일정 관리를 맡았습니다. "
    "팀원 다섯 명의 작업을 매일 정리해 마감 하루 전에 제출했습니다."
)
# Never shared: the page must not show them.
UNSHARED_SITUATION = "면접이 너무 두려워요"
UNSHARED_LETTER = "비공개 자기소개서 제목"


@dataclass
class Shared:
    engagement: Engagement
    snapshot: Snapshot
    letter: CoverLetter

    @property
    def questions(self) -> list[SnapshotItem]:
        return list(self.snapshot.items.filter(kind=SnapshotItemKind.QUESTION).order_by("position"))

    @property
    def url(self) -> str:
        return f"/consulting/work/{self.engagement.pk}/"


def share(
    member,
    consultant,
    *,
    questions: int = 1,
    service: str = ServiceKind.COVER_LETTER_REVIEW,
    answer: str = ANSWER,
    state: str = "requested",
    now: datetime.datetime | None = None,
) -> Shared:
    """`member` asks `consultant` for `service`, sharing 이름 and 희망 직무, one letter of
    `questions` questions and one experience; then moves it on to `state` ("accepted",
    "in_review")."""
    now = now or timezone.now()
    Profile.objects.update_or_create(
        member=member,
        defaults={
            "name": "김지원",
            "desired_job": "서비스 기획",
            "situation": UNSHARED_SITUATION,
        },
    )
    letter = CoverLetter.objects.create(
        member=member, title="한빛은행 2026 하반기", job_title="기획", company="한빛은행"
    )
    for i in range(questions):
        Question.objects.create(
            cover_letter=letter, position=i, prompt=f"지원 동기 {i + 1}", answer=answer, limit=500
        )
    CoverLetter.objects.create(member=member, title=UNSHARED_LETTER, job_title="개발")
    experience = Experience.objects.create(
        member=member, title="교내 해커톤", kind="project", details="48시간 동안 앱을 만들었어요"
    )
    selection = Selection(
        profile=("이름", "희망 직무"), cover_letters=(letter.pk,), experiences=(experience.pk,)
    )
    notice = provision_notice(
        consultant_name="이서연",
        service=service,
        chosen=load(member, selection, "지원 동기를 봐 주세요"),
        expires_at=now + datetime.timedelta(days=30),
    )
    engagement = engagement_request(
        member=member,
        consultant=consultant,
        service=service,
        note="지원 동기를 봐 주세요",
        selection=selection,
        notice=notice,
        now=now,
    )
    if state in ("accepted", "in_review"):
        engagement_accept(engagement, now=now)
    if state == "in_review":
        engagement_start_review(engagement, now=now)
    engagement.refresh_from_db()
    return Shared(engagement, engagement.snapshots.get(), letter)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_consultant(username: str = "consultant2", **fields) -> User:
    return User.objects.create_user(
        username, "consultant-password-2", role=Role.CONSULTANT, **fields
    )
