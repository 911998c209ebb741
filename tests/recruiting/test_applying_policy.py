"""Policy 2026-12-24 (notices 0005): applying to a partner company is a provision to a third
party the policy must state before it happens (개인정보 보호법 제30조, 제17조 제2항). It is
announced 7 days ahead; until it is in force, production refuses applying with a Korean message
(the embedded default previews it: settings.PROVISIONS_BEFORE_POLICY)."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from privacy.notices.models import NoticeKind, PolicyVersion
from privacy.notices.policy_texts import policy_text
from privacy.notices.selectors import policy_timeline_forget
from recruiting.models import Application
from recruiting.services import RecruitingError, application_submit
from tests.core.test_html import audit
from tests.recruiting.conftest import make_posting, ready_member

KST = datetime.timezone(datetime.timedelta(hours=9))
MIGRATION = "privacy.notices.migrations.0005_policy_2026_12_24_applying"
COMPANIES_ROW = '<th scope="row">회원이 지원한 라이프멘토 파트너 회사</th>'


@pytest.fixture
def at(monkeypatch):
    """Set the clock to a KST moment (and forget the cached policy timeline)."""

    def move(*moment):
        when = datetime.datetime(*moment, tzinfo=KST)
        monkeypatch.setattr(timezone, "now", lambda: when)
        policy_timeline_forget()
        return when

    yield move
    policy_timeline_forget()


def test_the_version_is_seeded_with_its_notice_7_days_ahead(db):
    version = PolicyVersion.objects.get(version="2026-12-24")
    notice = version.notices.get()

    assert version.effective_date == datetime.date(2026, 12, 24)
    assert timezone.localdate(version.published_at) <= version.effective_date - datetime.timedelta(
        days=7
    )
    assert notice.kind == NoticeKind.POLICY_CHANGE and notice.published_at == version.published_at
    assert notice.title == "개인정보처리방침 변경 안내 (2026년 12월 24일 시행)"
    assert "회원이 지원한 라이프멘토 파트너 회사" in notice.body
    assert "지원 관리(회원이 기록하는 지원 현황·일정)" in notice.body
    assert version.reconsent_required is False
    assert version.text == policy_text("2026-12-24")


def test_a_database_with_members_gets_7_full_days_of_notice(member, at):
    migration = importlib.import_module(MIGRATION)
    migration.unseed(django_apps, None)
    late = at(2026, 12, 20, 9, 0)

    migration.seed(django_apps, None)

    version = PolicyVersion.objects.get(version="2026-12-24")
    assert version.published_at == late
    assert version.effective_date == datetime.date(2026, 12, 27)
    assert "시행일: 2026년 12월 27일" in version.text


def test_the_policy_page_gains_the_companies_row_once_the_version_is_in_force(client, db, at):
    at(2026, 12, 23, 23, 59)
    before = client.get("/privacy/policy/").content.decode()
    at(2026, 12, 24, 0, 0)
    after = client.get("/privacy/policy/").content.decode()

    assert COMPANIES_ROW not in before and "바뀌는 내용 보기" in before
    assert COMPANIES_ROW in after and after.count(COMPANIES_ROW) == 1
    assert "채용 절차 종료 후 지체 없이 파기 (최대 1년" in after
    assert "제3자에게 제공하는 개인정보는 다음과 같습니다." in after
    assert "버전 2026-12-24" in after
    assert audit(after) == []


@pytest.mark.policy_as_published
def test_applying_is_refused_in_korean_until_the_version_is_in_force(client, member, at):
    at(2026, 12, 23, 12, 0)
    letter = ready_member(member)
    posting = make_posting()

    with pytest.raises(RecruitingError, match="12월 24일부터 할 수 있어요"):
        application_submit(member=member, posting=posting, cover_letter=letter, consented=True)
    client.force_login(member)
    page = client.get(
        f"/recruiting/postings/{posting.pk}/apply/", {"cover_letter": letter.pk}, follow=True
    ).content.decode()
    assert "라이프멘토를 통한 지원은 12월 24일부터 할 수 있어요." in page
    assert not Application.objects.exists()

    at(2026, 12, 24, 0, 0)
    assert application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True
    ).pk
