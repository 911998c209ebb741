"""The member home: what the member has, and the one thing to do next."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from coverletters.models import CoverLetter
from coverletters.selectors import dday_label, recent_cover_letters
from experiences.selectors import experience_count
from notifications.models import Notification
from notifications.selectors import notifications_for
from profiles.selectors import Completeness, profile_completeness
from recruiting.models import Application, ApplicationStatus, Offer
from recruiting.selectors import offers_waiting


@dataclass(frozen=True)
class NextStep:
    title: str
    why: str
    url: str
    action: str


@dataclass(frozen=True)
class Dashboard:
    completeness: Completeness
    experience_count: int
    cover_letter_count: int
    recent_letters: list[tuple[CoverLetter, str]]
    next_step: NextStep | None
    offers: list[Offer]  # waiting for the member's answer, newest first
    offers_waiting_count: int  # all of them; the home lists HOME_OFFERS
    status_changes: list[Application]  # staff moved these lately, newest change first
    unread: list[Notification]  # the newest few; the header counts them all


# A short list: the home points to /notifications/ and /recruiting/offers/ for the rest.
HOME_UNREAD = 5
HOME_OFFERS = 3
HOME_STATUS_CHANGES = 3
# A status change is news for two weeks; the applications page keeps the whole history.
STATUS_NEWS_DAYS = 14


def _next_step(completeness: Completeness, experiences: int, letters: int) -> NextStep | None:
    if completeness.profile is None or completeness.percent < 50:
        return NextStep(
            "프로필을 채워 주세요",
            "희망 직무와 학력·경력을 적어 두면 지원서와 컨설팅에 바로 쓸 수 있어요.",
            reverse("profiles:edit"),
            "프로필 작성하기",
        )
    if experiences < 3:
        return NextStep(
            "경험을 쌓아 두세요",
            "인턴, 프로젝트, 대외활동을 3개 이상 정리해 두면 어떤 문항에도 꺼내 쓸 수 있어요.",
            reverse("experiences:create"),
            "경험 추가하기",
        )
    if letters == 0:
        return NextStep(
            "첫 자기소개서를 시작해 보세요",
            "문항과 글자 수 제한을 넣으면 글자 수를 세고 자동으로 저장해 드려요.",
            reverse("coverletters:create"),
            "자기소개서 만들기",
        )
    if completeness.missing:
        item = completeness.missing[0]
        return NextStep(f"{item.label} 채우기", item.why, item.url, "채우러 가기")
    return None


def unread_notifications(member, limit: int = HOME_UNREAD) -> list[Notification]:
    rows = list(notifications_for(member).filter(read_at__isnull=True)[:limit])
    for row in rows:
        # The text opens under the member's key, already loaded (no query per row).
        row.recipient = member
    return rows


def status_changes(member, limit: int = HOME_STATUS_CHANGES) -> list[Application]:
    """Applications whose status staff changed in the last STATUS_NEWS_DAYS, newest change
    first. 지원 완료 is where every application starts and 지원 취소 is the member's own act,
    so neither is news. One query; the sealed snapshots are not loaded."""
    since = timezone.now() - datetime.timedelta(days=STATUS_NEWS_DAYS)
    return list(
        Application.objects.filter(member=member, updated_at__gte=since)
        .exclude(status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN))
        .select_related("posting__company")
        .defer("letter_snapshot", "profile_snapshot")
        .order_by("-updated_at", "-id")[:limit]
    )


def member_dashboard(member) -> Dashboard:
    completeness = profile_completeness(member)
    experiences = experience_count(member)
    recent = recent_cover_letters(member)
    letters = CoverLetter.objects.filter(member=member).count()
    return Dashboard(
        completeness=completeness,
        experience_count=experiences,
        cover_letter_count=letters,
        recent_letters=[(letter, dday_label(letter.deadline)) for letter in recent],
        next_step=_next_step(completeness, experiences, letters),
        offers=list(offers_waiting(member)[:HOME_OFFERS]),
        offers_waiting_count=offers_waiting(member).count(),
        status_changes=status_changes(member),
        unread=unread_notifications(member),
    )
