"""접수 등록: a request the member made by phone, letter or in person, entered by staff. The member
is found by phone number through the blind index (logged as 회원 검색) and shown masked; the due
date counts from receipt; the request then flows like any other (notice, steps, reminders)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.rights import deadlines, filing, steps
from privacy.rights.models import (
    ReceivedVia,
    RightsKind,
    RightsNotice,
    RightsRequest,
    RightsStatus,
)
from tests.conftest import make_member, make_staff
from tests.privacy.rights.support import BY_PHONE_CHECK, RECEIVE, post_receive
from tests.privacy.rights_support import kst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(kst(2026, 3, 3, 9), tick=False):
        yield


def test_a_phone_request_is_filed_for_the_member_found_by_phone(officer, root, member):
    response = post_receive(officer, "010-2846-1357")

    filed = RightsRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:privacy_rightsrequest_change", args=[filed.pk])
    assert filed.member == member and filed.kind == RightsKind.ACCESS
    assert filed.received_via == ReceivedVia.PHONE
    assert filed.entered_by_id == root.pk
    # 시행령 제41조: 10 days from receipt (2 March), not from when it was typed in (3 March).
    assert filed.received_at == kst(2026, 3, 2, 10)
    assert filed.due_date == datetime.date(2026, 3, 12)
    # The identity check noted: how, by whom, when.
    assert filed.status == RightsStatus.IN_PROGRESS
    assert filed.identity_method == BY_PHONE_CHECK
    assert filed.identity_note == "생년월일과 최근 지원 기업 확인"
    assert filed.identity_checked_by_id == root.pk
    assert filed.identity_verified_at == kst(2026, 3, 2, 10)
    assert filed.detail == "프로필과 지원 내역에 어떤 정보가 있는지 알고 싶어요."
    assert [e.status for e in filed.events.all()] == ["received", "in_progress"]
    # The member is told, as for a request filed online.
    assert RightsNotice.objects.filter(member=member, request=filed).exists()


def test_the_phone_search_is_logged_as_a_member_search(officer, root, member):
    post_receive(officer, "01028461357", _save=None, _find="회원 찾기")

    search = AccessLogEntry.objects.get(action=AccessLogAction.SEARCH)
    assert search.actor_id == root.pk
    assert search.detail["purpose"] == "열람 등 요구 접수"
    assert search.subject_ids == [member.pk]


def test_finding_shows_the_member_masked_and_files_nothing(officer, member):
    response = post_receive(officer, "010-2846-1357", _save=None, _find="회원 찾기", kind=None)

    page = response.content.decode()
    assert response.status_code == 200
    assert "김**" in page and "010-****-1357" in page
    assert "김지원" not in page and "2846" not in page.split("회원 전화번호")[0]
    # Only the search was asked for: no complaint about the fields not filled in yet.
    assert "요구 종류" in page and "필수" not in page
    assert not RightsRequest.objects.exists()


def test_no_member_with_that_phone_keeps_the_typed_form(officer, member):
    response = post_receive(officer, "010-9999-0000", detail="전화로 받은 열람 요구 내용")

    page = response.content.decode()
    assert response.status_code == 200
    assert "이 전화번호로 가입한 회원을 찾지 못했어요" in page
    assert "전화로 받은 열람 요구 내용" in page
    assert 'value="010-9999-0000"' in page
    assert not RightsRequest.objects.exists()


def test_several_members_with_one_phone_are_chosen_from_masked_names(officer):
    first = make_member("김지원", "010-5555-1234")
    second = make_member("이하늘", "010-5555-1234")

    response = post_receive(officer, "010-5555-1234", detail="둘 중 누구인지 확인 필요")
    page = response.content.decode()
    assert "이 전화번호로 가입한 회원이 2명이에요" in page
    assert "김**" in page and "이**" in page
    assert "둘 중 누구인지 확인 필요" in page
    assert not RightsRequest.objects.exists()

    post_receive(officer, "010-5555-1234", member=str(second.pk))
    assert RightsRequest.objects.get().member == second
    assert not RightsRequest.objects.filter(member=first).exists()


def test_a_receipt_date_in_the_future_is_refused_with_the_form_kept(officer, member):
    response = post_receive(officer, "010-2846-1357", received_at="2026-03-05T10:00")

    page = response.content.decode()
    assert "접수 일시가 지금보다 늦어요" in page
    assert "프로필과 지원 내역에 어떤 정보가 있는지 알고 싶어요." in page
    assert not RightsRequest.objects.exists()


def test_a_correction_needs_its_item_and_value(officer, member):
    response = post_receive(officer, "010-2846-1357", kind="correction")

    page = response.content.decode()
    assert "정정할 항목을 입력해 주세요." in page and "올바른 내용을 입력해 주세요." in page
    assert not RightsRequest.objects.exists()


def test_without_an_identity_check_the_request_waits_for_it(officer, member):
    post_receive(
        officer, "010-2846-1357", identity_method="", identity_note="", received_via="post"
    )

    filed = RightsRequest.objects.get()
    assert filed.status == RightsStatus.IDENTITY_CHECK and filed.identity_verified_at is None
    assert filed.received_via == ReceivedVia.POST
    # Nothing is disclosed before the identity check (시행령 제46조).
    assert steps.rights_steps_allowed(filed) == ["verify_identity", "pause", "refuse"]


def test_a_note_without_a_method_asks_for_the_method(officer, member):
    response = post_receive(officer, "010-2846-1357", identity_method="")

    assert "확인한 방법을 골라 주세요" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_an_entered_request_is_reminded_like_any_other(officer, member):
    post_receive(officer, "010-2846-1357")
    filed = RightsRequest.objects.get()

    sent = deadlines.rights_reminders_send(now=kst(2026, 3, 9, 9))  # D-3
    assert [r.request_id for r in sent] == [filed.pk]


def test_receiving_needs_the_change_permission(client, member):
    clerk = make_staff("clerk")
    client.force_login(clerk)

    assert client.get(reverse(RECEIVE)).status_code == 403
    assert post_receive(client, "010-2846-1357").status_code == 403
    assert not RightsRequest.objects.exists()


def test_the_list_links_to_the_receive_form(officer):
    page = officer.get(reverse("admin:privacy_rightsrequest_changelist")).content.decode()

    assert reverse(RECEIVE) in page and "접수 등록 (전화·우편·방문)" in page


def test_withdrawn_members_are_not_found(officer, member):
    User.objects.filter(pk=member.pk).update(withdrawn_at=kst(2026, 3, 1))

    response = post_receive(officer, "010-2846-1357")
    assert "찾지 못했어요" in response.content.decode()


def test_the_service_takes_only_offline_channels(member, root):
    with pytest.raises(steps.RightsError, match="전화, 우편, 방문, 전자우편"):
        filing.rights_request_receive(
            member=member,
            kind=RightsKind.ACCESS,
            received_via=ReceivedVia.ONLINE,
            received_at=kst(2026, 3, 2),
            actor=root,
        )
    assert not RightsRequest.objects.exists()


def test_the_member_sees_how_their_request_was_received(officer, client, member):
    post_receive(officer, "010-2846-1357", received_via="visit")
    client.force_login(member)

    page = client.get(reverse("rights:detail", args=[RightsRequest.objects.get().pk]))
    assert "방문 (담당자가 등록했어요)" in page.content.decode()
