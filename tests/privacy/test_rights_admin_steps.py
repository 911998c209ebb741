"""The officer's steps offer only what the request's state allows, and a refused submission
never throws away what the officer typed (issue 10: "Staff forms that lose typing")."""

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse

from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.rights import steps
from privacy.rights.models import RightsKind, RightsStatus
from tests.conftest import make_staff
from tests.privacy.rights_support import file_request, in_progress
from tests.privacy.test_rights_admin import CHANGELIST, act, proxy_request

pytestmark = pytest.mark.django_db

RESULT = "요청하신 프로필 정보의 사본을 보내 드렸어요."
GROUNDS = "개인정보 보호법 제35조 제4항 제3호: 다른 사람의 이익을 침해할 우려가 있는 부분"
OBJECTION = "결과를 받은 날부터 90일 안에 보호책임자에게 이의를 제기할 수 있어요."


def change_page(client, request):
    return client.get(reverse("admin:privacy_rightsrequest_change", args=[request.pk]))


def step_url(request, step: str) -> str:
    return reverse("admin:privacy_rightsrequest_step", args=[request.pk, step])


def offered(client, request) -> list[str]:
    return [step.name for step in change_page(client, request).context.get("steps", [])]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def paused(member):
    request = in_progress(member, RightsKind.ACCESS)
    return steps.rights_request_pause(request=request, actor=None, note="신분증 사본")


def test_change_page_offers_only_the_steps_the_state_allows(officer, member, other_member):
    received = file_request(member, RightsKind.ACCESS)
    proxied = proxy_request(other_member)
    handling = in_progress(member, RightsKind.ACCESS)
    waiting = paused(other_member)
    closed = steps.rights_request_refuse(
        request=file_request(member, RightsKind.ACCESS), actor=None, grounds="g", objection="o"
    )

    assert offered(officer, received) == ["verify_identity", "pause", "refuse"]
    assert offered(officer, proxied) == ["verify_identity", "pause", "refuse"]
    assert offered(officer, handling) == ["pause", "complete", "partly_complete", "refuse"]
    assert offered(officer, waiting) == ["resume", "refuse"]
    assert offered(officer, closed) == []
    page = change_page(officer, received).content.decode()
    assert f'action="{step_url(received, "verify_identity")}"' in page
    assert step_url(received, "complete") not in page
    assert "종결된 요구예요. 더 할 수 있는 처리 단계가 없어요." in (
        change_page(officer, closed).content.decode()
    )


def test_the_list_names_each_requests_possible_steps(officer, member):
    file_request(member, RightsKind.ACCESS)
    in_progress(member, RightsKind.ACCESS)

    page = officer.get(reverse(CHANGELIST)).content.decode()

    assert "할 수 있는 단계" in page
    assert "본인 확인 · 처리 시작 · 보완 요청 · 거절" in page
    assert "보완 요청 · 처리 완료 · 일부 처리 · 거절" in page


@pytest.mark.parametrize("step", ["complete", "partly_complete"])
def test_completing_an_unverified_request_says_so_before_anything_is_typed(step, officer, member):
    request = file_request(member, RightsKind.ACCESS)  # received: handling has not started

    response = act(officer, step, [request])

    # No form to fill in only to be refused: back to the list, with what to do first.
    assert response.status_code == 302
    (message,) = messages_of(response)
    assert "본인 확인을 마치고 처리 중인 요구만 완료할 수 있어요" in message
    assert "본인(대리인) 확인 완료 · 처리 시작" in message
    request.refresh_from_db()
    assert request.status == RightsStatus.RECEIVED


def test_a_mixed_selection_processes_those_the_step_fits_and_names_the_others(
    officer, member, other_member
):
    unverified = file_request(member, RightsKind.ACCESS)
    handling = in_progress(other_member, RightsKind.ACCESS)

    form = act(officer, "complete", [unverified, handling])

    page = form.content.decode()
    assert form.status_code == 200
    assert form.context["requests"] == [handling]
    assert "이 단계를 할 수 없어 뺀 요구" in page and f"요구 #{unverified.pk}" in page
    assert form.context["selected"] == [handling.pk]

    act(officer, "complete", [handling], confirm_step="1", note=RESULT)

    handling.refresh_from_db()
    unverified.refresh_from_db()
    assert handling.status == RightsStatus.COMPLETED and handling.result == RESULT
    assert unverified.status == RightsStatus.RECEIVED


def test_a_request_closed_meanwhile_keeps_the_result_the_officer_typed(officer, member):
    request = in_progress(member, RightsKind.ACCESS)
    assert act(officer, "complete", [request]).status_code == 200  # the form is shown
    # Another officer refuses it while this one types.
    steps.rights_request_refuse(request=request, actor=None, grounds="g", objection="o")

    response = act(officer, "complete", [request], confirm_step="1", note=RESULT)

    assert response.status_code == 200  # the form again, not a redirect away
    page = response.content.decode()
    assert f"요구 #{request.pk}: 이미 종결된 요구예요 (거절)." in page
    assert RESULT in page  # still in the box
    assert 'role="alert"' in page


def test_a_partial_grant_without_its_objection_keeps_result_and_grounds(officer, member):
    request = in_progress(member, RightsKind.ACCESS)

    response = officer.post(
        step_url(request, "partly_complete"),
        {"confirm_step": "1", "result": RESULT, "grounds": GROUNDS, "objection": ""},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "이의 제기 방법을 입력해 주세요." in page
    assert RESULT in page and GROUNDS in page
    request.refresh_from_db()
    assert request.status == RightsStatus.IN_PROGRESS

    done = officer.post(
        step_url(request, "partly_complete"),
        {"confirm_step": "1", "result": RESULT, "grounds": GROUNDS, "objection": OBJECTION},
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:privacy_rightsrequest_change", args=[request.pk])
    request.refresh_from_db()
    assert request.status == RightsStatus.PARTLY_COMPLETED
    assert (request.result, request.grounds, request.objection) == (RESULT, GROUNDS, OBJECTION)
    (entry,) = AccessLogEntry.objects.filter(action=AccessLogAction.CHANGE)
    assert entry.detail == {"step": "partly_complete"}


def test_a_partial_grant_needs_what_was_processed(officer, member):
    request = in_progress(member, RightsKind.ACCESS)

    response = act(
        officer,
        "partly_complete",
        [request],
        confirm_step="1",
        result="",
        grounds=GROUNDS,
        objection=OBJECTION,
    )

    assert "처리한 내용을 입력해 주세요." in response.content.decode()
    request.refresh_from_db()
    assert request.status == RightsStatus.IN_PROGRESS


def test_a_refusal_asks_for_no_result_it_would_throw_away(officer, member):
    request = file_request(member, RightsKind.ACCESS)

    form = act(officer, "refuse", [request]).context["form"]

    assert list(form.fields) == ["grounds", "objection"]


def test_a_step_button_on_the_change_page_asks_for_its_form_first(officer, member):
    request = in_progress(member, RightsKind.ACCESS)

    shown = officer.post(step_url(request, "complete"))

    assert shown.status_code == 200 and shown.context["title"] == "처리 완료"
    request.refresh_from_db()
    assert request.status == RightsStatus.IN_PROGRESS


def test_a_step_that_needs_no_form_goes_back_to_the_request(officer, member):
    request = proxy_request(member)

    response = officer.post(step_url(request, "verify_identity"))

    assert response["Location"] == reverse("admin:privacy_rightsrequest_change", args=[request.pk])
    request.refresh_from_db()
    assert request.status == RightsStatus.IN_PROGRESS


def test_step_urls_change_nothing_on_get_and_refuse_unknown_steps(officer, member):
    request = proxy_request(member)

    assert officer.get(step_url(request, "verify_identity")).status_code == 302
    assert officer.post(step_url(request, "delete_everything")).status_code == 404
    request.refresh_from_db()
    assert request.status == RightsStatus.IDENTITY_CHECK


def test_staff_who_may_only_view_cannot_take_a_step(client, member):
    request = proxy_request(member)
    clerk = make_staff("clerk", "clerk-password-123")
    clerk.user_permissions.add(Permission.objects.get(codename="view_rightsrequest"))
    client.force_login(clerk)

    assert client.post(step_url(request, "verify_identity")).status_code == 403
    assert "steps" not in change_page(client, request).context
    request.refresh_from_db()
    assert request.status == RightsStatus.IDENTITY_CHECK


def _service(step: str):
    return {
        "verify_identity": lambda r: steps.rights_request_verify_identity(request=r, actor=None),
        "pause": lambda r: steps.rights_request_pause(request=r, actor=None, note="자료"),
        "resume": lambda r: steps.rights_request_resume(request=r, actor=None),
        "complete": lambda r: steps.rights_request_complete(request=r, actor=None),
        "partly_complete": lambda r: steps.rights_request_complete(
            request=r, actor=None, partly=True, grounds="g", objection="o"
        ),
        "refuse": lambda r: steps.rights_request_refuse(
            request=r, actor=None, grounds="g", objection="o"
        ),
    }[step]


class _Undo(Exception):
    pass


@pytest.mark.parametrize("step", steps.RIGHTS_STEPS)
def test_what_the_desk_offers_is_exactly_what_the_services_accept(step, member, other_member):
    states = {
        "received": file_request(member, RightsKind.ACCESS),
        "identity_check": proxy_request(member),
        "in_progress": in_progress(member, RightsKind.ACCESS),
        "waiting": paused(member),
        "refused": steps.rights_request_refuse(
            request=file_request(other_member, RightsKind.ACCESS),
            actor=None,
            grounds="g",
            objection="o",
        ),
    }
    for state, request in states.items():
        offered_here = steps.rights_step_problem(request, step) is None
        try:
            with transaction.atomic():
                _service(step)(request)
                raise _Undo
        except _Undo:
            accepted = True
        except steps.RightsError:
            accepted = False
        assert offered_here == accepted, (step, state)
