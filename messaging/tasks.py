"""Celery tasks of messaging: the outbox relay and the polling of delivery results.

Both are safe to run twice or at once (acks_late redelivers a killed worker's task): the relay
claims rows (messaging.relay), and a delivery result is applied once (messaging.delivery).
Without a broker (`make run`: eager tasks) the relay runs in a thread of the server process,
never in the request that queued the message: the fake provider it calls is served by that
same process."""

from __future__ import annotations

import datetime
import logging
import threading
import time

from celery import shared_task
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def relay_until_done(*, budget: float | None = None) -> int:
    """relay_once until nothing is due or the time budget is spent: rows claimed. Answers
    how many; the caller hands the rest on when the budget ran out."""
    from messaging.relay import relay_once

    budget = settings.MESSAGING_RELAY_BUDGET_SECONDS if budget is None else budget
    deadline = time.monotonic() + budget
    total = 0
    while True:
        outcome = relay_once()
        total += outcome.claimed
        if not outcome.claimed or time.monotonic() >= deadline:
            return total


@shared_task(name="messaging.relay")
def relay() -> int:
    """The nudge on commit and the sweep every minute (CELERY_BEAT_SCHEDULE)."""
    if relay.request.is_eager:
        _in_thread.start()
        return 0
    started = time.monotonic()
    claimed = relay_until_done()
    if time.monotonic() - started >= settings.MESSAGING_RELAY_BUDGET_SECONDS:
        # More may be due: a fresh task on the same queue carries on (this one ends well
        # inside its time limit, and re-running is harmless).
        queue = (relay.request.delivery_info or {}).get("routing_key")
        if queue:
            relay.apply_async(queue=queue)
        else:
            relay.delay()
    return claimed


class _EagerRelay:
    """`make run`'s relay: one thread at a time, run again if nudged while it works."""

    def __init__(self):
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def start(self) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._loop, name="messaging-relay", daemon=True).start()

    def _loop(self) -> None:
        try:
            while True:
                try:
                    relay_until_done()
                except Exception:
                    logger.exception("messaging: in-process relay")
                with self._lock:
                    if not self._again:
                        self._running = False
                        return
                    self._again = False
        finally:
            connections.close_all()


_in_thread = _EagerRelay()


@shared_task(name="messaging.poll_results")
def poll_results() -> int:
    """Every 5 minutes: the provider's delivery results since the last poll, applied."""
    return poll()


def poll(*, now: datetime.datetime | None = None, gateway=None) -> int:
    """Apply the delivery results updated since the stored cursor, window by window; answers
    how many rows changed. The cursor moves only after a window's results are applied, and
    only forward (two pollers at once apply the same results, which changes nothing twice)."""
    from messaging.delivery import status_apply
    from messaging.gateways import get_gateway
    from messaging.models import PollCursor

    gateway = gateway or get_gateway()
    now = now or timezone.now()
    seconds = datetime.timedelta(seconds=1)
    start_back = settings.MESSAGING_POLL_START_SECONDS * seconds
    cursor, _ = PollCursor.objects.get_or_create(
        gateway=gateway.name, defaults={"polled_until": now - start_back}
    )
    wanted = cursor.polled_until - settings.MESSAGING_POLL_OVERLAP_SECONDS * seconds
    start = max(wanted, now - start_back)
    if wanted < start:
        # The provider is asked at most start_back back: results of the gap are not polled
        # (the sweep of unknown results below settles those messages).
        logger.warning(
            "messaging: poll of %s resumes at %s; results from %s to %s are not polled",
            gateway.name,
            start.isoformat(),
            wanted.isoformat(),
            start.isoformat(),
        )
    window = settings.MESSAGING_POLL_WINDOW_SECONDS * seconds
    changed = 0
    while start < now:
        end = min(start + window, now)
        for status in gateway.results(start, end):
            changed += status_apply(status)
        with transaction.atomic():
            PollCursor.objects.filter(pk=cursor.pk, polled_until__lt=end).update(polled_until=end)
        start = end
    return changed + unknown_sweep(now=now, gateway=gateway)


def unknown_sweep(*, now: datetime.datetime, gateway) -> int:
    """ACCEPTED messages with no final result past the provider's window (3005 lasts up to 3
    days; a lost webhook in a gap the poll skipped): asked once more, then shown as not known
    to be delivered, so no row stays ACCEPTED forever. At most MESSAGING_POLL_UNKNOWN_BATCH a
    poll; the rest wait for the next."""
    from messaging.delivery import NOT_FINAL, status_apply
    from messaging.gateways.base import GatewayError
    from messaging.models import Message, State

    cutoff = now - datetime.timedelta(seconds=settings.MESSAGING_POLL_UNKNOWN_AFTER_SECONDS)
    rows = list(
        Message.objects.filter(state=State.ACCEPTED, sent_at__lt=cutoff)
        .order_by("sent_at", "id")
        .only("id", "grouping_key", "created_at")[: settings.MESSAGING_POLL_UNKNOWN_BATCH]
    )
    changed = 0
    for row in rows:
        try:
            status = gateway.find(row.grouping_key, since=row.created_at)
        except GatewayError as error:
            logger.warning("messaging: unknown-result sweep stopped: %s", error)
            break
        final = status is not None and str(status.result_code or "") not in NOT_FINAL
        if final and status_apply(status):
            changed += 1
            continue
        changed += Message.objects.filter(pk=row.pk, state=State.ACCEPTED).update(
            state=State.UNDELIVERED,
            result_code="unknown",
            result_message="전달 결과를 3일 동안 받지 못했어요",
            updated_at=timezone.now(),
        )
    return changed


# --- `make run`: no beat; a thread sweeps and polls (settings.RUN_JOBS_IN_PROCESS) ----------

SWEEP_SECONDS = 60
POLL_EVERY = 5  # sweeps
_timer_started = threading.Event()


def _timer_loop(stop: threading.Event, first_delay: float) -> None:
    if stop.wait(first_delay):
        return
    sweeps = 0
    while True:
        try:
            relay_until_done()
            if sweeps % POLL_EVERY == 0:
                poll()
        except Exception:
            logger.exception("messaging: in-process sweep")
        finally:
            connections.close_all()
        sweeps += 1
        if stop.wait(SWEEP_SECONDS):
            return


def start_in_process_timer(first_delay: float = 5) -> threading.Thread | None:
    """Started from MessagingConfig.ready when settings.RUN_JOBS_IN_PROCESS (development)."""
    if not settings.RUN_JOBS_IN_PROCESS or _timer_started.is_set():
        return None
    _timer_started.set()
    thread = threading.Thread(
        target=_timer_loop, args=(threading.Event(), first_delay), name="messaging", daemon=True
    )
    thread.start()
    return thread
