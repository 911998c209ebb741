"""The admin index is the privacy officer's home: what is due (overdue first), this month's
figures in KST, and a link to each desk. It never fails for a desk not built yet."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.accesslog.append import access_log_record_access
from privacy.accesslog.models import AccessLogAction
from privacy.desk import selectors
from privacy.notices.models import PolicyVersion
from privacy.retention.models import DestructionRun, EntryKind, PendingSummary
from privacy.rights.models import RightsKind, RightsRequest, RightsStatus
from privacy.staff.designation import DesignationInfo
from tests.conftest import make_member, make_staff
from tests.privacy.rights_support import file_request, in_progress, kst

HOME = "/admin/"


def close(request, at):
    """Answered at `at` (the rights desk's steps are the rights part's; only the outcome
    matters here)."""
    RightsRequest.objects.filter(pk=request.pk).update(status=RightsStatus.COMPLETED, closed_at=at)


def home_of(client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(kst(2026, 3, 15), tick=False)
def test_open_requests_are_listed_overdue_first_with_dates_and_days_left(officer, member):
    late = file_request(member, RightsKind.ACCESS, now=kst(2026, 3, 2))  # due 3월 12일
    soon = file_request(member, RightsKind.DELETION, now=kst(2026, 3, 10))

    page = home_of(officer)

    assert page.index(f"열람 요구 #{late.pk}") < page.index(f"삭제 요구 #{soon.pk}")
    assert "기한 초과 3일" in page and "기한 초과 1건" in page
    assert f"D-{(soon.due_date - datetime.date(2026, 3, 15)).days}" in page
    assert "2026-03-02" in page and late.due_date.isoformat() in page
    assert reverse("admin:privacy_rightsrequest_change", args=[late.pk]) in page


@time_machine.travel(kst(2026, 3, 15), tick=False)
def test_closed_requests_are_not_due(officer, member):
    request = in_progress(member, RightsKind.ACCESS, now=kst(2026, 3, 2))
    close(request, kst(2026, 3, 5))

    assert f"요구 #{request.pk}" not in home_of(officer)
    assert "처리할 요구가 없어요" in home_of(officer)


def test_home_query_count_does_not_grow_with_requests_and_log_entries(officer, member, rf, root):
    def add(n):
        for _ in range(n):
            file_request(member, RightsKind.ACCESS)
            request = rf.get("/admin/")
            request.user = root
            access_log_record_access(
                request=request,
                action=AccessLogAction.REVEAL,
                model=RightsRequest,
                subjects=[member.pk],
            )

    add(1)
    officer.get(HOME)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        home_of(officer)
    add(49)
    with CaptureQueriesContext(connection) as fifty:
        page = home_of(officer)

    assert RightsRequest.objects.count() == 50 and "열린 요구 50건 모두 보기" in page
    assert len(fifty) == len(one)


@time_machine.travel(kst(2026, 3, 31, 23, 30), tick=False)
def test_month_figures_count_the_kst_month_and_link_to_the_desks(officer):
    member = make_member()  # joined now, 3월 31일 KST
    # 3월 1일 00:30 KST is 2월 28일 in UTC: it belongs to March.
    file_request(member, RightsKind.ACCESS, now=kst(2026, 3, 1, 0, 30))
    file_request(member, RightsKind.ACCESS, now=kst(2026, 2, 27))  # February: not counted
    late = in_progress(member, RightsKind.ACCESS, now=kst(2026, 3, 2))  # due 3월 12일
    close(late, kst(2026, 3, 20))
    DestructionRun.objects.create(
        job="파기",
        category="회원 정보",
        legal_basis="-",
        method="삭제",
        count=7,
        started_at=kst(2026, 3, 3),
        finished_at=kst(2026, 3, 3, 0, 1),
    )
    # Records moved into 분리 보관 (이관) are not destroyed: not counted as 파기.
    DestructionRun.objects.create(
        job="withdrawal",
        kind=EntryKind.TRANSFER,
        category="지원 내역",
        legal_basis="-",
        method="분리 보관",
        count=2,
        started_at=kst(2026, 3, 4),
        finished_at=kst(2026, 3, 4, 0, 1),
    )
    make_member(name="이서연", phone="010-3333-4444")  # joined now, 3월 31일 KST

    figures = {f.label: f for f in selectors.month_figures(datetime.date(2026, 3, 31))}

    assert figures["권리 행사 요구 접수"].value == 2
    assert figures["권리 행사 요구 처리"].value == 1
    assert figures["기한 넘겨 처리"].value == 1
    assert figures["파기 건수"].value == 7
    # Both entries of March wait for the officer's 책임자 확인, and the home says so.
    assert [(u.label, u.entries) for u in selectors.officer_home().unconfirmed] == [
        ("2026년 3월", 2)
    ]
    assert "2026년 3월 미확인 2건" in home_of(officer)
    assert figures["신규 가입"].value == 2
    assert figures["권리 행사 요구 접수"].url == (
        reverse("admin:privacy_rightsrequest_changelist")
        + "?received_at__date__gte=2026-03-01&received_at__date__lt=2026-04-01"
    )
    page = home_of(officer)
    assert "2026년 3월 현황" in page and figures["파기 건수"].url.replace("&", "&amp;") in page
    # The filtered links open.
    for figure in figures.values():
        response = officer.get(figure.url)
        assert response.status_code == 200, figure.label


@time_machine.travel(kst(2026, 3, 15), tick=False)
def test_policy_versions_waiting_to_take_effect_and_drafts_not_yet_announced(officer):
    PolicyVersion.objects.create(
        version="2026-03-20",
        effective_date=datetime.date(2026, 3, 20),
        summary="위탁 추가",
        text="-",
        published_at=kst(2026, 3, 12),
    )
    PolicyVersion.objects.create(
        version="2026-01-01",
        effective_date=datetime.date(2026, 1, 1),
        summary="-",
        text="-",
        published_at=kst(2025, 12, 20),
    )
    PolicyVersion.objects.create(
        version="2026-04-01",
        effective_date=datetime.date(2026, 4, 1),
        summary="초안",
        text="-",
        published_at=None,
    )

    page = home_of(officer)

    assert "2026-03-20" in page and "D-5" in page
    waiting = [
        (p.version, p.draft) for p in selectors.policy_versions_waiting(datetime.date(2026, 3, 15))
    ]
    # Published first, soonest first (the seeded versions of December follow), then the draft.
    assert waiting[0] == ("2026-03-20", False) and waiting[-1] == ("2026-04-01", True)
    assert ("2026-01-01", False) not in waiting
    assert "초안</strong> (아직 공지하지 않았어요)" in page


def test_destruction_backlog_from_the_last_count(officer):
    assert "아직 집계하지 않았어요" in home_of(officer)
    PendingSummary.objects.create(
        pk=1,
        computed_at=kst(2026, 3, 15, 4),
        days=30,
        rows=[
            {"category": "회원 정보", "due_now": 3, "due_soon": 5},
            {"category": "지원 내역", "due_now": 0, "due_soon": 2},
        ],
    )

    page = home_of(officer)

    assert "파기되지 않은 기록 3건" in page and "회원 정보 3건" in page
    assert "지원 내역 0건" not in page and "2026-03-15 04:00" in page


def test_the_quarterly_audit_is_shown_with_its_due_date(officer):
    with time_machine.travel(kst(2026, 11, 2), tick=False):
        page = home_of(officer)
    # The third quarter's audit was due by 15 October (decision 0023): overdue, with its link.
    assert "2026년 3분기 자체 감사" in page and "2026-10-15" in page and "기한 초과" in page
    assert "/admin/privacy/quarterlyaudit/quarter/2026/3/" in page


def test_staff_with_missing_or_expiring_education_are_listed(officer, monkeypatch):
    make_staff("edu_none")
    old = make_staff("edu_old")
    soon = make_staff("edu_soon")
    ok = make_staff("edu_ok")
    today = datetime.date(2026, 3, 15)

    def info(user, educated_on, current=True):
        return DesignationInfo(user.pk, "개인정보 취급자", "-", today, educated_on, current)

    monkeypatch.setattr(
        selectors,
        "staff_designations",
        lambda: {
            old.pk: info(old, datetime.date(2025, 1, 2), current=False),
            soon.pk: info(soon, datetime.date(2025, 3, 25)),
            ok.pk: info(ok, datetime.date(2026, 1, 5)),
        },
    )

    due = {e.username: e.problem for e in selectors.education_due(today)}

    assert due["edu_none"] == "지정·교육 기록 없음"
    assert due["edu_old"] == "교육 만료"
    assert due["edu_soon"] == "교육 만료 예정 (D-10)"
    assert "edu_ok" not in due


def test_desks_not_built_yet_show_without_a_link():
    assert selectors.admin_url("admin:no_such_desk_changelist") == ""
    assert selectors.admin_url("admin:no_such", "admin:privacy_rightsrequest_changelist") == (
        reverse("admin:privacy_rightsrequest_changelist")
    )
    desks = {d.label: d.url for d in selectors.desk_links()}
    assert desks["접속기록"] == reverse("admin:privacy_accesslogentry_changelist")
    assert set(desks) == {
        "열람 등 요구",
        "접속기록",
        "파기 대장",
        "개인정보처리방침 버전",
        "자체 감사",
        "내부관리계획",
        "개인정보취급자",
    }


@pytest.mark.django_db
def test_staff_without_the_rights_desk_see_the_plain_index(client):
    client.force_login(make_staff("plain"))
    page = home_of(client)
    assert "officer-home" not in page and "처리할 일" not in page
