"""No message stays "sent" forever: past NHN's three-day window for an unconfirmed result
(3005), the provider is asked once more, and a message it still cannot answer for is shown as
not delivered, with the reason. A poll that resumes after a long gap says what it skips."""

import datetime
import logging

import pytest
from django.utils import timezone

from messaging.gateways.base import Status
from messaging.models import Message, PollCursor, State
from messaging.relay import relay_once
from messaging.tasks import poll
from tests.messaging.doubles import GatewayDouble
from tests.messaging.test_relay import offer, subscriber

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def row(message):
    return Message.objects.get(pk=message.pk)


def test_a_result_missing_for_three_days_is_asked_once_more_then_shown_as_unknown(settings):
    member = subscriber()
    silent, answered, recent = offer(member, 1), offer(member, 2), offer(member, 3)
    gateway = GatewayDouble()
    now = timezone.now()
    sent = now - 3 * DAY - datetime.timedelta(hours=2)
    Message.objects.filter(pk__in=[silent.pk, answered.pk]).update(not_before=sent)
    relay_once(gateway=gateway, now=sent)
    relay_once(gateway=gateway, now=now)
    assert {row(m).state for m in (silent, answered, recent)} == {State.ACCEPTED}
    # The provider has a final result for one of the old two (its webhook and poll were lost),
    # still nothing final for the other.
    gateway.found[silent.grouping_key] = Status(silent.grouping_key, "req-1", 1, result_code="3005")
    gateway.found[answered.grouping_key] = Status(
        answered.grouping_key, "req-1", 2, result_code="1000", updated_at=sent
    )
    gateway.finds.clear()

    assert poll(gateway=gateway, now=now) == 2

    assert sorted(gateway.finds) == sorted([silent.grouping_key, answered.grouping_key])
    assert row(answered).state == State.DELIVERED
    unknown = row(silent)
    assert (unknown.state, unknown.result_code) == (State.UNDELIVERED, "unknown")
    assert unknown.result_message == "전달 결과를 3일 동안 받지 못했어요"
    assert row(recent).state == State.ACCEPTED
    # Settled once: the next poll asks nothing more.
    gateway.finds.clear()
    assert poll(gateway=gateway, now=now + datetime.timedelta(minutes=5)) == 0
    assert gateway.finds == []


def test_a_poll_after_a_long_gap_warns_of_the_window_it_skips(settings, caplog):
    settings.MESSAGING_POLL_START_SECONDS = 24 * 3600
    gateway = GatewayDouble()
    now = timezone.now()
    PollCursor.objects.create(gateway="double", polled_until=now - 2 * DAY)

    with caplog.at_level(logging.WARNING, logger="messaging.tasks"):
        poll(gateway=gateway, now=now)

    assert gateway.windows[0][0] == now - DAY
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "not polled" in warning.getMessage()
    assert (now - DAY).isoformat() in warning.getMessage()
