"""Bench: 10,000 KakaoTalk messages queued at once, sent by two real Celery workers through the
outbox relay to the fake provider over HTTP, against the provider's floor: the same messages
posted plainly (the same batching, the gateway client, two processes, no database).

What it shows: the relay's own cost per message (claiming, the send-time checks of
messaging.eligibility, decrypting the template variables and the phone, recording the result)
on top of the HTTP the provider needs anyway. The machines are shared and noisy, so the figure
is the ratio to the floor measured in the same run, the two alternating. Each relay round also
checks exactly-once: the fake's message log holds each round's grouping keys exactly once.

    python bench/messaging.py              # 10,000 messages, 2 rounds of each
    python bench/messaging.py --quick      # 1,000 messages
    BENCH_MESSAGING_SIZE=5000 BENCH_MESSAGING_ROUNDS=3 python bench/messaging.py

Needs PostgreSQL (its own database, lifemento_bench_messaging, made afresh; the relay claims
with SKIP LOCKED) and redis-server on PATH (a Redis of its own, never the shared one).
"""

import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import support

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUICK = "--quick" in sys.argv
SIZE = int(os.environ.get("BENCH_MESSAGING_SIZE", "1000" if QUICK else "10000"))
ROUNDS = int(os.environ.get("BENCH_MESSAGING_ROUNDS", "2"))
MEMBERS = 200  # the messages are spread over this many members (each their own data key)
WORKERS = 2
TIMEOUT = 15 * 60  # seconds a round may take before the bench gives up
DATABASE_URL = os.environ.get(
    "BENCH_MESSAGING_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifemento_bench_messaging"
)


def main() -> None:
    why_not = support.postgres_bench_database(
        DATABASE_URL, "BENCH_MESSAGING_DATABASE_URL", fresh=True
    )
    if why_not:
        print(f"messaging bench skipped: {why_not}")
        return
    from tests.support.redis_server import redis_server

    with redis_server() as redis:
        os.environ.update(
            DJANGO_SETTINGS_MODULE="lifemento.settings",
            DATABASE_URL=DATABASE_URL,
            REDIS_URL=redis.url(),
            CELERY_TASK_ALWAYS_EAGER="false",
            MESSAGING_RELAY_ON_COMMIT="false",
            KAKAOTALK_FAKE="true",
            # A fresh database each run: no witness directory shared with other runs.
            ACCESS_LOG_WITNESS="",
        )
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        run(redis)


def run(redis) -> None:
    from django.db import connection

    from tests.support.app_server import app_server

    folder = Path(tempfile.mkdtemp(prefix="bench-messaging-"))
    members = make_members()
    with app_server(DATABASE_URL, log=folder / "gunicorn.log") as base:
        fake = f"{base}/fake-kakaotalk"
        os.environ["KAKAOTALK_BASE_URL"] = fake
        from django.conf import settings

        settings.KAKAOTALK_BASE_URL = fake
        quiet_provider()
        relay_times, floor_times = [], []
        with workers(folder) as queue:
            for i in range(ROUNDS):
                rounds = [
                    (relay_times, lambda i=i: relay_round(members, queue, i)),
                    (floor_times, lambda i=i: floor_round(i)),
                ]
                for times, fn in rounds if i % 2 == 0 else reversed(rounds):
                    times.append(fn())
                    connection.close()
    relay, floor = statistics.median(relay_times), statistics.median(floor_times)
    batch = settings.MESSAGING_RELAY_SEND_BATCH
    print(
        f"messaging: {SIZE} messages, batches of {batch}, {WORKERS} workers, "
        f"{ROUNDS} rounds alternating; median of each"
    )
    print(
        f"{'floor: plain HTTP posts to the fake':44s} {floor:7.2f} s {SIZE / floor:8.0f} msg/s"
        "   1.00x"
    )
    print(
        f"{'outbox relay (Celery, exactly once)':44s} {relay:7.2f} s {SIZE / relay:8.0f} msg/s"
        f" {relay / floor:6.2f}x"
    )
    print(f"  rounds: relay {fmt(relay_times)}; floor {fmt(floor_times)}")


def fmt(times) -> str:
    return ", ".join(f"{t:.2f} s" for t in times)


def make_members():
    from accounts.models import Role, User, new_member_username
    from privacy.consents.purposes import Purpose
    from privacy.consents.services import consent_change, consents_record_signup

    members = []
    for i in range(MEMBERS):
        member = User.objects.create_user(
            new_member_username(),
            role=Role.MEMBER,
            name=f"벤치{i}",
            phone=f"010-{i // 10000:04d}-{i % 10000:04d}",
        )
        consents_record_signup(member=member, optional={})
        consent_change(member=member, purpose=Purpose.KAKAOTALK, granted=True)
        members.append(member)
    return members


def quiet_provider() -> None:
    """No webhooks during the bench: the floor posts without them, so the relay does too."""
    from messaging.fake import control

    control.set_plan(webhook_mode="off")


class workers:
    """Two real workers on the bench's Redis, on a queue of its own."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.queue = f"bench-{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> str:
        from tests.support.workers import start_worker

        self.processes = [
            start_worker(f"bench-relay-{n}", self.queue, log=self.folder / "workers.log")
            for n in range(WORKERS)
        ]
        return self.queue

    def __exit__(self, *exc) -> None:
        from tests.support.workers import stop

        for process in self.processes:
            stop(process)


def relay_round(members, queue: str, n: int) -> float:
    """Queue SIZE messages at once (one transaction), then time the workers sending them."""
    from django.db import transaction

    from messaging.catalogue import template
    from messaging.fake.models import FakeMessage
    from messaging.models import OPEN_STATES, Message, State
    from messaging.services import message_enqueue
    from messaging.tasks import relay

    offer = template("LMOFFER01")
    prefix = f"bench:{n}:{uuid.uuid4().hex[:6]}:"
    with transaction.atomic():
        for i in range(SIZE):
            message_enqueue(
                members[i % len(members)],
                "recruiting.offer",
                template=offer,
                params={"회사": f"라이프컴퍼니{i}", "링크": f"/recruiting/offers/{i}/"},
                key=f"{prefix}{i}",
            )
    mine = Message.objects.filter(key__startswith=prefix)
    start = time.perf_counter()
    for _ in range(WORKERS):  # one task each: both relay at once, claiming with SKIP LOCKED
        relay.apply_async(queue=queue)
    deadline = time.monotonic() + TIMEOUT
    while mine.filter(state__in=OPEN_STATES).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"relay round {n}: not done in {TIMEOUT} s")
        time.sleep(0.05)
    elapsed = time.perf_counter() - start

    keys = list(mine.values_list("grouping_key", flat=True))
    states = set(mine.values_list("state", flat=True))
    assert states == {State.ACCEPTED}, states
    inbox = FakeMessage.objects.filter(recipient_grouping_key__in=keys)
    distinct = inbox.values("recipient_grouping_key").distinct().count()
    assert distinct == SIZE and inbox.count() == SIZE, (distinct, inbox.count())
    return elapsed


def floor_round(n: int) -> float:
    """The same number of messages, posted by the gateway client in the same batches from
    two processes: what the provider's HTTP costs with no outbox at all."""
    import multiprocessing

    from django.conf import settings
    from django.db import connections

    from messaging.fake.models import FakeMessage

    batch = settings.MESSAGING_RELAY_SEND_BATCH
    prefix = f"floor-{n}-{uuid.uuid4().hex[:6]}-"
    chunks = [(prefix, i, min(batch, SIZE - i)) for i in range(0, SIZE, batch)]
    halves = [chunks[w::WORKERS] for w in range(WORKERS)]
    connections.close_all()  # the children must not share this process's connections
    context = multiprocessing.get_context("fork")
    with context.Pool(WORKERS) as pool:
        start = time.perf_counter()
        pool.map(post_chunks, halves)
        elapsed = time.perf_counter() - start
    sent = FakeMessage.objects.filter(recipient_grouping_key__startswith=prefix).count()
    assert sent == SIZE, sent
    return elapsed


def post_chunks(chunks) -> None:
    from messaging.catalogue import template
    from messaging.gateways import get_gateway
    from messaging.gateways.base import Outgoing

    offer = template("LMOFFER01")
    gateway = get_gateway()
    for prefix, first, count in chunks:
        outgoing = []
        for i in range(first, first + count):
            params = {"회사": f"라이프컴퍼니{i}", "링크": f"/recruiting/offers/{i}/"}
            outgoing.append(
                Outgoing(
                    grouping_key=f"{prefix}{i}",
                    recipient_no=f"010{i % 100_000_000:08d}",
                    template_code=offer.code,
                    params=params,
                    content=offer.render(params),
                    buttons=tuple(offer.render_buttons(params)),
                )
            )
        gateway.send(outgoing, idempotency_key=f"{prefix}{first}")


if __name__ == "__main__":
    main()
