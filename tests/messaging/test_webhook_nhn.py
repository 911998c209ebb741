"""NHN's MESSAGE_RESULT_UPDATE webhook reaches our receiver signed; a result is recorded once,
however many times it arrives, and a forged one changes nothing. When hooks are lost, polling
records the same results."""

import json
import time

import pytest
import requests
from django.utils import timezone

from messaging.catalogue import template
from messaging.delivery import status_apply
from messaging.fake import hooks
from messaging.fake.models import FakeMessage
from messaging.gateways.base import Outgoing
from messaging.gateways.nhn import NhnAlimtalkGateway
from messaging.models import Message, State
from messaging.services import message_enqueue

pytestmark = pytest.mark.django_db(transaction=True)


def sent_message(member, key="offer-1", number="01028461357") -> Message:
    """A queued message, sent through the gateway and marked accepted as the relay does."""
    params = {"회사": "한빛소프트", "링크": "/recruiting/offers/1/"}
    message = message_enqueue(
        member, "recruiting.offer", template=template("LMOFFER01"), params=params, key=key
    )
    result = NhnAlimtalkGateway().send(
        [Outgoing(message.grouping_key, number, "LMOFFER01", params)],
        idempotency_key=f"idem-{key}",
    )
    (accepted,) = result.accepted
    # Conditional, as the relay's must be: a webhook may come before the send's answer.
    Message.objects.filter(pk=message.pk, state=State.QUEUED).update(
        state=State.ACCEPTED,
        request_id=accepted.request_id,
        recipient_seq=accepted.recipient_seq,
        sent_at=timezone.now(),
    )
    return message


def webhook_url(fake_kakaotalk) -> str:
    return fake_kakaotalk.site + "/messaging/webhooks/nhn/"


def test_a_signed_result_marks_the_message_delivered(fake_kakaotalk, member):
    message = sent_message(member)

    # What a newcomer or another process does: ask the provider over HTTP to send its hooks.
    delivered = requests.post(fake_kakaotalk.site + "/fake-kakaotalk/_control/deliver", timeout=5)
    assert delivered.json() == {"delivered": 1}

    message.refresh_from_db()
    assert message.state == State.DELIVERED
    assert message.result_code == "1000"
    assert message.delivered_at is not None


def test_a_member_who_does_not_use_kakaotalk_is_recorded_as_undelivered(fake_kakaotalk, member):
    message = sent_message(member, number="01000003019")

    fake_kakaotalk.control.deliver()

    message.refresh_from_db()
    assert (message.state, message.result_code) == (State.UNDELIVERED, "3019")
    assert message.delivered_at is None


def test_a_duplicated_webhook_is_applied_once(fake_kakaotalk, member):
    fake_kakaotalk.control.set_plan(webhook_duplicate=True)
    message = sent_message(member)

    fake_kakaotalk.control.deliver()

    assert FakeMessage.objects.get().webhook_sent == 2
    message.refresh_from_db()
    assert message.state == State.DELIVERED
    first = (message.delivered_at, message.updated_at)
    # The same signed body once more, as NHN's retry would send it: nothing changes.
    fake = FakeMessage.objects.get()
    raw = json.dumps(hooks.body_for([fake]), ensure_ascii=False).encode()
    response = requests.post(
        webhook_url(fake_kakaotalk),
        data=raw,
        headers={"X-Toast-Webhook-Signature": hooks.sign(raw)},
        timeout=5,
    )
    assert response.status_code == 200 and response.json() == {"applied": 0}
    message.refresh_from_db()
    assert (message.delivered_at, message.updated_at) == first


@pytest.mark.parametrize(
    "signature", ["", "0" * 64, hooks.sign(b"another body")], ids=["none", "zeros", "other-body"]
)
def test_a_webhook_with_a_bad_signature_is_refused_and_changes_nothing(
    fake_kakaotalk, member, signature
):
    message = sent_message(member)
    raw = json.dumps(hooks.body_for(list(FakeMessage.objects.all()))).encode()

    response = requests.post(
        webhook_url(fake_kakaotalk),
        data=raw,
        headers={"X-Toast-Webhook-Signature": signature} if signature else {},
        timeout=5,
    )

    assert response.status_code == 403
    message.refresh_from_db()
    assert message.state == State.ACCEPTED


def test_a_webhook_signed_with_another_secret_is_refused(fake_kakaotalk, member):
    message = sent_message(member)
    raw = json.dumps(hooks.body_for(list(FakeMessage.objects.all()))).encode()

    response = requests.post(
        webhook_url(fake_kakaotalk),
        data=raw,
        headers={"X-Toast-Webhook-Signature": hooks.sign(raw, secret="not-ours")},
        timeout=5,
    )

    assert response.status_code == 403
    message.refresh_from_db()
    assert message.state == State.ACCEPTED


def test_the_receiver_takes_only_posts_of_a_bounded_size(fake_kakaotalk):
    url = webhook_url(fake_kakaotalk)
    assert requests.get(url, timeout=5).status_code == 405
    huge = b"{" + b" " * (1024 * 1024 + 10) + b"}"
    response = requests.post(
        url, data=huge, headers={"X-Toast-Webhook-Signature": hooks.sign(huge)}, timeout=5
    )
    assert response.status_code == 413


def test_lost_webhooks_are_recovered_by_polling(fake_kakaotalk, member):
    fake_kakaotalk.control.set_plan(webhook_mode="drop")
    start = timezone.now()
    message = sent_message(member)

    assert fake_kakaotalk.control.deliver() == 0
    message.refresh_from_db()
    assert message.state == State.ACCEPTED

    for status in NhnAlimtalkGateway().results(start, timezone.now()):
        status_apply(status)
    message.refresh_from_db()
    assert (message.state, message.result_code) == (State.DELIVERED, "1000")


def test_in_the_embedded_default_the_result_arrives_by_itself(fake_kakaotalk, member):
    """`make run`: hooks go right after the answer, from the provider's own thread."""
    fake_kakaotalk.control.set_plan(webhook_mode="immediate")
    message = sent_message(member)

    for _ in range(200):  # waits for the provider's thread; asserts no duration
        message.refresh_from_db()
        if message.state != State.ACCEPTED:
            break
        time.sleep(0.05)
    assert message.state == State.DELIVERED


def test_results_for_another_app_change_nothing(fake_kakaotalk, member):
    message = sent_message(member)
    body = hooks.body_for(list(FakeMessage.objects.all()))
    body["appKey"] = "someone-elses-app"
    raw = json.dumps(body).encode()

    response = requests.post(
        webhook_url(fake_kakaotalk),
        data=raw,
        headers={"X-Toast-Webhook-Signature": hooks.sign(raw)},
        timeout=5,
    )

    assert response.json() == {"applied": 0}
    message.refresh_from_db()
    assert message.state == State.ACCEPTED
