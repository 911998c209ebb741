"""개인정보처리방침 "내부관리계획을 수립하고 시행": the plan is versioned text, approved by the
개인정보 보호책임자 on a date, read-only once approved; the plan in force is the latest approved
version. The first version is seeded from the policy's safeguards, waiting for the officer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.staff.models import ManagementPlan, StaffRole
from privacy.staff.services import management_plan_current
from tests.conftest import designate_staff, make_staff

pytestmark = pytest.mark.django_db

SECTIONS = (
    "목적",
    "적용 범위",
    "개인정보 보호책임자",
    "개인정보취급자",
    "교육",
    "접근 권한 관리",
    "접속기록의 보관과 점검",
    "암호화",
    "파기",
    "자체 감사",
)


@pytest.fixture
def officer(client):
    user = make_staff("officer", designated=False)
    designate_staff(user, role=StaffRole.OFFICER)
    user.user_permissions.add(*_plan_permissions())
    client.force_login(user)
    client.user = user
    return client


def _plan_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__model="managementplan")


def first_plan() -> ManagementPlan:
    return ManagementPlan.objects.get(version=1)


def approve(client, plan, on):
    return client.post(
        reverse("admin:privacy_managementplan_approve", args=[plan.pk]),
        {"approved_on": on.isoformat()},
    )


def test_the_first_plan_is_seeded_from_the_policy_and_waits_for_the_officer():
    plan = first_plan()

    assert plan.approved_on is None and plan.approved_by is None
    assert all(section in plan.text for section in SECTIONS)
    assert "분기 1회" in plan.text and "365일" in plan.text
    assert management_plan_current() is None


def test_the_officer_approves_a_draft_and_it_becomes_the_plan_in_force(officer):
    plan = first_plan()
    page = officer.get(reverse("admin:privacy_managementplan_change", args=[plan.pk]))
    assert "이 판 승인하기" in page.content.decode()

    response = approve(officer, plan, timezone.localdate())

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.approved_on == timezone.localdate() and plan.approved_by == officer.user
    assert management_plan_current() == plan
    current = officer.get(reverse("admin:privacy_managementplan_current"))
    assert current["Location"] == reverse("admin:privacy_managementplan_change", args=[plan.pk])


def test_an_approved_version_is_read_only_forever(officer):
    plan = first_plan()
    approve(officer, plan, timezone.localdate())
    url = reverse("admin:privacy_managementplan_change", args=[plan.pk])

    page = officer.get(url).content.decode()
    post = officer.post(url, {"title": "고친 제목", "text": "고친 본문", "change_summary": ""})
    again = approve(officer, plan, timezone.localdate())

    assert 'name="_save"' not in page and "이 판 승인하기" not in page
    assert "승인된 판은 고칠 수 없습니다" in page
    assert post.status_code == 403
    assert "이미 승인되어 바꿀 수 없습니다" in again.content.decode()
    plan.refresh_from_db()
    assert plan.text != "고친 본문" and plan.title != "고친 제목"
    delete = officer.get(reverse("admin:privacy_managementplan_delete", args=[plan.pk]))
    assert delete.status_code == 403


def test_a_new_version_starts_from_the_latest_text_and_replaces_the_plan_once_approved(officer):
    plan = first_plan()
    approve(officer, plan, timezone.localdate() - datetime.timedelta(days=3))
    add_url = reverse("admin:privacy_managementplan_add")
    assert plan.text.splitlines()[0] in officer.get(add_url).content.decode()

    response = officer.post(
        add_url,
        {"title": plan.title, "text": plan.text + "\n제17조(추가)", "change_summary": "조 추가"},
    )

    assert response.status_code == 302
    second = ManagementPlan.objects.get(version=2)
    assert second.drafted_by == officer.user and not second.approved
    assert management_plan_current() == plan  # a draft is not in force
    approve(officer, second, timezone.localdate())
    assert management_plan_current() == second
    listing = officer.get(reverse("admin:privacy_managementplan_changelist")).content.decode()
    assert "현행 (시행 중)" in listing and "이전 판" in listing


def test_one_draft_at_a_time(officer):
    response = officer.post(
        reverse("admin:privacy_managementplan_add"),
        {"title": "개인정보 내부관리계획", "text": "새 본문", "change_summary": ""},
    )

    assert response.status_code == 200
    assert "승인되지 않은 초안(제1판)이 이미 있습니다" in response.content.decode()
    assert ManagementPlan.objects.count() == 1


def test_only_the_designated_officer_approves(client):
    engineer = make_staff("engineer", superuser=True)  # a designated handler, not the officer
    client.force_login(engineer)
    plan = first_plan()

    page = client.get(reverse("admin:privacy_managementplan_approve", args=[plan.pk]))
    response = approve(client, plan, timezone.localdate())

    assert "개인정보 보호책임자로 지정된 직원만 승인할 수 있습니다" in page.content.decode()
    assert "개인정보 보호책임자로 지정된 직원만 승인할 수 있습니다" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.approved


def test_an_approval_date_in_the_future_or_before_the_plan_in_force_is_refused(officer):
    plan = first_plan()
    future = approve(officer, plan, timezone.localdate() + datetime.timedelta(days=1))
    assert "승인일은 오늘이나 그 이전 날짜여야 합니다" in future.content.decode()
    approve(officer, plan, timezone.localdate())
    officer.post(
        reverse("admin:privacy_managementplan_add"),
        {"title": plan.title, "text": "제2판", "change_summary": "개정"},
    )
    second = ManagementPlan.objects.get(version=2)

    earlier = approve(officer, second, timezone.localdate() - datetime.timedelta(days=1))

    assert "현행 제1판의 승인일" in earlier.content.decode()
    second.refresh_from_db()
    assert not second.approved


def test_the_current_page_says_when_no_version_is_approved_yet(officer):
    response = officer.get(reverse("admin:privacy_managementplan_current"), follow=True)

    assert "아직 승인된 내부관리계획이 없습니다" in response.content.decode()
