"""The message log in the admin: the recipient and the template's variables masked, a filter
for failures, and a resend of a failed message only after a reason, recorded with who gave it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging.models import KakaoUnlink, Message, MessageResend, State
from privacy.accesslog.models import AccessLogEntry
from tests.conftest import make_staff

LIST = "/admin/messaging/message/"


@pytest.fixture
def admin_user(db):
    return make_staff("root", "root-password-123", superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def message(member, key, state=State.DELIVERED, **fields) -> Message:
    return Message.objects.create(
        recipient=member,
        kind="recruiting.offer",
        template_code="OFFER01",
        params={"company": "라이프전자비밀"},
        key=key,
        state=state,
        **fields,
    )


def test_the_log_shows_codes_and_states_never_the_members_name_or_variables(admin_client, member):
    row = message(member, "a", result_code="3018")

    page = admin_client.get(LIST).content.decode()
    detail = admin_client.get(f"{LIST}{row.pk}/change/").content.decode()

    assert f"회원 #{member.pk}" in page and "OFFER01" in page and "3018" in page
    for text in (page, detail):
        assert member.name not in text and "라이프전자비밀" not in text
    assert AccessLogEntry.objects.filter(target_type__contains="message").count() >= 2


def test_the_failure_filter_shows_failed_and_undelivered_only(admin_client, member):
    message(member, "ok")
    failed = message(member, "failed", state=State.FAILED, result_code="-5000")
    undelivered = message(member, "undelivered", state=State.UNDELIVERED, result_code="3019")

    response = admin_client.get(LIST, {"failed": "yes"})

    shown = {m.pk for m in response.context["cl"].result_list}
    assert shown == {failed.pk, undelivered.pk}


def list_queries(admin_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_1_or_50_messages(admin_client, member):
    message(member, "k0")
    admin_client.get(LIST)  # the session and the permission caches warm
    one = list_queries(admin_client)
    for i in range(1, 50):
        message(member, f"k{i}")

    assert list_queries(admin_client) == one


def resend(admin_client, messages, reason=None):
    data = {"action": "resend", "_selected_action": [m.pk for m in messages]}
    if reason is not None:
        data.update(confirm_resend="1", reason=reason)
    return admin_client.post(LIST, data)


def test_a_resend_asks_for_a_reason_first_and_records_it(admin_client, admin_user, member):
    failed = message(member, "f", state=State.FAILED, result_code="-9999", attempts=3)
    delivered = message(member, "d")

    asked = resend(admin_client, [failed, delivered])
    assert asked.status_code == 200 and "재발송 사유" in asked.content.decode()
    refused = resend(admin_client, [failed], reason="  ")
    assert refused.status_code == 200
    failed.refresh_from_db()
    assert failed.state == State.FAILED and not MessageResend.objects.exists()

    done = resend(admin_client, [failed, delivered], reason="전화번호 정정 후 재발송 (문의 #12)")

    assert done.status_code == 302
    failed.refresh_from_db()
    delivered.refresh_from_db()
    assert (failed.state, failed.attempts) == (State.QUEUED, 0)  # a fresh round of retries
    assert delivered.state == State.DELIVERED  # only a failure is resent
    record = MessageResend.objects.get()
    assert (record.message, record.staff, record.previous_result_code) == (
        failed,
        admin_user,
        "-9999",
    )
    assert record.reason == "전화번호 정정 후 재발송 (문의 #12)"


def test_the_unlink_calls_are_listed_read_only(admin_client):
    row = KakaoUnlink.objects.create(kakao_id="4100000001", attempts=2, result_code="-1")

    page = admin_client.get("/admin/messaging/kakaounlink/").content.decode()

    assert "4100000001" not in page and "-1" in page
    assert admin_client.get(f"/admin/messaging/kakaounlink/{row.pk}/change/").status_code == 200
