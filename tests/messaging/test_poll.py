"""Polling of delivery results, the webhook's backup: a result whose webhook was lost is
applied by the next poll, once, and each poll asks from where the last one stopped."""

import datetime

import pytest
from django.utils import timezone

from messaging.gateways.base import Status
from messaging.models import Message, PollCursor, State
from messaging.relay import relay_once
from messaging.tasks import poll
from tests.messaging.doubles import GatewayDouble
from tests.messaging.test_relay import offer, subscriber

pytestmark = pytest.mark.django_db


def test_a_lost_webhook_is_recovered_by_the_next_poll_and_applied_once(settings):
    member = subscriber()
    delivered, refused = offer(member, 1), offer(member, 2)
    gateway = GatewayDouble()
    relay_once(gateway=gateway)
    now = timezone.now()
    # The provider has both results; no webhook ever arrived.
    gateway.statuses = [
        Status(delivered.grouping_key, "req-1", 1, result_code="1000", updated_at=now),
        Status(refused.grouping_key, "req-1", 2, result_code="3019", updated_at=now),
    ]

    assert poll(gateway=gateway, now=now) == 2

    assert Message.objects.get(pk=delivered.pk).state == State.DELIVERED
    assert Message.objects.get(pk=delivered.pk).delivered_at == now
    assert (
        Message.objects.get(pk=refused.pk).state,
        Message.objects.get(pk=refused.pk).result_code,
    ) == (
        State.UNDELIVERED,
        "3019",
    )
    # The same results in the next window (a late webhook, an overlapping poll): no change.
    assert poll(gateway=gateway, now=now + datetime.timedelta(minutes=5)) == 0


def test_each_poll_starts_a_little_before_the_last_one_ended_in_bounded_windows(settings):
    settings.MESSAGING_POLL_WINDOW_SECONDS = 3600
    settings.MESSAGING_POLL_OVERLAP_SECONDS = 300
    settings.MESSAGING_POLL_START_SECONDS = 3 * 3600
    gateway = GatewayDouble()
    now = timezone.now()

    poll(gateway=gateway, now=now)
    hours = [(now - start, now - end) for start, end in gateway.windows]
    h = datetime.timedelta(hours=1)
    assert hours == [(3 * h, 2 * h), (2 * h, h), (h, datetime.timedelta(0))]
    assert PollCursor.objects.get(gateway="double").polled_until == now

    gateway.windows.clear()
    later = now + datetime.timedelta(minutes=5)
    poll(gateway=gateway, now=later)
    assert gateway.windows == [(now - datetime.timedelta(minutes=5), later)]
    # A poller that lags behind never moves the cursor back.
    poll(gateway=gateway, now=now)
    assert PollCursor.objects.get(gateway="double").polled_until == later
