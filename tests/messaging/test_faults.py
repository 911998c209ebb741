"""The outbox relay under faults, with real Celery workers on Redis, PostgreSQL, and the fake
provider over HTTP (tests/messaging/conftest.py: pytest-django's live_server): a worker
SIGKILLed after its claim committed but before it sent, or in the middle of the HTTP call,
Redis stopped and started again, a webhook delivered twice, a webhook lost. Each ends with
exactly one message in the provider's log per event and every outbox row final."""

import datetime
import json
import os
import signal
import time
import uuid

import pytest
import requests
from django.conf import settings
from django.db import connection, transaction
from kombu.exceptions import OperationalError

from lifemento.celery import app
from messaging.fake import hooks
from messaging.fake.models import FakeMessage, Received
from messaging.models import OPEN_STATES, Message, State
from messaging.tasks import poll_results, relay
from privacy.consents.models import ConsentRecord
from tests.messaging.test_relay import offer, subscriber
from tests.support.redis_server import redis_server
from tests.support.workers import (
    database_sessions,
    running_workers,
    start_worker,
    stop,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 60  # seconds any one wait may take before the test fails
EVENTS = 5
# A second worker whose clock reads this much later: the first one's claim is stale to it (the
# real setting, not a shortened one), so it takes the rows over.
LATER = datetime.timedelta(seconds=settings.MESSAGING_RELAY_STALE_SECONDS + 60)


def wait_for(condition, what: str, *, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)
    return value


def events(n: int = EVENTS, *, first: int = 0) -> list[Message]:
    member = subscriber()
    return [offer(member, first + i) for i in range(n)]


def provider_env(fake, **more) -> dict[str, str]:
    return {"KAKAOTALK_BASE_URL": fake.url, **more}


def all_final(messages) -> bool:
    return not Message.objects.filter(
        pk__in=[m.pk for m in messages], state__in=OPEN_STATES
    ).exists()


def assert_exactly_once(messages, state=State.ACCEPTED) -> None:
    """One message in the provider's log per event, and the row recording that very one."""
    for message in messages:
        row = Message.objects.get(pk=message.pk)
        [sent] = FakeMessage.objects.filter(recipient_grouping_key=row.grouping_key)
        assert row.state == state, (row.pk, row.state, row.result_code, row.result_message)
        assert (row.gateway, row.request_id, row.recipient_seq) == (
            "nhn",
            sent.request_id,
            sent.recipient_seq,
        )
        assert sent.recipient_no == "01028461357"


def sends() -> int:
    return Received.objects.filter(method="POST", path__endswith="/messages").count()


def waiting_on_a_lock(name: str) -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL answers from one snapshot of the activity: refresh.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = %s AND wait_event_type = 'Lock'",
            [name],
        )
        return cursor.fetchone()[0] > 0


def kill(workers, name: str) -> None:
    os.kill(workers[name].pid, signal.SIGKILL)
    assert workers[name].wait(timeout=TIMEOUT) == -signal.SIGKILL


def take_over(fake, queue: str, log, messages) -> None:
    """Another worker, for which the first one's claims are stale, runs the sweep."""
    name = f"relay-b-{uuid.uuid4().hex[:6]}"
    with running_workers([name], queue, log=log, clock_shift=LATER, env=provider_env(fake)):
        relay.apply_async(queue=queue)
        wait_for(lambda: all_final(messages), "every row final after the takeover")


def test_a_worker_killed_after_its_claim_committed_and_before_it_sent(fake_kakaotalk, tmp_path):
    messages = events()
    queue, name = f"relay-{uuid.uuid4().hex[:8]}", f"relay-a-{uuid.uuid4().hex[:6]}"
    log = tmp_path / "workers.log"

    # The send-time checks read the consent ledger: held here, the worker stops right after
    # its claim's commit, before any HTTP call.
    with (
        running_workers([name], queue, log=log, env=provider_env(fake_kakaotalk)) as workers,
        transaction.atomic(),
    ):
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{ConsentRecord._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
        relay.apply_async(queue=queue)
        wait_for(lambda: waiting_on_a_lock(name), "the worker, claimed and checking")
        claimed = Message.objects.filter(state=State.SENDING, attempts=1).count()
        kill(workers, name)
    wait_for(lambda: database_sessions(name) == 0, "the killed worker's database sessions")

    assert claimed == EVENTS
    assert sends() == 0 and FakeMessage.objects.count() == 0
    # Nothing is lost: the rows wait, claimed by a dead worker.
    assert set(Message.objects.values_list("state", flat=True)) == {State.SENDING}

    take_over(fake_kakaotalk, queue, log, messages)

    assert_exactly_once(messages)
    # Rows claimed before go one per request (each keeps its own idempotency key).
    assert sends() == EVENTS
    assert set(Message.objects.values_list("attempts", flat=True)) == {2}


def test_a_worker_killed_in_the_middle_of_the_http_call(fake_kakaotalk, tmp_path):
    messages = events()
    queue, name = f"relay-{uuid.uuid4().hex[:8]}", f"relay-a-{uuid.uuid4().hex[:6]}"
    log = tmp_path / "workers.log"
    # The provider takes the request and holds its answer; the worker waits for it.
    held = 8
    fake_kakaotalk.control.set_plan(timeouts=1, timeout_seconds=held)
    env = provider_env(fake_kakaotalk, KAKAOTALK_TIMEOUT="30")

    with running_workers([name], queue, log=log, env=env) as workers:
        relay.apply_async(queue=queue)
        wait_for(
            lambda: Received.objects.filter(method="POST", request_id__gt="").exists(),
            "the provider accepting the request, its answer held",
        )
        answered = time.monotonic() + held
        kill(workers, name)
    wait_for(lambda: database_sessions(name) == 0, "the killed worker's database sessions")

    # The provider has them; we never heard.
    assert FakeMessage.objects.count() == EVENTS
    assert set(Message.objects.values_list("state", "request_id")) == {(State.SENDING, "")}

    take_over(fake_kakaotalk, queue, log, messages)

    # Looked up by grouping key and recorded, with the delivery result the look-up carried:
    # not sent a second time.
    assert_exactly_once(messages, state=State.DELIVERED)
    assert sends() == 1
    # The provider's held answer (a thread of the live server, with its database session)
    # ends before the test database is dropped.
    time.sleep(max(0, answered - time.monotonic() + 1))


def send_relay(url: str, queue: str) -> None:
    """The relay task, sent through the test's own Redis (the app's broker is the shared one)."""
    with app.connection_for_write(url) as conn:
        relay.apply_async(queue=queue, connection=conn)


def test_redis_stopped_and_started_again_gives_every_message_once(fake_kakaotalk, tmp_path):
    first = events()
    queue = f"relay-{uuid.uuid4().hex[:8]}"
    names = [f"relay-{i}-{uuid.uuid4().hex[:6]}" for i in range(2)]
    log = tmp_path / "workers.log"
    # The first request is answered late: Redis dies while a worker is in the HTTP call.
    fake_kakaotalk.control.set_plan(timeouts=1, timeout_seconds=3)

    with redis_server() as redis:
        env = provider_env(fake_kakaotalk, REDIS_URL=redis.url(), KAKAOTALK_TIMEOUT="30")
        workers = {n: start_worker(n, queue, log=log, env=env) for n in names}
        try:
            # Sent to the test's own Redis: the workers take it once they consume.
            send_relay(redis.url(), queue)
            wait_for(lambda: Received.objects.filter(method="POST").exists(), "the first request")
            redis.stop()  # every task and delivery in Redis is gone with it (nothing saved)

            # The worker finishes what it holds without the broker, and messages queued
            # meanwhile are kept in the outbox: their nudge could not be sent.
            wait_for(lambda: all_final(first), "the first messages, sent during the outage")
            second = events(first=EVENTS)
            with pytest.raises(OperationalError):
                send_relay(redis.url(), queue)

            redis.start()  # an empty Redis on the same port
            send_relay(redis.url(), queue)  # the sweep (beat, every minute)
            wait_for(lambda: all_final(second), "the messages queued during the outage")
            assert all(p.poll() is None for p in workers.values()), log.read_text()[-3000:]
        finally:
            for process in workers.values():
                stop(process)

    assert_exactly_once(first + second)
    assert FakeMessage.objects.count() == 2 * EVENTS


def test_a_webhook_delivered_twice_is_applied_once(fake_kakaotalk, tmp_path):
    messages = events()
    queue, name = f"relay-{uuid.uuid4().hex[:8]}", f"relay-{uuid.uuid4().hex[:6]}"
    fake_kakaotalk.control.set_plan(webhook_mode="manual", webhook_duplicate=True)

    with running_workers(
        [name], queue, log=tmp_path / "workers.log", env=provider_env(fake_kakaotalk)
    ):
        relay.apply_async(queue=queue)
        wait_for(lambda: all_final(messages), "the messages sent")

    assert fake_kakaotalk.control.deliver() == EVENTS  # each hook posted twice
    assert set(FakeMessage.objects.values_list("webhook_sent", flat=True)) == {2}
    assert_exactly_once(messages, state=State.DELIVERED)
    after_first = dict(Message.objects.values_list("pk", "updated_at"))

    # NHN retries a hook: the same body once more changes nothing.
    raw = json.dumps(hooks.body_for(list(FakeMessage.objects.all()))).encode()
    answer = requests.post(
        fake_kakaotalk.site + "/messaging/webhooks/nhn/",
        data=raw,
        headers={"Content-Type": "application/json", "X-Toast-Webhook-Signature": hooks.sign(raw)},
        timeout=10,
    )
    assert answer.json() == {"applied": 0}
    assert dict(Message.objects.values_list("pk", "updated_at")) == after_first
    assert_exactly_once(messages, state=State.DELIVERED)


def test_a_lost_webhook_is_recovered_by_polling(fake_kakaotalk, tmp_path):
    messages = events()
    queue, name = f"relay-{uuid.uuid4().hex[:8]}", f"relay-{uuid.uuid4().hex[:6]}"
    fake_kakaotalk.control.set_plan(webhook_mode="drop")

    with running_workers(
        [name], queue, log=tmp_path / "workers.log", env=provider_env(fake_kakaotalk)
    ):
        relay.apply_async(queue=queue)
        wait_for(lambda: all_final(messages), "the messages sent")
        assert set(FakeMessage.objects.values_list("webhook", flat=True)) == {
            FakeMessage.Webhook.DROPPED
        }
        assert_exactly_once(messages, state=State.ACCEPTED)

        poll_results.apply_async(queue=queue)  # beat, every 5 minutes
        wait_for(
            lambda: not Message.objects.filter(state=State.ACCEPTED).exists(),
            "the results, by polling",
        )

    assert_exactly_once(messages, state=State.DELIVERED)
    assert set(Message.objects.values_list("result_code", flat=True)) == {"1000"}
