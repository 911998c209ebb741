"""The member home: what the member has, and the one thing to do next."""

import datetime
import functools
from dataclasses import dataclass

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.sql import column, table
from coverletters.models import CoverLetter
from coverletters.selectors import dday_label, recent_cover_letters
from experiences.models import Experience
from notifications.models import Notification
from notifications.selectors import notifications_for
from profiles.selectors import Completeness, profile_completeness
from recruiting.models import Application, ApplicationStatus, Offer, OfferStatus
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
    unread: list[Notification]  # the newest few
    unread_count: int  # all of them, as the header counts them


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
    rows = list(
        notifications_for(member)
        .filter(read_at__isnull=True)
        .only("id", "sealed_version", "recipient", "text", "created_at")[:limit]
    )
    for row in rows:
        # The text opens under the member's key, already loaded (no query per row).
        row.recipient = member
    return rows


def _status_news(member):
    """Applications whose status staff changed in the last STATUS_NEWS_DAYS. 지원 완료 is where
    every application starts and 지원 취소 is the member's own act, so neither is news."""
    since = timezone.now() - datetime.timedelta(days=STATUS_NEWS_DAYS)
    return Application.objects.filter(member=member, updated_at__gte=since).exclude(
        status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN)
    )


def status_changes(member, limit: int = HOME_STATUS_CHANGES) -> list[Application]:
    """The status changes (_status_news), newest change first. One query; the sealed
    snapshots are not loaded."""
    return list(
        _status_news(member)
        .select_related("posting__company")
        .only(
            "id",
            "status",
            "updated_at",
            "posting__id",
            "posting__title",
            "posting__company__id",
            "posting__company__name",
        )
        .order_by("-updated_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class Counts:
    experiences: int
    cover_letters: int
    offers_waiting: int
    status_news: int
    unread: int  # the header's count too (notifications.context_processors.unread)


@functools.cache
def _counts_sql() -> str:
    def count(model, where: str) -> str:
        return f"(SELECT COUNT(*) FROM {table(model)} WHERE {where})"  # noqa: S608

    # Names from the models (core.sql), every value a parameter.
    return "SELECT " + ", ".join(
        (
            count(Experience, f"{column(Experience, 'member')} = %s"),
            count(CoverLetter, f"{column(CoverLetter, 'member')} = %s"),
            count(Offer, f"{column(Offer, 'member')} = %s AND {column(Offer, 'status')} = %s"),
            count(
                Application,
                f"{column(Application, 'member')} = %s"
                f" AND {column(Application, 'updated_at')} >= %s"
                f" AND {column(Application, 'status')} NOT IN (%s, %s)",
            ),
            count(
                Notification,
                f"{column(Notification, 'recipient')} = %s"
                f" AND {column(Notification, 'read_at')} IS NULL",
            ),
        )
    )


def home_counts(member) -> Counts:
    """Every count the home shows, and so whether each list has anything to show, in one
    statement: a list with nothing in it costs no query of its own.

    Written in SQL because it is the service's most frequent query and its ORM form (five
    counting subqueries) took 1.7 ms of CPU to build per request against 0.1 ms for this
    (issue 16). The conditions are those of the querysets the lists use — offers_waiting(),
    _status_news(), unread_notifications() — and tests/home/test_queries.py holds them equal.
    """
    pk = member.pk
    since = timezone.now() - datetime.timedelta(days=STATUS_NEWS_DAYS)
    params = [
        pk,
        pk,
        pk,
        OfferStatus.RECEIVED,
        pk,
        since,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.WITHDRAWN,
        pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_counts_sql(), params)
        row = cursor.fetchone()
    return Counts(*row)


def member_dashboard(member) -> Dashboard:
    """The home's data: the profile (one query), every count (one query), and one query for
    each list that has something to show."""
    completeness = profile_completeness(member)
    counts = home_counts(member)
    recent = recent_cover_letters(member) if counts.cover_letters else []
    offers = offers_waiting(member).only("id", "sent_at", "company__id", "company__name")[
        :HOME_OFFERS
    ]
    return Dashboard(
        completeness=completeness,
        experience_count=counts.experiences,
        cover_letter_count=counts.cover_letters,
        recent_letters=[(letter, dday_label(letter.deadline)) for letter in recent],
        next_step=_next_step(completeness, counts.experiences, counts.cover_letters),
        offers=list(offers) if counts.offers_waiting else [],
        offers_waiting_count=counts.offers_waiting,
        status_changes=status_changes(member) if counts.status_news else [],
        unread=unread_notifications(member) if counts.unread else [],
        unread_count=counts.unread,
    )
