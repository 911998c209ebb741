"""The NHN Cloud gateway speaks 알림톡 v2.3's real HTTP: against the fake provider over a real
socket, each way a send can end comes back to the relay as the one outcome it must act on."""

import datetime
import json

import pytest
import requests
from django.utils import timezone

from messaging.fake.models import FakeMessage, Received
from messaging.gateways.base import Duplicate, Outgoing, Permanent, Transient
from messaging.gateways.nhn import KST, NhnAlimtalkGateway

pytestmark = pytest.mark.django_db(transaction=True)


def offer(key="lm-offer-1", number="01028461357", **params) -> Outgoing:
    return Outgoing(
        grouping_key=key,
        recipient_no=number,
        template_code="LMOFFER01",
        params={"회사": "한빛소프트", "링크": "/recruiting/offers/7/", **params},
    )


def test_an_accepted_message_comes_back_with_its_request_id_and_sequence(fake_kakaotalk, settings):
    result = NhnAlimtalkGateway().send(
        [offer("lm-a"), offer("lm-b", "01077124490")], idempotency_key="k-1"
    )

    assert [a.grouping_key for a in result.accepted] == ["lm-a", "lm-b"]
    assert [a.recipient_seq for a in result.accepted] == [1, 2]
    assert len({a.request_id for a in result.accepted}) == 1 and result.accepted[0].request_id
    assert result.rejected == []
    sent = FakeMessage.objects.get(recipient_grouping_key="lm-a")
    assert "한빛소프트에서 입사 제안을 보냈어요." in sent.content
    # The button's path became a link to our site, on phone and PC alike.
    assert sent.buttons == [
        {"name": "제안 확인하기", "type": "WL", "link": settings.SITE_URL + "/recruiting/offers/7/"}
    ]
    call = Received.objects.get(method="POST")
    body = json.loads(call.body)
    assert call.idempotency_key == "k-1"
    assert body["templateCode"] == "LMOFFER01"
    assert body["senderKey"] == settings.KAKAOTALK_SENDER_KEY
    assert body["recipientList"][0]["templateParameter"] == {
        "회사": "한빛소프트",
        "링크": "/recruiting/offers/7/",
    }


def test_a_bad_number_is_refused_for_that_recipient_only(fake_kakaotalk):
    result = NhnAlimtalkGateway().send(
        [offer("lm-good"), offer("lm-bad", "0212345678")], idempotency_key="k-2"
    )

    assert [a.grouping_key for a in result.accepted] == ["lm-good"]
    assert [(r.grouping_key, r.result_code, r.permanent) for r in result.rejected] == [
        ("lm-bad", "-5000", True)
    ]


@pytest.mark.parametrize(
    ("outgoing", "arrange", "code"),
    [
        (offer(), lambda c: c.unapprove("LMOFFER01"), "-3005"),
        (offer(상태="추가"), None, "-3010"),
        (Outgoing("lm-x", "01028461357", "LMNOPE01", {}), None, "-3003"),
    ],
    ids=["template-not-approved", "content-mismatch", "unknown-template"],
)
def test_a_request_that_will_fail_again_is_permanent(fake_kakaotalk, outgoing, arrange, code):
    if arrange:
        arrange(fake_kakaotalk.control)
    with pytest.raises(Permanent) as raised:
        NhnAlimtalkGateway().send([outgoing], idempotency_key="k-3")
    assert raised.value.code == code
    assert not FakeMessage.objects.exists()


def test_wrong_credentials_are_permanent(fake_kakaotalk):
    with pytest.raises(Permanent) as raised:
        NhnAlimtalkGateway(secret_key="wrong").send([offer()], idempotency_key="k-4")
    assert raised.value.code == "-1001"
    with pytest.raises(Permanent) as raised:
        NhnAlimtalkGateway(appkey="other-app").send([offer()], idempotency_key="k-4")
    assert raised.value.code == "-1000"
    with pytest.raises(Permanent) as raised:
        NhnAlimtalkGateway(sender_key="0" * 40).send([offer()], idempotency_key="k-4")
    assert raised.value.code == "4"


def test_the_same_idempotency_key_within_ten_minutes_is_a_duplicate(fake_kakaotalk):
    gateway = NhnAlimtalkGateway()
    gateway.send([offer()], idempotency_key="k-5")

    with pytest.raises(Duplicate) as raised:
        gateway.send([offer()], idempotency_key="k-5")

    assert raised.value.code == "-1005"
    assert FakeMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("plan", "code"), [({"errors_500": 1}, "500"), ({"errors_9999": 1}, "-9999")]
)
def test_the_providers_own_trouble_is_transient_and_the_retry_goes(fake_kakaotalk, plan, code):
    fake_kakaotalk.control.set_plan(**plan)
    gateway = NhnAlimtalkGateway()

    with pytest.raises(Transient) as raised:
        gateway.send([offer()], idempotency_key="k-6")
    assert raised.value.code == code
    assert not FakeMessage.objects.exists()

    # Nothing went, so the same key is free: the retry is accepted.
    assert gateway.send([offer()], idempotency_key="k-6").accepted


def test_a_timeout_is_transient_and_the_message_can_be_found_before_any_resend(
    fake_kakaotalk, settings
):
    settings.KAKAOTALK_TIMEOUT = 0.3
    fake_kakaotalk.control.set_plan(timeouts=1, timeout_seconds=1.0)
    since = timezone.now()
    gateway = NhnAlimtalkGateway()

    with pytest.raises(Transient) as raised:
        gateway.send([offer("lm-late")], idempotency_key="k-7")
    assert raised.value.code == "timeout"

    # The provider took it although we never heard: the look-up says so.
    found = gateway.find("lm-late", since=since)
    assert found is not None and found.request_id and found.recipient_seq == 1
    assert (found.result_code, found.delivered) == ("1000", True)
    # And a resend with the same key would be refused, not sent twice.
    with pytest.raises(Duplicate):
        gateway.send([offer("lm-late")], idempotency_key="k-7")


def test_nothing_is_found_for_a_message_that_never_went(fake_kakaotalk):
    gateway = NhnAlimtalkGateway()
    gateway.send([offer("lm-other")], idempotency_key="k-8")
    assert gateway.find("lm-never", since=timezone.now() - datetime.timedelta(hours=1)) is None


def test_a_connection_refused_is_transient(fake_kakaotalk):
    with pytest.raises(Transient) as raised:
        NhnAlimtalkGateway(base_url="http://127.0.0.1:9").send([offer()], idempotency_key="k")
    assert raised.value.code == "connection"


def test_polling_returns_every_delivery_result_across_pages(fake_kakaotalk, monkeypatch):
    monkeypatch.setattr("messaging.gateways.nhn.PAGE_SIZE", 2)
    start = timezone.now() - datetime.timedelta(minutes=1)
    numbers = ["01028461357", "01000003019", "01000003020", "01077124490", "01000003005"]
    NhnAlimtalkGateway().send(
        [offer(f"lm-{i}", n) for i, n in enumerate(numbers)], idempotency_key="k-9"
    )

    found = NhnAlimtalkGateway().results(start, timezone.now())

    by_seq = {s.recipient_seq: s for s in found}
    assert {seq: (s.result_code, s.delivered) for seq, s in by_seq.items()} == {
        1: ("1000", True),
        2: ("3019", False),  # not a KakaoTalk user
        3: ("3020", False),  # blocked 알림톡
        4: ("1000", True),
        5: ("3005", None),  # sent, not yet confirmed: not final
    }
    # Five results, two a page: three pages of 알림톡 (and one empty page of brand messages).
    polls = Received.objects.filter(path__endswith="/message-results")
    assert polls.filter(path__contains="/alimtalk/").count() == 3


def test_polling_a_provider_in_trouble_is_transient(fake_kakaotalk):
    fake_kakaotalk.control.set_plan(errors_500=1, scope="all")
    with pytest.raises(Transient):
        NhnAlimtalkGateway().results(timezone.now(), timezone.now())


def brand(key, content, number="01028461357") -> Outgoing:
    return Outgoing(key, number, "LMAD01", {}, channel="brand", content=content)


def test_advertising_goes_as_a_brand_message_never_as_alimtalk(fake_kakaotalk):
    fake_kakaotalk.control.set_plan(clock=datetime.datetime(2026, 12, 2, 14, 0, tzinfo=KST))
    text = "(광고) 라이프멘토 12월 취업 특강 안내\n무료 수신거부 080-000-0000"

    result = NhnAlimtalkGateway().send(
        [brand("lm-ad", text), brand("lm-ad-2", text, "01077124490")], idempotency_key="k-10"
    )

    assert [a.grouping_key for a in result.accepted] == ["lm-ad", "lm-ad-2"]
    call = Received.objects.get(method="POST")
    assert call.path.endswith("/brand-message/v1.0/appkeys/fake-appkey/freestyle-messages")
    body = json.loads(call.body)
    assert "templateCode" not in body
    assert (body["chatBubbleType"], body["content"]) == ("TEXT", text)
    found = NhnAlimtalkGateway().find("lm-ad", since=timezone.now() - datetime.timedelta(hours=1))
    assert (found.result_code, found.delivered) == ("1000", True)


def test_advertising_without_its_label_is_refused(fake_kakaotalk):
    # 정보통신망법 제50조④: "(광고)" at the start.
    with pytest.raises(Permanent) as raised:
        NhnAlimtalkGateway().send([brand("lm-ad", "12월 취업 특강 안내")], idempotency_key="k")
    assert raised.value.code == "4"
    assert not FakeMessage.objects.exists()


def test_one_brand_request_never_mixes_contents(fake_kakaotalk):
    with pytest.raises(ValueError, match="one content"):
        NhnAlimtalkGateway().send(
            [brand("a", "(광고) 하나"), brand("b", "(광고) 둘")], idempotency_key="k"
        )


def test_advertising_at_night_is_accepted_but_not_delivered(fake_kakaotalk):
    # 22:00 KST: outside 08:00–20:50, the provider answers 3022.
    fake_kakaotalk.control.set_plan(clock=datetime.datetime(2026, 12, 2, 22, 0, tzinfo=KST))
    NhnAlimtalkGateway().send([brand("lm-night", "(광고) 특강 안내")], idempotency_key="k-11")

    found = NhnAlimtalkGateway().find(
        "lm-night", since=timezone.now() - datetime.timedelta(hours=1)
    )
    assert (found.result_code, found.delivered) == ("3022", False)


def test_non_json_is_refused_by_the_provider(fake_kakaotalk, settings):
    response = requests.post(
        f"{fake_kakaotalk.url}/alimtalk/v2.3/appkeys/{settings.KAKAOTALK_APPKEY}/messages",
        data="senderKey=x",
        headers={"X-Secret-Key": settings.KAKAOTALK_SECRET_KEY, "Content-Type": "text/plain"},
        timeout=5,
    )
    assert response.json()["header"]["resultCode"] == -9996
