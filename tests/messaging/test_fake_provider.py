"""The fake provider behaves as NHN Cloud does where our code depends on it, and its inbox
shows a newcomer each message as the recipient's phone would, without running what a
template parameter carries."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from messaging.fake import control
from messaging.fake.models import FakeMessage, IdempotencyKey

pytestmark = pytest.mark.django_db

BASE = "/fake-kakaotalk/alimtalk/v2.3/appkeys/fake-appkey"


@pytest.fixture(autouse=True)
def _no_webhooks():
    control.set_plan(webhook_mode="off")


def send(client, settings, recipients, *, code="LMOFFER01", key="", **headers):
    body = {"senderKey": settings.KAKAOTALK_SENDER_KEY, "templateCode": code}
    body["recipientList"] = recipients
    if key:
        headers["X-NC-API-IDEMPOTENCY-KEY"] = key
    response = client.post(
        f"{BASE}/messages",
        json.dumps(body),
        content_type="application/json",
        headers={"X-Secret-Key": settings.KAKAOTALK_SECRET_KEY, **headers},
    )
    return response.json()


def offer_to(number="01028461357", company="한빛소프트", key="lm-1"):
    return {
        "recipientNo": number,
        "recipientGroupingKey": key,
        "templateParameter": {"회사": company, "링크": "/recruiting/offers/1/"},
    }


def test_the_inbox_shows_the_message_as_a_phone_would(client, settings):
    send(client, settings, [offer_to()])

    page = client.get("/fake-kakaotalk/").content.decode()

    assert "카카오톡 받은 메시지" in page
    assert "입사 제안 도착" in page  # the template's title
    assert "한빛소프트에서 입사 제안을 보냈어요." in page
    assert "제안 확인하기" in page  # the button
    assert "010-****-1357" in page and "01028461357" not in page
    assert "전달됨" in page and "1000" in page


def test_the_inbox_shows_the_newest_first_and_why_one_was_not_delivered(client, settings):
    send(client, settings, [offer_to(company="먼저회사", key="a")])
    send(client, settings, [offer_to("01000003020", company="나중회사", key="b")])

    page = client.get("/fake-kakaotalk/").content.decode()

    assert page.index("나중회사") < page.index("먼저회사")
    assert "알림톡 수신 차단" in page and "전달 안 됨" in page


def test_the_inbox_escapes_what_a_parameter_carries(client, settings):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    send(client, settings, [offer_to(company=hostile)])

    page = client.get("/fake-kakaotalk/").content.decode()

    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_inbox_costs_the_same_queries_for_one_message_or_fifty(client, settings):
    send(client, settings, [offer_to()])
    client.get("/fake-kakaotalk/")  # settle what a first request loads once
    with CaptureQueriesContext(connection) as one:
        assert client.get("/fake-kakaotalk/").status_code == 200
    send(client, settings, [offer_to(key=f"k{i}") for i in range(49)])
    with CaptureQueriesContext(connection) as fifty:
        response = client.get("/fake-kakaotalk/")
    assert len(response.context["inbox"]) == 50
    assert len(fifty) == len(one)


def test_parameters_that_do_not_match_the_template_are_refused(client, settings):
    missing = {"recipientNo": "01028461357", "templateParameter": {"회사": "한빛소프트"}}
    extra = offer_to()
    extra["templateParameter"]["이름"] = "김지원"

    assert send(client, settings, [missing])["header"]["resultCode"] == -3010
    assert send(client, settings, [extra])["header"]["resultCode"] == -3010
    assert not FakeMessage.objects.exists()


def test_buttons_other_than_the_approved_ones_are_refused(client, settings):
    recipient = offer_to()
    recipient["buttons"] = [{"ordering": 1, "type": "WL", "name": "다른 버튼", "linkMo": "x"}]
    assert send(client, settings, [recipient])["header"]["resultCode"] == -3010


def test_an_idempotency_key_may_be_used_again_after_ten_minutes(client, settings):
    assert send(client, settings, [offer_to()], key="same")["header"]["isSuccessful"]
    assert send(client, settings, [offer_to()], key="same")["header"]["resultCode"] == -1005

    IdempotencyKey.objects.update(used_at=timezone.now() - datetime.timedelta(minutes=11))

    assert send(client, settings, [offer_to()], key="same")["header"]["isSuccessful"]
    assert FakeMessage.objects.count() == 2


def test_a_look_up_wider_than_thirty_days_is_refused(client, settings):
    response = client.get(
        f"{BASE}/messages",
        {"startRequestDate": "2026-01-01 00:00", "endRequestDate": "2026-03-01 00:00"},
        headers={"X-Secret-Key": settings.KAKAOTALK_SECRET_KEY},
    )
    assert response.json()["header"]["resultCode"] == 4


def test_one_message_is_looked_up_by_request_id_and_sequence(client, settings):
    answer = send(client, settings, [offer_to()])
    request_id = answer["message"]["requestId"]

    one = client.get(
        f"{BASE}/messages/{request_id}/1", headers={"X-Secret-Key": settings.KAKAOTALK_SECRET_KEY}
    ).json()
    listed = client.get(
        f"{BASE}/messages",
        {"requestId": request_id},
        headers={"X-Secret-Key": settings.KAKAOTALK_SECRET_KEY},
    ).json()

    assert one["message"]["recipientGroupingKey"] == "lm-1"
    assert one["message"]["resultCode"] == "1000"
    assert listed["messageSearchResultResponse"]["totalCount"] == 1


def test_the_failure_plan_is_set_over_http(client, settings):
    response = client.post(
        "/fake-kakaotalk/_control/plan", {"errors_500": 1}, content_type="application/json"
    )
    assert response.json()["errors_500"] == 1

    first = client.post(
        f"{BASE}/messages",
        json.dumps({}),
        content_type="application/json",
        headers={"X-Secret-Key": settings.KAKAOTALK_SECRET_KEY},
    )
    assert first.status_code == 500
    assert client.get("/fake-kakaotalk/_control/plan").json()["errors_500"] == 0

    refused = client.post(
        "/fake-kakaotalk/_control/plan",
        {"webhook_mode": "sometimes"},
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_reset_forgets_everything(client, settings):
    send(client, settings, [offer_to()], key="k")
    assert client.post("/fake-kakaotalk/_control/reset").json() == {"reset": True}
    assert not FakeMessage.objects.exists() and not IdempotencyKey.objects.exists()


def test_the_inbox_shows_an_advertising_message_as_a_brand_message(client, settings):
    control.set_plan(clock=datetime.datetime(2026, 12, 2, 5, 0, tzinfo=datetime.UTC))  # 14:00 KST
    response = client.post(
        "/fake-kakaotalk/brand-message/v1.0/appkeys/fake-appkey/freestyle-messages",
        json.dumps(
            {
                "senderKey": settings.KAKAOTALK_SENDER_KEY,
                "chatBubbleType": "TEXT",
                "content": "(광고) 라이프멘토 취업 특강 안내",
                "recipientList": [{"recipientNo": "01028461357", "recipientGroupingKey": "ad"}],
            }
        ),
        content_type="application/json",
        headers={"X-Secret-Key": settings.KAKAOTALK_SECRET_KEY},
    )
    assert response.json()["header"]["isSuccessful"]

    page = client.get("/fake-kakaotalk/").content.decode()

    assert "브랜드 메시지" in page and "(광고) 라이프멘토 취업 특강 안내" in page
