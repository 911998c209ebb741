"""The relay as Celery tasks: the sweep and the poll are scheduled, re-running them is
harmless, and without a broker (`make run`) a queued message is still sent, by a thread of
the server rather than the request that queued it (the fake provider it calls is served by
that same process)."""

import threading

import pytest
from django.core.management import call_command
from django.db import transaction

from lifemento.celery import app
from messaging import tasks
from messaging.models import Message, State
from tests.messaging.doubles import GatewayDouble, SharedDouble
from tests.messaging.test_relay import offer, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    settings.KAKAOTALK_GATEWAY = "tests.messaging.doubles.SharedDouble"
    SharedDouble.current = GatewayDouble()
    yield SharedDouble.current
    SharedDouble.current = None


def test_the_sweep_runs_every_minute_and_the_poll_every_few_minutes(settings):
    schedule = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["messaging.relay"] == 60
    assert 60 < schedule["messaging.poll_results"] <= 10 * 60
    assert settings.MESSAGING_RELAY_STALE_SECONDS > 10 * settings.KAKAOTALK_TIMEOUT
    assert settings.MESSAGING_RELAY_BACKOFF_MAX < settings.CELERY_BROKER_VISIBILITY_TIMEOUT
    assert settings.MESSAGING_RELAY_BUDGET_SECONDS < settings.CELERY_TASK_SOFT_TIME_LIMIT


def test_the_relay_task_sends_what_is_due_and_running_it_again_sends_nothing(gateway):
    member = subscriber()
    for n in range(3):
        offer(member, n)

    assert tasks.relay() == 3
    assert tasks.relay() == 0
    assert len(gateway.sent) == 3
    assert set(Message.objects.values_list("state", flat=True)) == {State.ACCEPTED}


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_nudge_on_commit_sends_from_a_thread_not_the_request(
    gateway, settings
):
    settings.MESSAGING_RELAY_ON_COMMIT = True
    member = subscriber()
    sent = threading.Event()
    request_thread = threading.current_thread()
    senders = []

    def note_sender():
        senders.append(threading.current_thread())
        sent.set()

    gateway.during_send = note_sender
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with transaction.atomic():
            message = offer(member)
        assert sent.wait(20)
    finally:
        app.conf.task_always_eager = before
    assert senders and senders[0] is not request_thread
    for _ in range(200):
        if Message.objects.get(pk=message.pk).state == State.ACCEPTED:
            break
        threading.Event().wait(0.05)
    assert Message.objects.get(pk=message.pk).state == State.ACCEPTED


def test_operators_can_relay_and_poll_from_the_command_line(gateway, capsys):
    offer(subscriber())
    call_command("relay_messages", "--poll")
    out = capsys.readouterr().out
    assert "처리한 메시지: 1건" in out
    assert "발송 요청됨 1" in out
    assert len(gateway.sent) == 1
