"""The relay when something else than the provider goes wrong: every row still ends somewhere a
person can see (never an endless loop), a retried message keeps its own idempotency key, a
webhook faster than the relay keeps the request it answers, and a pass after an outage asks the
provider about a bounded number of messages."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from messaging import relay as relay_module
from messaging.advertising.campaigns import campaign_send
from messaging.delivery import status_apply
from messaging.gateways.base import Rejected, SendResult, Status, Transient
from messaging.models import Message, State
from messaging.relay import backoff, idempotency_key, relay_once
from tests.conftest import make_member
from tests.messaging.doubles import GatewayDouble
from tests.messaging.test_relay import offer, row, subscriber

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.fixture(autouse=True)
def _clock_before_the_tests_moments():
    """The moments these tests name (3 December 2026 and after) must lie after the consents
    the test gives "now": the clock starts on the morning of 1 December 2026, whatever the
    real date, and runs on from there."""
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 0, tzinfo=ZoneInfo("Asia/Seoul"))):
        yield


def advertised(name, phone):
    member = make_member(name=name, phone=phone)
    from privacy.consents.services import consent_change

    consent_change(member=member, purpose="kakaotalk_messages", granted=True)
    consent_change(member=member, purpose="marketing", granted=True)
    return member


def test_two_campaigns_to_two_members_go_in_one_request_per_content(settings):
    settings.ADVERTISING_SENDER_CONTACT = "02-1234-5678"
    settings.ADVERTISING_OPT_OUT_080 = "080-123-4567"
    advertised("김지원", "010-2846-1357")
    advertised("이서연", "010-3957-2468")
    for campaign, title in (("winter", "겨울 할인"), ("spring", "봄 특강")):
        campaign_send(
            campaign=campaign,
            template_code="ADEVENT01",
            params={"제목": title, "내용": "한 달 동안이에요.", "링크": "/"},
        )
    gateway = GatewayDouble()

    outcome = relay_once(gateway=gateway, now=NOON)

    ads = Message.objects.filter(template_code="ADEVENT01")
    assert ads.count() == 4 and outcome.failed == 0
    ad_keys = set(ads.values_list("grouping_key", flat=True))
    requests = [keys for _, keys in gateway.requests if set(keys) <= ad_keys]
    assert sorted(len(keys) for keys in requests) == [2, 2]
    assert set(Message.objects.values_list("state", flat=True)) == {State.ACCEPTED}


def test_a_request_the_gateway_refuses_to_build_fails_at_once_and_is_shown(monkeypatch):
    message = offer(subscriber())
    gateway = GatewayDouble(plan=[ValueError("at most 1000 recipients per request")])

    assert relay_once(gateway=gateway).failed == 1

    failed = row(message)
    assert (failed.state, failed.result_code) == (State.FAILED, "error")
    assert failed.result_message == "ValueError: at most 1000 recipients per request"
    assert relay_once(gateway=gateway, now=failed.updated_at + backoff(8)).claimed == 0


def test_a_message_that_cannot_be_built_fails_alone(monkeypatch):
    broken, fine = offer(subscriber(), 1), offer(subscriber(), 2)
    real = relay_module.Relay.outgoing

    def outgoing(self, message):
        if message.pk == broken.pk:
            raise ValueError("params cannot be decrypted")
        return real(self, message)

    monkeypatch.setattr(relay_module.Relay, "outgoing", outgoing)
    gateway = GatewayDouble()

    outcome = relay_once(gateway=gateway)

    assert (outcome.failed, outcome.accepted) == (1, 1)
    assert (row(broken).state, row(broken).result_code) == (State.FAILED, "error")
    assert row(fine).state == State.ACCEPTED


def test_a_pass_that_always_breaks_stops_at_the_attempts_limit(settings, monkeypatch):
    settings.MESSAGING_RELAY_MAX_ATTEMPTS = 2
    message = offer(subscriber())

    def broken(rows):
        raise RuntimeError("database went away")

    monkeypatch.setattr(relay_module.eligibility.Facts, "for_messages", staticmethod(broken))
    now = datetime.datetime.now(datetime.UTC)
    with pytest.raises(RuntimeError):
        relay_once(gateway=GatewayDouble(), now=now)
    assert row(message).state == State.QUEUED
    with pytest.raises(RuntimeError):
        relay_once(gateway=GatewayDouble(), now=now + backoff(1))

    failed = row(message)
    assert (failed.state, failed.attempts, failed.result_code) == (State.FAILED, 2, "error")
    assert relay_once(gateway=GatewayDouble(), now=now + datetime.timedelta(days=1)).claimed == 0


def test_a_webhook_faster_than_the_relay_keeps_the_request_it_answers():
    message = offer(subscriber())
    gateway = GatewayDouble()
    real_send = gateway.send

    def send_with_immediate_webhook(batch, *, idempotency_key):
        result = real_send(batch, idempotency_key=idempotency_key)
        for a in result.accepted:
            status_apply(Status(a.grouping_key, a.request_id, a.recipient_seq, result_code="1000"))
        return result

    gateway.send = send_with_immediate_webhook
    now = datetime.datetime.now(datetime.UTC)

    outcome = relay_once(gateway=gateway, now=now)

    assert (outcome.accepted, outcome.lost) == (1, 0)
    done = row(message)
    assert (done.state, done.gateway, done.request_id, done.recipient_seq, done.sent_at) == (
        State.DELIVERED,
        "double",
        "req-1",
        1,
        now,
    )


def test_a_retried_message_keeps_its_own_idempotency_key_whoever_is_queued_with_it():
    member = subscriber()
    first, second = offer(member, 1), offer(member, 2)
    keys = []

    class Failing(GatewayDouble):
        def send(self, batch, *, idempotency_key):
            keys.append(([o.grouping_key for o in batch], idempotency_key))
            if len(keys) == 1:
                raise Transient("timeout", "read timed out")
            # Each recipient refused for now: every row is retried, none makes the pass stop.
            return SendResult(
                rejected=[Rejected(o.grouping_key, "-9999", "busy", permanent=False) for o in batch]
            )

    gateway = Failing()
    now = datetime.datetime.now(datetime.UTC)
    relay_once(gateway=gateway, now=now)
    # A message queued meanwhile is due with the retries.
    offer(member, 3)
    for n in (1, 2):
        now = max(row(first).not_before, row(second).not_before, now)
        relay_once(gateway=gateway, now=now + datetime.timedelta(seconds=n))

    own = idempotency_key([row(first)])
    with_first = [(grouping, key) for grouping, key in keys[1:] if first.grouping_key in grouping]
    assert with_first == [([first.grouping_key], own)] * 2


def test_a_pass_after_an_outage_looks_up_a_bounded_number_of_retried_messages(settings):
    settings.MESSAGING_RELAY_LOOKUPS_PER_PASS = 2
    member = subscriber()
    retried = [offer(member, n) for n in range(5)]
    gateway = GatewayDouble(plan=[Transient("-9999", "temporary error")])
    now = datetime.datetime.now(datetime.UTC)
    assert relay_once(gateway=gateway, now=now).retried == 5
    fresh = offer(member, 9)
    later = now + datetime.timedelta(hours=1)

    outcome = relay_once(gateway=gateway, now=later)

    assert (outcome.claimed, len(gateway.finds)) == (3, 2)
    assert row(fresh).state == State.ACCEPTED
    states = [row(m).state for m in retried]
    assert states.count(State.ACCEPTED) == 2 and states.count(State.QUEUED) == 3
    # The next passes take the rest.
    relay_once(gateway=gateway, now=later)
    relay_once(gateway=gateway, now=later)
    assert {row(m).state for m in retried} == {State.ACCEPTED}
