"""Policy 2026-12-17 (notices 0004): the real processor of KakaoTalk messages, NHN Cloud, is
named beside 카카오비즈니스 (개인정보 보호법 제26조②), with the message log's 6 months, the Kakao
회원번호 kept at withdrawal for at most 5 days and the advertising rules of 정보통신망법 제50조 —
announced on the notice board 7 days before it takes effect (처리방침 변경)."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from privacy.consents.policy_version import current_policy_version
from privacy.consents.purposes import CONSENT_PURPOSES, Purpose
from privacy.notices.models import Entrustment, NoticeKind, PolicyVersion
from privacy.notices.policy_texts import policy_text
from privacy.notices.selectors import policy_timeline_forget
from tests.core.test_html import audit
from tests.privacy.notices.conftest import KST

MIGRATION = "privacy.notices.migrations.0004_policy_2026_12_17_kakaotalk_processor"
# The version after it goes first: the seed refuses a date before a later one.
LATER = "privacy.notices.migrations.0005_policy_2026_12_24_applying"


def _page_at(client, monkeypatch, *moment) -> str:
    when = datetime.datetime(*moment, tzinfo=KST)
    monkeypatch.setattr(timezone, "now", lambda: when)
    policy_timeline_forget()
    try:
        return client.get("/privacy/policy/").content.decode()
    finally:
        policy_timeline_forget()


def test_the_version_is_seeded_with_its_notice_7_days_ahead(db):
    version = PolicyVersion.objects.get(version="2026-12-17")
    notice = version.notices.get()

    assert version.effective_date == datetime.date(2026, 12, 17)
    assert version.published_at == datetime.datetime(2026, 12, 2, 18, 30, tzinfo=KST)
    assert timezone.localdate(version.published_at) <= version.effective_date - datetime.timedelta(
        days=7
    )
    assert notice.kind == NoticeKind.POLICY_CHANGE
    assert notice.published_at == version.published_at
    assert notice.title == "개인정보처리방침 변경 안내 (2026년 12월 17일 시행)"
    assert "엔에이치엔클라우드" in notice.body and "6개월" in notice.body
    assert version.reconsent_required is False  # the required consent is unchanged
    assert version.text == policy_text("2026-12-17")


def test_the_text_names_nhn_cloud_the_message_log_and_the_unlink_id():
    text = policy_text("2026-12-17")
    entrustment = next(line for line in text.splitlines() if "위탁하고 있으며" in line)

    assert "엔에이치엔클라우드 주식회사(NHN Cloud)" in entrustment
    assert "카카오비즈니스(주식회사 카카오)" in entrustment
    assert "회원 탈퇴 또는 위탁 계약 종료 시까지" in entrustment
    log = next(line for line in text.splitlines() if line.startswith("카카오톡 메시지 전송 기록"))
    assert "재발송 사유" in log and "6개월" in log and "회원 탈퇴 시에는 즉시 파기" in log
    unlink = next(line for line in text.splitlines() if "카카오 회원번호" in line)
    assert "연결 끊기" in unlink and "5일 이내에 파기" in unlink
    ads = next(line for line in text.splitlines() if "광고성 정보는" in line)
    assert "오후 8시 50분부터 다음 날 오전 8시까지" in ads and "(광고)" in ads
    assert "2년마다" in ads and "제50조" in ads
    assert "시행일: 2026년 12월 17일" in text.splitlines()
    assert "카카오비즈니스 업체를 통해" not in text  # the old paragraph is gone


def test_the_policy_page_lists_nhn_cloud_and_the_new_version_from_its_date(client, db, monkeypatch):
    before = _page_at(client, monkeypatch, 2026, 12, 16, 23, 59)
    after = _page_at(client, monkeypatch, 2026, 12, 17, 0, 0)

    assert "바뀌는 내용 보기" in before  # the 7-day banner
    assert "버전 2026-12-17" in after
    # The entrustment table is data: NHN Cloud is listed as soon as it is the processor.
    for page in (before, after):
        assert "<td>카카오톡 알림톡·브랜드 메시지 발송 대행</td>" in page
        assert "엔에이치엔클라우드 주식회사 (NHN Cloud)" in page
    assert audit(after) == []


def test_the_version_is_in_force_from_its_date_in_seoul(db, monkeypatch):
    eve = datetime.datetime(2026, 12, 16, 23, 59, tzinfo=KST)
    monkeypatch.setattr(timezone, "now", lambda: eve)
    policy_timeline_forget()
    assert current_policy_version() != "2026-12-17"

    day = datetime.datetime(2026, 12, 17, 0, 0, tzinfo=KST)
    monkeypatch.setattr(timezone, "now", lambda: day)
    policy_timeline_forget()
    assert current_policy_version() == "2026-12-17"


def test_a_database_with_members_gets_7_full_days_of_notice(member, monkeypatch):
    """Run on a live database later than 2026-12-10, the seed moves the effective date so the
    notice still comes 7 days before it, and the archived text says that date."""
    importlib.import_module(LATER).unseed(django_apps, None)
    migration = importlib.import_module(MIGRATION)
    migration.unseed(django_apps, None)
    assert not Entrustment.objects.filter(trustee__startswith="엔에이치엔클라우드").exists()
    late = datetime.datetime(2026, 12, 12, 9, 0, tzinfo=KST)
    monkeypatch.setattr(timezone, "now", lambda: late)

    migration.seed(django_apps, None)

    version = PolicyVersion.objects.get(version="2026-12-17")
    assert version.published_at == late
    assert version.effective_date == datetime.date(2026, 12, 19)
    assert "시행일: 2026년 12월 19일" in version.text
    assert version.notices.get().title == "개인정보처리방침 변경 안내 (2026년 12월 19일 시행)"
    assert (
        Entrustment.objects.filter(trustee="엔에이치엔클라우드 주식회사 (NHN Cloud)").count() == 1
    )


def test_the_seed_refuses_when_a_later_version_exists(db):
    importlib.import_module(LATER).unseed(django_apps, None)
    migration = importlib.import_module(MIGRATION)
    migration.unseed(django_apps, None)
    PolicyVersion.objects.create(
        version="2026-12-20",
        effective_date=datetime.date(2026, 12, 20),
        summary="s",
        text="t",
    )

    with pytest.raises(RuntimeError, match="2026-12-20"):
        migration.seed(django_apps, None)


def test_reversing_removes_the_version_its_notice_and_the_nhn_cloud_row_only(db):
    importlib.import_module(MIGRATION).unseed(django_apps, None)

    assert not PolicyVersion.objects.filter(version="2026-12-17").exists()
    assert PolicyVersion.objects.filter(version="2026-12-10").exists()
    assert list(Entrustment.objects.values_list("trustee", flat=True)) == ["카카오비즈니스"]


def test_the_kakaotalk_consent_names_nhn_cloud():
    use = next(p.use for p in CONSENT_PURPOSES if p.purpose == Purpose.KAKAOTALK)

    assert "엔에이치엔클라우드(NHN Cloud)를 거쳐 카카오에 위탁해요" in use
