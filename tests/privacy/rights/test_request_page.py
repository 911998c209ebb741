"""The request page as a work page: only the steps the state allows, no 저장 or 삭제 on a page
where nothing is edited, who acted named in Korean, every staff view over the member's data
passing the designation check, and query counts that do not grow with requests or events."""

import re
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.rights import steps
from privacy.rights.models import RightsKind, RightsRequest
from tests.conftest import make_member
from tests.privacy.rights.support import post_receive
from tests.privacy.rights_support import file_request, in_progress

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:privacy_rightsrequest_changelist"


def change_url(request) -> str:
    return reverse("admin:privacy_rightsrequest_change", args=[request.pk])


def buttons(page: str) -> list[str]:
    return re.findall(r'<input type="submit"[^>]*value="([^"]+)"', page)


def test_the_read_only_page_has_no_save_or_delete_button(officer, member):
    request = file_request(member, RightsKind.ACCESS)

    page = officer.get(change_url(request)).content.decode()
    assert "저장" not in buttons(page)
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert 'name="_addanother"' not in page and "deletelink" not in page


@pytest.mark.parametrize(
    ("state", "offered"),
    [
        ("received", ["본인 확인 · 처리 시작", "보완 요청", "거절"]),
        ("in_progress", ["보완 요청", "처리 완료", "일부 처리", "거절"]),
        ("paused", ["처리 재개", "거절"]),
        ("closed", []),
    ],
)
def test_the_page_offers_only_the_steps_its_state_allows(officer, member, state, offered):
    request = file_request(member, RightsKind.ACCESS)
    if state in ("in_progress", "closed"):
        request = steps.rights_request_verify_identity(request=request, actor=None)
    if state == "paused":
        request = steps.rights_request_pause(request=request, actor=None, note="신분증 사본")
    if state == "closed":
        steps.rights_request_complete(request=request, actor=None, result="열람 완료")

    page = officer.get(change_url(request)).content.decode()
    assert buttons(page) == offered
    if state == "closed":
        assert "더 할 수 있는 처리 단계가 없어요" in page


def test_who_acted_is_named_in_korean(officer, root, member):
    post_receive(officer, "010-2846-1357")
    by_staff = RightsRequest.objects.get()
    by_member = file_request(member, RightsKind.ACCESS)

    staff_page = officer.get(change_url(by_staff)).content.decode()
    member_page = officer.get(change_url(by_member)).content.decode()
    assert "담당자 (root)" in staff_page and "전화" in staff_page
    assert "회원 본인" in member_page and "요청인이 직접 접수" in member_page
    for page in (staff_page, member_page):
        assert not re.search(r">\s*(member|staff)\s*<", page)
        assert "MEMBER" not in page and "Actor" not in page
        # The member masked, as on every staff screen.
        assert "김**" in page and "김지원" not in page


def test_the_identity_check_is_on_the_page(officer, member):
    post_receive(officer, "010-2846-1357")

    page = officer.get(change_url(RightsRequest.objects.get())).content.decode()
    assert "본인 확인 방법" in page and "본인 확인한 사람" in page
    # The method is the desk's own words, shown as is; the free note stays masked.
    assert "전화 — 가입 정보(이름·전화번호·가입 시기) 대조" in page
    assert "생년월일과 최근 지원 기업 확인" not in page
    assert "2026" in page.split("본인 확인 일시")[1][:400]


def test_every_staff_view_over_the_member_asks_the_designation_check(officer, member):
    request = in_progress(member, RightsKind.ACCESS)
    with mock.patch("privacy.staff.designation.staff_access_check") as check:
        officer.get(reverse(CHANGELIST))
        officer.get(change_url(request))
        officer.post(reverse("admin:privacy_rightsrequest_step", args=[request.pk, "pause"]))
        post_receive(officer, "010-2846-1357", _save=None, _find="회원 찾기")
        post_receive(officer, "010-2846-1357")

    subjects = [call.kwargs.get("subjects", ()) for call in check.call_args_list]
    assert subjects.count([member.pk]) >= 3  # the page, the step, the filing
    assert all(call.kwargs["model"] is RightsRequest for call in check.call_args_list)
    assert len(check.call_args_list) >= 6


def test_a_refused_designation_check_opens_nothing(officer, member):
    request = file_request(member, RightsKind.ACCESS)
    with mock.patch("privacy.staff.designation.staff_access_check", side_effect=PermissionDenied):
        assert officer.get(change_url(request)).status_code == 403
        assert officer.get(reverse(CHANGELIST)).status_code == 403
        assert post_receive(officer, "010-2846-1357").status_code == 403
    assert RightsRequest.objects.count() == 1


def _queries(client, url: str) -> int:
    client.get(url)  # keys and caches warm, as for an officer at work
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_query_count_is_the_same_for_1_and_50_requests(officer, member):
    file_request(member, RightsKind.ACCESS)
    one = _queries(officer, reverse(CHANGELIST))

    for i in range(49):
        file_request(make_member("박서준", f"010-7712-{i:04d}"), RightsKind.DELETION)
    fifty = _queries(officer, reverse(CHANGELIST))

    assert one == fifty


def test_the_request_page_query_count_is_the_same_for_1_and_50_events(officer, member):
    few = file_request(member, RightsKind.ACCESS)
    one = _queries(officer, change_url(few))

    many = steps.rights_request_verify_identity(
        request=file_request(member, RightsKind.ACCESS), actor=None
    )
    for i in range(24):
        many = steps.rights_request_pause(request=many, actor=None, note=f"자료 {i}")
        many = steps.rights_request_resume(request=many, actor=None)
    assert many.events.count() == 50
    fifty = _queries(officer, change_url(many))

    assert one == fifty
