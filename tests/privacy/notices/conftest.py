"""Fixtures for the notices app: a controllable clock and published policy versions."""

import datetime

import pytest
from django.utils import timezone

from privacy.notices.models import Notice, PolicyVersion
from privacy.notices.selectors import policy_timeline_forget
from privacy.notices.services import policy_version_publish

KST = datetime.timezone(datetime.timedelta(hours=9))
BASE_TEXT = "\n".join(
    [
        "개인정보처리방침",
        "회원가입 항목: 이름, 카카오계정(전화번호)",
        "보유기간: 회원 탈퇴 시 즉시 파기",
        "쿠키는 로그인 유지에 씁니다.",
        "시행일: 2024년 6월 20일",
    ]
)


@pytest.fixture(autouse=True)
def _fresh_policy_timeline():
    """The timeline lives in the cache, which outlives each test's rolled-back database."""
    policy_timeline_forget()
    yield
    policy_timeline_forget()


@pytest.fixture
def clock(monkeypatch):
    """Set the time everything reads through django.utils.timezone.now (KST wall clock)."""

    class Clock:
        def set(self, *args) -> datetime.datetime:
            moment = datetime.datetime(*args, tzinfo=KST)
            monkeypatch.setattr(timezone, "now", lambda: moment)
            return moment

    return Clock()


@pytest.fixture
def base_version(db) -> PolicyVersion:
    """The first version (the seed migration's, or its stand-in after a flush), alone: the
    versions seeded after it (notices 0003) are removed with their notices, so each test
    publishes its own timeline from 2024-06-20 on."""
    later = PolicyVersion.objects.exclude(version="2024-06-20")
    Notice.objects.filter(policy_version__in=later).delete()
    later.delete()
    version, _ = PolicyVersion.objects.get_or_create(
        version="2024-06-20",
        defaults={
            "effective_date": datetime.date(2024, 6, 20),
            "published_at": datetime.datetime(2024, 6, 13, tzinfo=KST),
            "summary": "최초 개인정보처리방침이에요.",
            "text": BASE_TEXT,
        },
    )
    # A short text of our own, so the diffs below are easy to read.
    PolicyVersion.objects.filter(pk=version.pk).update(text=BASE_TEXT)
    version.text = BASE_TEXT
    policy_timeline_forget()
    return version


def publish(
    version: str,
    effective: datetime.date,
    *,
    reconsent: bool = False,
    text: str = BASE_TEXT,
    summary: str = "보유기간을 바꿔요.",
) -> PolicyVersion:
    """Publish as staff would have, exactly 7 days before `effective`."""
    published = datetime.datetime.combine(
        effective - datetime.timedelta(days=7), datetime.time(9, 0), tzinfo=KST
    )
    return policy_version_publish(
        version=version,
        effective_date=effective,
        summary=summary,
        text=text,
        reconsent_required=reconsent,
        now=published,
    )


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)
