"""안전성 확보조치 기준 제8조 ②, 월 1회 이상 점검: the officer records that a month's review of
unusual access was done, with the findings; once per month, after the month ends, never
changed; the quarterly audit then shows the month as reviewed, by whom and when."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.models import AccessLogAction, AccessLogReview
from privacy.audit.quarters import Quarter
from privacy.audit.snapshot import monthly_reviews
from tests.conftest import make_member, make_staff

pytestmark = pytest.mark.django_db

KST = datetime.timezone(datetime.timedelta(hours=9))
REVIEW = reverse("admin:privacy_accesslogentry_review")
APRIL = datetime.datetime(2026, 4, 2, 10, 0, tzinfo=KST)


@pytest.fixture
def officer(client, root):
    client.force_login(root)
    return client


def march_entry(member):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 23, 30, tzinfo=KST), tick=False):
        access_log_append(
            actor=Actor(None, "staff", ""), action=AccessLogAction.VIEW, subjects=[member.pk]
        )


@time_machine.travel(APRIL, tick=False)
def test_the_officer_records_last_months_review_once_and_the_audit_shows_it(officer, root):
    march_entry(make_member())

    recorded = officer.post(
        f"{REVIEW}?month=2026-03", {"findings": "업무 시간 외 조회 1건: 정정 요구 처리로 확인"}
    )
    page = officer.get(f"{REVIEW}?month=2026-03").content.decode()
    again = officer.post(f"{REVIEW}?month=2026-03", {"findings": "다시 씀"})

    assert recorded.status_code == 302
    record = AccessLogReview.objects.get()
    assert record.month == datetime.date(2026, 3, 1) and record.reviewed_by == root
    assert record.figures["off_hours"] == 1 and record.figures["entries"] >= 1
    assert "2026-04-02 10:00에 root 님이 점검했어요." in page and "정정 요구 처리로 확인" in page
    assert (
        again.status_code == 400 and "2026년 3월 점검은 이미 기록했어요." in again.content.decode()
    )
    assert AccessLogReview.objects.get().findings.startswith("업무 시간 외")

    months = {m["month"]: m for m in monthly_reviews(Quarter(2026, 1))}
    assert months["2026-03"]["recorded"] and months["2026-03"]["reviewed_by"] == "root"
    assert months["2026-03"]["reviewed_at"] == "2026-04-02 10:00"
    assert not months["2026-02"]["recorded"]


@time_machine.travel(APRIL, tick=False)
def test_empty_findings_and_an_unfinished_month_are_refused_in_korean(officer):
    empty = officer.post(f"{REVIEW}?month=2026-03", {"findings": "   "})
    unfinished = officer.post(f"{REVIEW}?month=2026-04", {"findings": "이상 없음"})

    assert empty.status_code == 400
    assert "점검 결과를 적어 주세요." in empty.content.decode()
    assert unfinished.status_code == 400
    assert "2026년 4월은 아직 끝나지 않았어요." in unfinished.content.decode()
    assert 'value="이상 없음"' not in unfinished.content.decode()  # a textarea keeps it as text
    assert "이상 없음</textarea>" in unfinished.content.decode()
    assert not AccessLogReview.objects.exists()


@time_machine.travel(APRIL, tick=False)
def test_staff_who_may_read_the_report_but_not_record_it_get_403(client):
    reader = make_staff("reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_accesslogentry"))
    client.force_login(reader)

    page = client.get(f"{REVIEW}?month=2026-03")
    refused = client.post(f"{REVIEW}?month=2026-03", {"findings": "이상 없음"})

    assert page.status_code == 200 and "아직 점검 기록이 없어요." in page.content.decode()
    assert refused.status_code == 403 and not AccessLogReview.objects.exists()


def test_the_officers_home_asks_for_last_months_review_until_it_is_recorded(officer, root):
    with time_machine.travel(APRIL, tick=False):
        before = officer.get("/admin/").content.decode()
        officer.post(f"{REVIEW}?month=2026-03", {"findings": "이상 없음"})
        after = officer.get("/admin/").content.decode()

    assert "2026년 3월 점검 기록 없음" in before and f"{REVIEW}?month=2026-03" in before
    assert "2026년 3월 점검 기록 없음" not in after and "지난달 점검을 기록했어요." in after
