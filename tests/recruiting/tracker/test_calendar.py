"""The month calendar: the member's deadlines with their hour and their interview dates, in
KST, a month at a time, each linking to its letter or application."""

import datetime

import pytest
from django.utils import timezone

from core.jobs import KST
from tests.coverletters.conftest import make_letter
from tests.recruiting.tracker.conftest import make_outside

pytestmark = pytest.mark.django_db


def test_month_shows_deadlines_interviews_and_links(client, member, application):
    letter = make_letter(
        member,
        title="라이프전자 하반기",
        company="라이프전자",
        deadline=datetime.date(2026, 12, 18),
        deadline_time=datetime.time(18, 0),
    )
    outside = make_outside(member, next_date=datetime.date(2026, 12, 9), next_what="1차 면접")
    # 23:30 UTC on the 20th is the 21st in Seoul.
    application.interview_at = datetime.datetime(2026, 12, 20, 23, 30, tzinfo=datetime.UTC)
    application.save()
    make_letter(member, title="다음 달 마감", deadline=datetime.date(2027, 1, 5))
    client.force_login(member)

    html = client.get("/recruiting/calendar/?month=2026-12").content.decode()
    assert "2026년 12월" in html
    assert "18:00" in html and "라이프전자 하반기" in html
    assert f'href="/coverletters/{letter.pk}/"' in html
    assert f'href="/recruiting/tracker/{outside.pk}/"' in html and "한빛은행 1차 면접" in html
    assert f'href="/recruiting/applications/{application.pk}/"' in html
    agenda = html.split('id="agenda-title"')[1]
    assert "12월 21일" in agenda and "08:30" in agenda
    assert "다음 달 마감" not in agenda
    assert "?month=2026-11" in html and "?month=2027-01" in html


def test_today_is_marked_and_a_bad_month_falls_back_to_this_month(client, member):
    client.force_login(member)
    today = timezone.localtime(timezone.now(), KST).date()
    html = client.get("/recruiting/calendar/?month=2026-13").content.decode()
    assert f"{today.year}년 {today.month}월" in html
    assert 'aria-current="date"' in html
    other = client.get("/recruiting/calendar/?month=1990-01").content.decode()
    assert 'aria-current="date"' not in other
