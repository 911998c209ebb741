"""The relay against a Gateway double: each queued message is sent once, retried with a
capped backoff when the provider fails for now, stopped and shown when it fails for good, and
looked up before any resend when a previous attempt may have gone out."""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from messaging import relay as relay_module
from messaging.catalogue import template
from messaging.eligibility import defer
from messaging.gateways.base import Permanent, Rejected, Status, Transient
from messaging.models import Message, SkipReason, State
from messaging.relay import backoff, claim, relay_once
from messaging.services import message_enqueue
from privacy.consents.purposes import Purpose
from privacy.consents.services import consent_change
from tests.conftest import make_member
from tests.messaging.doubles import GatewayDouble

pytestmark = pytest.mark.django_db


def subscriber(**fields):
    """A member who agreed to KakaoTalk messages (an optional consent)."""
    member = make_member(**fields)
    consent_change(member=member, purpose=Purpose.KAKAOTALK, granted=True)
    return member


def offer(member, n=1):
    return message_enqueue(
        member,
        "recruiting.offer",
        template=template("LMOFFER01"),
        params={"회사": f"라이프컴퍼니{n}", "링크": f"/recruiting/offers/{n}/"},
        key=f"recruiting.offer:{n}",
    )


def row(message):
    return Message.objects.get(pk=message.pk)


def test_a_queued_message_is_sent_once_with_the_members_number_and_recorded():
    member = subscriber(phone="010-2846-1357")
    message = offer(member)
    gateway = GatewayDouble()
    now = timezone.now()

    outcome = relay_once(gateway=gateway, now=now)

    assert outcome.accepted == 1
    [sent] = gateway.sent
    assert sent.recipient_no == "01028461357"
    assert sent.grouping_key == message.grouping_key
    assert sent.template_code == "LMOFFER01"
    assert "라이프컴퍼니1에서 입사 제안을 보냈어요." in sent.content
    assert sent.buttons == (
        {
            "type": "WL",
            "name": "제안 확인하기",
            "url": settings.SITE_URL.rstrip("/") + "/recruiting/offers/1/",
        },
    )
    done = row(message)
    assert (done.state, done.gateway, done.request_id, done.recipient_seq) == (
        State.ACCEPTED,
        "double",
        "req-1",
        1,
    )
    assert done.sent_at == now and done.attempts == 1
    # Nothing is due any more: a second relay (a redelivered task) sends nothing.
    assert relay_once(gateway=gateway).claimed == 0
    assert len(gateway.sent) == 1


def test_a_message_waits_for_its_moment():
    message = offer(subscriber())
    Message.objects.filter(pk=message.pk).update(
        not_before=timezone.now() + datetime.timedelta(minutes=5)
    )
    gateway = GatewayDouble()
    assert relay_once(gateway=gateway).claimed == 0
    assert relay_once(gateway=gateway, now=timezone.now() + datetime.timedelta(minutes=6)).accepted
    assert len(gateway.sent) == 1


def test_messages_of_one_template_go_in_batches_with_a_key_derived_from_their_rows(settings):
    settings.MESSAGING_RELAY_SEND_BATCH = 2
    member = subscriber()
    messages = [offer(member, n) for n in range(5)]
    gateway = GatewayDouble()

    assert relay_once(gateway=gateway).accepted == 5

    assert [len(keys) for _, keys in gateway.requests] == [2, 2, 1]
    assert len({key for key, _ in gateway.requests}) == 3
    assert {m.grouping_key for m in messages} == {o.grouping_key for o in gateway.sent}
    assert sorted(Message.objects.values_list("recipient_seq", flat=True)) == [1, 1, 1, 2, 2]


def test_a_message_the_member_may_not_receive_is_skipped_with_the_reason(consultant):
    no_consent = offer(make_member(name="동의안함"), 1)  # the optional consent was refused
    no_phone = offer(subscriber(phone=""), 2)
    withdrawn = subscriber()
    gone = offer(withdrawn, 3)
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    staff_side = message_enqueue(
        consultant,
        "recruiting.offer",
        template=template("LMOFFER01"),
        params={"회사": "라이프", "링크": "/"},
        key="consultant:1",
    )
    gateway = GatewayDouble()

    assert relay_once(gateway=gateway).skipped == 4

    assert gateway.sent == []
    assert {
        (row(m).state, row(m).skip_reason) for m in (no_consent, no_phone, gone, staff_side)
    } == {
        (State.SKIPPED, SkipReason.NO_CONSENT),
        (State.SKIPPED, SkipReason.NO_PHONE),
        (State.SKIPPED, SkipReason.WITHDRAWN),
        (State.SKIPPED, SkipReason.NOT_A_MEMBER),
    }


def test_a_deferred_message_goes_back_to_the_queue_without_using_an_attempt(monkeypatch):
    # The advertising night rule (제50조③) is not built yet: its decision is stood in for here.
    message = offer(subscriber())
    morning = timezone.now() + datetime.timedelta(hours=8)
    monkeypatch.setattr(
        relay_module.eligibility, "decide", lambda m, now, facts=None: defer(morning)
    )
    gateway = GatewayDouble()

    assert relay_once(gateway=gateway).deferred == 1

    waiting = row(message)
    assert (waiting.state, waiting.not_before, waiting.attempts) == (State.QUEUED, morning, 0)
    assert gateway.sent == []


def test_transient_failures_back_off_doubling_capped_below_the_visibility_timeout_then_fail(
    settings,
):
    settings.MESSAGING_RELAY_MAX_ATTEMPTS = 8
    message = offer(subscriber())
    gateway = GatewayDouble(plan=[Transient("-9999", "temporary error")] * 8)
    now = timezone.now()
    waits = []
    for _ in range(7):
        assert relay_once(gateway=gateway, now=now).retried == 1
        waiting = row(message)
        assert waiting.state == State.QUEUED and waiting.result_code == "-9999"
        waits.append((waiting.not_before - now).total_seconds())
        now = waiting.not_before
    assert waits == [30, 60, 120, 240, 480, 600, 600]
    assert max(waits) < settings.CELERY_BROKER_VISIBILITY_TIMEOUT
    assert backoff(50).total_seconds() < settings.CELERY_BROKER_VISIBILITY_TIMEOUT

    assert relay_once(gateway=gateway, now=now).failed == 1
    failed = row(message)
    assert (failed.state, failed.attempts, failed.result_code) == (State.FAILED, 8, "-9999")
    assert "재시도 8회" in failed.result_message
    # Each retry asked the provider first whether the previous attempt had gone out after all.
    assert gateway.finds == [message.grouping_key] * 7
    assert relay_once(gateway=gateway, now=now + datetime.timedelta(days=1)).claimed == 0


def test_a_timed_out_request_that_reached_the_provider_is_found_not_sent_again():
    message = offer(subscriber())
    gateway = GatewayDouble()
    real_send = gateway.send

    def accepted_then_timed_out(batch, *, idempotency_key):
        real_send(batch, idempotency_key=idempotency_key)
        raise Transient("timeout", "read timed out")

    gateway.send = accepted_then_timed_out
    now = timezone.now()
    assert relay_once(gateway=gateway, now=now).retried == 1
    gateway.send = real_send

    assert relay_once(gateway=gateway, now=now + backoff(1)).found == 1
    assert len(gateway.sent) == 1
    assert (row(message).state, row(message).request_id) == (State.ACCEPTED, "req-1")


def test_a_permanent_failure_stops_and_shows_the_providers_reason():
    message = offer(subscriber())
    gateway = GatewayDouble(plan=[Permanent("-3010", "템플릿 내용 불일치")])

    assert relay_once(gateway=gateway).failed == 1

    failed = row(message)
    assert (failed.state, failed.result_code, failed.result_message) == (
        State.FAILED,
        "-3010",
        "템플릿 내용 불일치",
    )
    assert relay_once(gateway=gateway, now=timezone.now() + datetime.timedelta(days=1)).claimed == 0


def test_a_refused_recipient_fails_alone_and_the_rest_of_the_request_is_sent():
    member = subscriber()
    refused, fine = offer(member, 1), offer(member, 2)
    gateway = GatewayDouble(
        reject={refused.grouping_key: Rejected(refused.grouping_key, "-2002", "수신번호 오류")}
    )

    outcome = relay_once(gateway=gateway)

    assert (outcome.accepted, outcome.failed) == (1, 1)
    assert (row(refused).state, row(refused).result_code) == (State.FAILED, "-2002")
    assert row(fine).state == State.ACCEPTED


def test_a_stale_claim_is_looked_up_first_and_recorded_without_sending_again(settings):
    member = subscriber()
    went, did_not = offer(member, 1), offer(member, 2)
    fresh = offer(member, 3)
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.MESSAGING_RELAY_STALE_SECONDS + 1)
    # A worker claimed these and was killed: `went` had reached the provider, `did_not` not.
    Message.objects.filter(pk__in=[went.pk, did_not.pk]).update(
        state=State.SENDING, claimed_at=stale, attempts=1
    )
    # A live relay's claim, a moment old: not ours to take.
    Message.objects.filter(pk=fresh.pk).update(
        state=State.SENDING, claimed_at=now - datetime.timedelta(seconds=5), attempts=1
    )
    gateway = GatewayDouble(
        found={went.grouping_key: Status(went.grouping_key, "req-earlier", 7, result_code="1000")}
    )

    outcome = relay_once(gateway=gateway, now=now)

    assert (outcome.claimed, outcome.found, outcome.accepted) == (2, 1, 1)
    assert sorted(gateway.finds) == sorted([went.grouping_key, did_not.grouping_key])
    assert [o.grouping_key for o in gateway.sent] == [did_not.grouping_key]
    # Found with its final result: recorded as delivered.
    recorded = row(went)
    assert (recorded.state, recorded.request_id, recorded.recipient_seq) == (
        State.DELIVERED,
        "req-earlier",
        7,
    )
    assert row(did_not).state == State.ACCEPTED
    assert (row(fresh).state, row(fresh).attempts) == (State.SENDING, 1)


def test_a_duplicate_request_is_looked_up_and_recorded():
    message = offer(subscriber())
    gateway = GatewayDouble()
    [o] = [relay_module.Relay(gateway, None, timezone.now()).outgoing(row(message))]
    # Sent already with this very key (a crash between the call and our record of it).
    gateway.send([o], idempotency_key=relay_module.idempotency_key([row(message)]))

    outcome = relay_once(gateway=gateway)

    assert outcome.found == 1
    assert len(gateway.sent) == 1
    assert row(message).state == State.ACCEPTED


def test_a_relay_whose_claim_was_taken_over_meanwhile_records_nothing():
    message = offer(subscriber())
    gateway = GatewayDouble()
    # While the call is in flight, another relay takes the row over (this one looked dead).
    gateway.during_send = lambda: Message.objects.filter(pk=message.pk).update(
        claim_token="00000000-0000-0000-0000-000000000001"
    )

    outcome = relay_once(gateway=gateway)

    assert (outcome.accepted, outcome.lost) == (0, 1)
    assert row(message).request_id == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_relays_never_claim_the_same_row():
    member = subscriber()
    for n in range(60):
        offer(member, n)
    now = timezone.now()

    # A relay holding rows in its claim transaction: another passes them over, not waiting.
    held, release = threading.Event(), threading.Event()

    def hold_five():
        with transaction.atomic():
            locked = Message.objects.select_for_update().order_by("not_before", "id")[:5]
            held.ids = [m.pk for m in locked]
            held.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold_five)
    holder.start()
    held.wait(10)
    _, rows, _ = claim(now=now, limit=10)
    release.set()
    holder.join()
    assert len(rows) == 10 and not {r.pk for r in rows} & set(held.ids)

    # Four relays claiming at once, in small bites, until nothing is left.
    claimed: list[list[int]] = [[] for _ in range(4)]
    start = threading.Barrier(4)

    def relay(i):
        start.wait()
        while True:
            _, rows, _ = claim(now=now, limit=3)
            if not rows:
                break
            claimed[i].extend(r.pk for r in rows)
        connection.close()

    threads = [threading.Thread(target=relay, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [pk for pks in claimed for pk in pks]
    assert len(every) == len(set(every)) == 50
    assert Message.objects.filter(state=State.SENDING, attempts=1).count() == 60


def test_a_provider_failing_for_now_is_called_once_a_pass_not_once_a_row(settings):
    settings.MESSAGING_RELAY_SEND_BATCH = 2
    member = subscriber()
    messages = [offer(member, n) for n in range(6)]
    gateway = GatewayDouble(plan=[Transient("timeout", "read timed out")])
    now = timezone.now()

    assert relay_once(gateway=gateway, now=now).retried == 6
    assert gateway.plan == [] and gateway.requests == []  # one call, then none

    # The next pass looks each one up (the timed-out request may have gone), then sends.
    assert relay_once(gateway=gateway, now=now + backoff(1)).accepted == 6
    assert sorted(gateway.finds) == sorted(m.grouping_key for m in messages)
    assert len(gateway.sent) == 6


def _pass_queries(n: int) -> int:
    for i in range(n):
        offer(subscriber(phone=f"010-5{i:03d}-{i:04d}"), n=1000 + i)
    gateway = GatewayDouble()
    with CaptureQueriesContext(connection) as queries:
        assert relay_once(gateway=gateway).accepted == n
    Message.objects.all().delete()
    return len(queries)


def test_a_relay_pass_reads_consents_holds_and_settings_once_for_the_batch():
    # 1 and 50 messages: what grows with the batch is only the members' data keys (each
    # message's variables and number are sealed under its own member's key).
    one, fifty = _pass_queries(1), _pass_queries(50)
    assert fifty - one <= 49, (one, fifty)


def test_the_batch_decision_is_the_per_message_decision(member, other_member):
    from messaging.eligibility import SEND, Facts, decide, skip

    consent_change(member=member, purpose=Purpose.KAKAOTALK, granted=True)
    offer(member, n=1)
    offer(other_member, n=2)  # never agreed to KakaoTalk messages
    rows = list(Message.objects.select_related("recipient").order_by("id"))
    facts = Facts.for_messages(rows)
    now = timezone.now()

    batch = [decide(r, now, facts) for r in rows]

    assert batch == [decide(r, now) for r in rows]
    assert batch == [SEND, skip(SkipReason.NO_CONSENT)]
