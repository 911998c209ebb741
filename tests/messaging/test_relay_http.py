"""The relay with the NHN gateway against the fake provider over real HTTP (in this process):
what the provider answers becomes the row's state, the provider's code kept for staff."""

import pytest
from django.utils import timezone

from messaging.fake.models import FakeMessage
from messaging.models import Message, State
from messaging.relay import backoff, relay_once
from tests.messaging.test_relay import offer, subscriber

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_goes_to_the_provider_once_and_its_webhook_marks_it_delivered(
    fake_kakaotalk,
):
    message = offer(subscriber())

    assert relay_once().accepted == 1
    assert relay_once().claimed == 0

    [sent] = FakeMessage.objects.filter(recipient_grouping_key=message.grouping_key)
    assert sent.recipient_no == "01028461357"
    assert "라이프컴퍼니1에서 입사 제안을 보냈어요." in sent.content
    row = Message.objects.get(pk=message.pk)
    assert (row.state, row.request_id, row.recipient_seq) == (
        State.ACCEPTED,
        sent.request_id,
        sent.recipient_seq,
    )
    fake_kakaotalk.control.deliver()
    assert Message.objects.get(pk=message.pk).state == State.DELIVERED


def test_a_provider_error_is_retried_and_the_message_goes_once(fake_kakaotalk):
    message = offer(subscriber())
    fake_kakaotalk.control.set_plan(errors_500=1)
    now = timezone.now()

    assert relay_once(now=now).retried == 1
    assert Message.objects.get(pk=message.pk).result_code == "500"
    assert relay_once(now=now + backoff(1)).accepted == 1

    assert FakeMessage.objects.filter(recipient_grouping_key=message.grouping_key).count() == 1


def test_a_template_the_provider_no_longer_approves_fails_visibly_and_is_not_retried(
    fake_kakaotalk,
):
    message = offer(subscriber())
    fake_kakaotalk.control.unapprove("LMOFFER01")

    assert relay_once().failed == 1

    row = Message.objects.get(pk=message.pk)
    assert (row.state, row.result_code) == (State.FAILED, "-3005")
    assert row.result_message
    assert relay_once(now=timezone.now() + backoff(10)).claimed == 0
    assert not FakeMessage.objects.exists()
