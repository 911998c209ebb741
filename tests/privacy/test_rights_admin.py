"""The privacy officer's desk: requests by due date with D-day and overdue flags, filters,
the steps as admin actions (refusal needs grounds), the 위임장 download, the summary page, and
every view of a request recorded in the access log with personal fields masked."""

from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.rights import deadlines, filing, summary
from privacy.rights.models import RightsKind, RightsRequest, RightsStatus
from tests.conftest import make_member, make_staff
from tests.privacy.rights_support import PDF, file_request, kst
from tests.profiles.factories import make_profile

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:privacy_rightsrequest_changelist"


def act(client, action: str, requests, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in requests], **extra}
    return client.post(reverse(CHANGELIST), data)


def proxy_request(member):
    return filing.rights_request_file_by_proxy(
        principal_name=member.name,
        principal_phone=member.phone,
        proxy_name="최대리",
        proxy_phone="01033334444",
        proxy_relation="delegate",
        kind=RightsKind.ACCESS,
        attorney_bytes=PDF,
        attorney_type="application/pdf",
        now=kst(2026, 3, 2),
    )


def test_desk_orders_by_due_date_and_flags_d3_and_overdue(officer, root, member, other_member):
    late = file_request(member, RightsKind.ACCESS, now=kst(2026, 3, 1))  # due 11 March
    soon = file_request(other_member, RightsKind.ACCESS, now=kst(2026, 3, 5))  # due 15 March
    later = file_request(other_member, RightsKind.ACCESS, now=kst(2026, 3, 10))  # due 20 March

    with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 12)):
        officer.force_login(root)
        response = officer.get(reverse(CHANGELIST))

    page = response.content.decode()
    rows = list(response.context["cl"].result_list)
    assert [r.pk for r in rows] == [late.pk, soon.pk, later.pk]
    assert "기한 초과 (1일)" in page and "D-3" in page and "D-8" in page


def test_desk_filters_by_kind_status_and_deadline(officer, root, member, other_member):
    access = file_request(member, RightsKind.ACCESS, now=kst(2026, 3, 1))
    deletion = file_request(other_member, RightsKind.DELETION, now=kst(2026, 3, 10))

    def shown(query):
        with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 12)):
            officer.force_login(root)
            response = officer.get(reverse(CHANGELIST) + query)
        return [r.pk for r in response.context["cl"].result_list]

    assert shown("?kind__exact=deletion") == [deletion.pk]
    assert shown("?status__exact=received") == [access.pk, deletion.pk]
    assert shown("?deadline=overdue") == [access.pk]


def test_desk_list_and_page_are_logged_and_masked(officer, root, member):
    request = file_request(member, RightsKind.CORRECTION)

    officer.get(reverse(CHANGELIST))
    page = officer.get(
        reverse("admin:privacy_rightsrequest_change", args=[request.pk])
    ).content.decode()

    assert member.name not in page and "김**" in page
    assert "데이터 분석" not in page  # the correct value is masked too
    (listed,) = AccessLogEntry.objects.filter(action=AccessLogAction.LIST)
    (viewed,) = AccessLogEntry.objects.filter(action=AccessLogAction.VIEW)
    assert listed.subject_ids == [member.pk] and viewed.subject_ids == [member.pk]
    assert viewed.target_type == "privacy.rightsrequest" and viewed.actor_id == root.pk


@pytest.mark.parametrize("rows", [1, 50])
def test_desk_list_query_count_does_not_grow(rows, officer, django_assert_max_num_queries):
    member = make_member()
    for _ in range(rows):
        file_request(member, RightsKind.ACCESS)

    with django_assert_max_num_queries(30):
        assert officer.get(reverse(CHANGELIST)).status_code == 200


def test_verify_identity_then_complete(officer, member):
    request = proxy_request(member)

    act(officer, "verify_identity", [request])
    request.refresh_from_db()
    assert request.status == RightsStatus.IN_PROGRESS

    form = act(officer, "complete", [request])
    assert "처리 완료" in form.content.decode()  # the confirmation page first
    act(officer, "complete", [request], confirm_step="1", note="열람 자료를 보내 드렸어요")
    request.refresh_from_db()
    assert request.status == RightsStatus.COMPLETED and request.result.startswith("열람 자료")
    assert AccessLogEntry.objects.filter(action=AccessLogAction.CHANGE).count() == 2


def test_pause_asks_what_is_missing_and_resume_moves_the_due_date(officer, root, member):
    request = file_request(member, RightsKind.ACCESS, now=kst(2026, 3, 2))

    # Signed in again under each clock: the staff idle timeout reads the same clock.
    with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 4)):
        officer.force_login(root)
        asked = act(officer, "pause", [request], confirm_step="1", note="")
        assert "요청인에게 요청한 자료를 입력해 주세요." in asked.content.decode()
        act(officer, "pause", [request], confirm_step="1", note="주민등록증 사본")
    with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 9)):
        officer.force_login(root)
        act(officer, "resume", [request])

    request.refresh_from_db()
    assert request.paused_days == 5 and request.due_date.isoformat() == "2026-03-17"
    assert request.status == RightsStatus.IN_PROGRESS


def test_refusal_needs_grounds_on_the_intermediate_form(officer, member):
    request = file_request(member, RightsKind.ACCESS)

    response = act(officer, "refuse", [request], confirm_step="1", grounds="", objection="x")

    page = response.content.decode()
    assert "거절 사유를 입력해 주세요." in page
    request.refresh_from_db()
    assert request.status == RightsStatus.RECEIVED

    act(officer, "refuse", [request], confirm_step="1", grounds="근거 조항", objection="이의 방법")
    request.refresh_from_db()
    assert request.status == RightsStatus.REFUSED and request.grounds == "근거 조항"


def test_refusal_form_offers_the_standard_way_to_object(officer, member):
    request = file_request(member, RightsKind.ACCESS)

    page = act(officer, "refuse", [request]).content.decode()

    assert "개인정보 분쟁조정위원회" in page


def test_completing_a_deletion_from_the_desk_destroys_the_member(officer, member):
    make_profile(member)
    request = file_request(member, RightsKind.DELETION)
    act(officer, "verify_identity", [request])

    act(officer, "complete", [request], confirm_step="1", note="삭제했어요")

    assert not User.objects.filter(pk=member.pk).exists()
    assert RightsRequest.objects.get(pk=request.pk).status == RightsStatus.COMPLETED
    # The 파기 대장 names the staff member who completed it as 처리 담당자, not the automatic job.
    from privacy.retention.models import DestructionRun

    entries = DestructionRun.objects.filter(job="withdrawal")
    assert entries.exists() and {e.handler_label for e in entries} == {"root"}


def test_a_step_that_does_not_fit_is_reported_not_applied(officer, member):
    request = file_request(member, RightsKind.ACCESS)

    response = act(officer, "resume", [request])

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("기한이 정지된 요구가 아니에요" in m for m in messages)


def test_attorney_download_needs_reveal_permission_and_is_logged(client, member):
    request = proxy_request(member)
    clerk = make_staff("clerk", "clerk-password-123")
    clerk.user_permissions.add(Permission.objects.get(codename="view_rightsrequest"))
    client.force_login(clerk)
    url = reverse("admin:privacy_rightsrequest_attorney", args=[request.pk])

    assert client.get(url).status_code == 403

    clerk.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    client.force_login(User.objects.get(pk=clerk.pk))
    response = client.get(url)

    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    (entry,) = AccessLogEntry.objects.filter(action=AccessLogAction.DOWNLOAD)
    assert entry.subject_ids == [member.pk] and "위임장" in entry.reason_text


def test_summary_shows_open_overdue_consent_rates_and_log_verification(
    officer, root, member, other_member
):
    file_request(member, RightsKind.ACCESS, now=kst(2026, 3, 1))
    file_request(other_member, RightsKind.CORRECTION, now=kst(2026, 3, 10))
    deadlines.rights_reminders_send(now=kst(2026, 3, 12))
    from privacy.consents.services import consent_change

    consent_change(member=member, purpose="marketing", granted=True)

    with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 12)):
        officer.force_login(root)
        page = officer.get(reverse("admin:privacy_rightsrequest_summary")).content.decode()

    assert "모두 2건" in page and "기한 초과 <strong>1건</strong>" in page
    assert "마케팅 및 광고 활용" in page and "50.0%" in page  # 1 of 2 members
    assert "회원가입 및 서비스 이용" in page and "100.0%" in page
    assert "검증 성공" in page
    assert "기한 초과" in page  # the overdue reminder


def test_consent_rate_counts_the_latest_decision_only(member, other_member):
    from privacy.consents.services import consent_change

    consent_change(member=member, purpose="marketing", granted=True)
    consent_change(member=member, purpose="marketing", granted=False)
    consent_change(member=other_member, purpose="marketing", granted=True)

    rate = next(r for r in summary.consent_rates() if r.purpose == "marketing")

    assert (rate.granted, rate.members, rate.percent) == (1, 2, 50.0)


def test_the_desk_is_for_staff_only(client, member, consultant):
    for user in (member, consultant):
        client.force_login(user)
        response = client.get(reverse(CHANGELIST))
        assert response.status_code == 302 and "login" in response["Location"]
    client.logout()
    assert client.get(reverse("admin:privacy_rightsrequest_summary")).status_code == 302


def test_staff_without_permission_cannot_open_the_desk(client, staff):
    client.force_login(staff)

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:privacy_rightsrequest_summary")).status_code == 403
