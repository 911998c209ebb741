"""The relay: sends the outbox's due rows through the gateway, each exactly once.

Why it is shaped like this:

- A row is claimed in a short transaction of its own (QUEUED → SENDING, a fresh claim token,
  attempts + 1), with `select_for_update(skip_locked=True)` on PostgreSQL, so two relays never
  take the same row and neither waits for the other. The HTTP call happens after that commit:
  no database transaction is held open across the network.
- Every write after the call is conditional on the claim token, so a relay that was too slow
  (its claim went stale and another relay took the row over) changes nothing.
- A row claimed before (a killed worker's stale SENDING claim, or a retry after a timeout) may
  already have gone out: the provider is asked by grouping key first (`gateway.find`) and the
  message is recorded, not sent again. Such a row is then sent alone, and the idempotency key
  of a request is derived from its rows' keys, so its resend within the provider's window
  carries the same key whoever else is queued, and is refused as a Duplicate, which is looked
  up the same way. At most MESSAGING_RELAY_LOOKUPS_PER_PASS such rows are claimed a pass.
- Brand (advertising) requests carry one rendered content for all their recipients: brand rows
  share a request only when their content and buttons are the same.
- An error that is not the provider's (a bug, params that cannot be decrypted) fails the rows
  concerned at once (code "error"): the same rows would fail the same way on every retry.
- Transient failures go back to QUEUED with a capped exponential backoff (the cap is below the
  broker's visibility timeout); after MESSAGING_RELAY_MAX_ATTEMPTS, and for any permanent
  failure, the row is FAILED with the provider's code and message, for staff to see.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from messaging import eligibility
from messaging.catalogue import TemplateError, template
from messaging.delivery import NOT_FINAL, status_apply
from messaging.gateways import get_gateway
from messaging.gateways.base import (
    Duplicate,
    Gateway,
    GatewayError,
    Outgoing,
    Permanent,
    Status,
    Transient,
)
from messaging.models import Message, State

logger = logging.getLogger(__name__)

NON_DIGIT = re.compile(r"\D")


@dataclass
class Outcome:
    """What one relay pass did, by row count."""

    claimed: int = 0
    accepted: int = 0
    found: int = 0  # recorded from the provider's lookup, not sent again
    deferred: int = 0
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0  # our claim was taken over meanwhile: nothing recorded
    errors: list[str] = field(default_factory=list)


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.MESSAGING_RELAY_STALE_SECONDS)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before attempt `attempts + 1`: doubling from the base, capped below the
    broker's visibility timeout (a retry is never later than Redis would redeliver a task)."""
    base = settings.MESSAGING_RELAY_BACKOFF_BASE
    cap = min(settings.MESSAGING_RELAY_BACKOFF_MAX, settings.CELERY_BROKER_VISIBILITY_TIMEOUT - 60)
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def idempotency_key(rows: list[Message]) -> str:
    """Derived from the rows' own keys: the same batch sent again carries the same key."""
    digest = hashlib.sha256("\n".join(sorted(r.key for r in rows)).encode()).hexdigest()
    return f"lm-{digest[:40]}"


def _due(now: datetime.datetime) -> Q:
    return Q(state=State.QUEUED, not_before__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=now - stale_after()
    )


def claim(*, now: datetime.datetime, limit: int) -> tuple[uuid.UUID, list[Message], set[int]]:
    """Claim up to `limit` due rows: (token, rows, pks of rows claimed before, which may
    already have gone out). One short transaction."""
    token = uuid.uuid4()
    order = ("not_before", "id")
    with transaction.atomic():
        due = Message.objects.filter(_due(now)).order_by(*order)
        if connection.vendor == "postgresql":
            # Rows another relay holds are passed over, not waited for.
            due = due.select_for_update(skip_locked=True, of=("self",))
        picked = list(due.values_list("id", "state", "attempts")[:limit])
        # Each row claimed before costs a provider look-up (two products): at most
        # MESSAGING_RELAY_LOOKUPS_PER_PASS of them a pass, the rest wait (still due) for the
        # next one, so a pass after an outage stays inside the task's time limit.
        lookups = settings.MESSAGING_RELAY_LOOKUPS_PER_PASS
        kept = []
        for p in picked:
            if _claimed_before(p):
                if lookups <= 0:
                    continue
                lookups -= 1
            kept.append(p)
        picked = kept
        if not picked:
            return token, [], set()
        # Conditional on the row still being due: on SQLite (no row locks) two relays may pick
        # the same row, and only one UPDATE matches it.
        Message.objects.filter(_due(now), id__in=[p[0] for p in picked]).update(
            state=State.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    rows = list(
        Message.objects.filter(claim_token=token, state=State.SENDING)
        .select_related("recipient")
        .order_by(*order)
    )
    before = {p[0] for p in picked if _claimed_before(p)}
    return token, rows, before


def _claimed_before(picked: tuple[int, str, int]) -> bool:
    _, state, attempts = picked
    return state == State.SENDING or attempts > 0


class Relay:
    """One pass over claimed rows; every write is conditional on our claim token."""

    def __init__(self, gateway: Gateway, token: uuid.UUID, now: datetime.datetime):
        self.gateway = gateway
        self.token = token
        self.now = now
        self.outcome = Outcome()
        # The provider's first transient failure in a pass: the rest of the pass is put back
        # without calling it again, so a provider that times out costs one timeout, not one per
        # row (a pass that outlived its claim would have its rows taken over mid-way).
        self.unavailable: Transient | None = None

    def _ours(self, rows) -> Q:
        return Q(pk__in=[r.pk for r in rows], claim_token=self.token, state=State.SENDING)

    def _update(self, rows, **fields) -> int:
        changed = Message.objects.filter(self._ours(rows)).update(updated_at=self.now, **fields)
        self.outcome.lost += len(rows) - changed
        return changed

    # --- outcomes -------------------------------------------------------------------------

    def skip(self, row: Message, reason: str) -> None:
        self.outcome.skipped += self._update([row], state=State.SKIPPED, skip_reason=reason)

    def defer(self, row: Message, until: datetime.datetime) -> None:
        # A deferral is not an attempt: the night rule must not use up the retries.
        self.outcome.deferred += self._update(
            [row], state=State.QUEUED, not_before=until, attempts=F("attempts") - 1
        )

    def fail(self, rows: list[Message], code: str, message: str) -> None:
        self.outcome.failed += self._update(
            rows, state=State.FAILED, result_code=code[:12], result_message=message[:200]
        )

    def retry(self, rows: list[Message], error: GatewayError) -> None:
        limit = settings.MESSAGING_RELAY_MAX_ATTEMPTS
        spent = [r for r in rows if r.attempts >= limit]
        if spent:
            self.fail(spent, error.code, f"재시도 {limit}회 모두 실패: {error.message}")
        by_wait = defaultdict(list)
        for r in rows:
            if r.attempts < limit:
                by_wait[backoff(r.attempts)].append(r)
        for wait, group in by_wait.items():
            self.outcome.retried += self._update(
                group,
                state=State.QUEUED,
                not_before=self.now + wait,
                result_code=error.code[:12],
                result_message=error.message[:200],
            )

    def record(self, pairs: list[tuple[Message, str, int]], *, found: bool = False) -> None:
        """The provider took these rows: (row, request id, recipient sequence)."""
        if not pairs:
            return
        by_request = defaultdict(list)
        for row, request_id, seq in pairs:
            by_request[request_id].append((row, seq))
        for request_id, group in by_request.items():
            rows = [row for row, _ in group]
            changed = self._update(
                rows,
                state=State.ACCEPTED,
                gateway=self.gateway.name,
                request_id=request_id,
                recipient_seq=Case(*(When(pk=row.pk, then=Value(seq)) for row, seq in group)),
                result_code="",
                result_message="",
                sent_at=self.now,
            )
            # A webhook faster than this write (status_apply took the row from SENDING to
            # DELIVERED/UNDELIVERED): the state stays, the request it came from is filled in.
            raced = Message.objects.filter(
                pk__in=[r.pk for r in rows],
                claim_token=self.token,
                state__in=(State.DELIVERED, State.UNDELIVERED),
                request_id="",
            ).update(
                gateway=self.gateway.name,
                request_id=request_id,
                recipient_seq=Case(*(When(pk=row.pk, then=Value(seq)) for row, seq in group)),
                sent_at=self.now,
                updated_at=self.now,
            )
            changed += raced
            self.outcome.lost -= raced
            if found:
                self.outcome.found += changed
            else:
                self.outcome.accepted += changed

    # --- the pass -------------------------------------------------------------------------

    def run(self, rows: list[Message], claimed_before: set[int]) -> Outcome:
        self.outcome.claimed = len(rows)
        facts = eligibility.Facts.for_messages(rows)
        to_send: dict[tuple, list[tuple[Message, Outgoing]]] = defaultdict(list)
        alone: list[tuple[Message, Outgoing]] = []
        for row in rows:
            # First: a row claimed before may have gone out, whatever the member's state now.
            if row.pk in claimed_before and self.already_sent(row):
                continue
            decision = eligibility.decide(row, self.now, facts)
            if decision.deferred:
                self.defer(row, decision.defer_until)
                continue
            if not decision.send:
                self.skip(row, decision.skip)
                continue
            try:
                outgoing = self.outgoing(row)
            except TemplateError as error:
                self.fail([row], "template", str(error))
                continue
            except Exception as error:
                # Undecryptable params, a broken template: no retry would help.
                logger.exception("messaging: message %s cannot be built", row.pk)
                self.fail([row], "error", describe(error))
                continue
            if row.pk in claimed_before:
                # One per request: its idempotency key is its own, the same on every retry.
                alone.append((row, outgoing))
            else:
                to_send[batch_of(outgoing)].append((row, outgoing))
        for item in alone:
            self.send([item])
        size = min(settings.MESSAGING_RELAY_SEND_BATCH, 1000)
        for items in to_send.values():
            for i in range(0, len(items), size):
                self.send(items[i : i + size])
        return self.outcome

    def already_sent(self, row: Message) -> bool:
        """Asked before any resend: True when the provider has it (and it is now recorded)."""
        if self.unavailable:
            self.retry([row], self.unavailable)
            return True
        try:
            status = self.gateway.find(row.grouping_key, since=row.created_at)
        except Transient as error:
            self.unavailable = error
            self.retry([row], error)
            return True  # not knowing, it must not be sent now
        except GatewayError as error:
            self.retry([row], Transient(error.code, error.message))
            return True
        if status is None:
            return False
        self.record([(row, status.request_id, status.recipient_seq)], found=True)
        self.apply_if_final(status)
        return True

    def apply_if_final(self, status: Status) -> None:
        if str(status.result_code or "") not in NOT_FINAL:
            status_apply(status)

    def outgoing(self, row: Message) -> Outgoing:
        t = template(row.template_code)
        params = dict(row.params)
        buttons = tuple(
            {**b, "url": absolute(b["url"])} if "url" in b else b for b in t.render_buttons(params)
        )
        return Outgoing(
            grouping_key=row.grouping_key,
            recipient_no=NON_DIGIT.sub("", row.recipient.phone or ""),
            template_code=row.template_code,
            params=params,
            channel=row.channel,
            content=t.render(params),
            buttons=buttons,
        )

    def send(self, items: list[tuple[Message, Outgoing]]) -> None:
        rows = [row for row, _ in items]
        if self.unavailable:
            self.retry(rows, self.unavailable)
            return
        try:
            result = self.gateway.send(
                [outgoing for _, outgoing in items], idempotency_key=idempotency_key(rows)
            )
        except Duplicate:
            # The same request went within the provider's window: each row is looked up.
            for row in rows:
                if not self.already_sent(row):
                    self.retry([row], Transient("duplicate", "중복 요청이지만 조회되지 않음"))
            return
        except Transient as error:
            self.unavailable = error
            self.retry(rows, error)
            return
        except Permanent as error:
            self.fail(rows, error.code, error.message)
            return
        except GatewayError as error:
            self.retry(rows, Transient(error.code, error.message))
            return
        except Exception as error:
            # Not the provider's answer but our bug (a request the gateway refuses to build):
            # sending the same batch again would fail the same way, so it stops here, shown.
            logger.exception("messaging: sending %d message(s) failed", len(rows))
            self.fail(rows, "error", describe(error))
            return
        by_key = {row.grouping_key: row for row in rows}
        self.record(
            [
                (by_key[a.grouping_key], a.request_id, a.recipient_seq)
                for a in result.accepted
                if a.grouping_key in by_key
            ]
        )
        answered = {a.grouping_key for a in result.accepted}
        for rejected in result.rejected:
            row = by_key.get(rejected.grouping_key)
            if row is None:
                continue
            answered.add(rejected.grouping_key)
            if rejected.permanent:
                self.fail([row], rejected.result_code, rejected.result_message)
            else:
                self.retry([row], Transient(rejected.result_code, rejected.result_message))
        # A recipient the answer does not mention: unknown, so it is retried (and looked up
        # first, being claimed before by then).
        silent = [row for row in rows if row.grouping_key not in answered]
        if silent:
            self.retry(silent, Transient("missing", "응답에 없는 수신자"))


def batch_of(outgoing: Outgoing) -> tuple:
    """Which rows may share a request: 알림톡 substitutes each recipient's parameters itself; a
    brand message carries one rendered content and buttons for everyone in its request."""
    key = (outgoing.template_code, outgoing.channel)
    if outgoing.channel == "brand":
        buttons = json.dumps(outgoing.buttons, sort_keys=True, ensure_ascii=False)
        key += (outgoing.content, buttons)
    return key


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def absolute(url: str) -> str:
    """A template's #{링크} is a path on this site; the button needs the full address."""
    if url.startswith("/"):
        return settings.SITE_URL.rstrip("/") + url
    return url


def relay_once(
    *,
    now: datetime.datetime | None = None,
    limit: int | None = None,
    gateway: Gateway | None = None,
) -> Outcome:
    """Claim the due rows (at most `limit`) and send them. Safe to run from any number of
    workers at once, and again after a crash."""
    now = now or timezone.now()
    limit = limit or settings.MESSAGING_RELAY_CLAIM
    token, rows, claimed_before = claim(now=now, limit=limit)
    if not rows:
        return Outcome()
    relay = Relay(gateway or get_gateway(), token, now)
    try:
        return relay.run(rows, claimed_before)
    except Exception:
        # Whatever is still ours goes back to the queue (a bug or a lost database connection
        # mid-pass); a row already sent is found by the lookup on its next claim. Its claim was
        # an attempt: at the limit it stops, FAILED, so a pass that always breaks cannot loop.
        logger.exception("messaging: relay pass failed")
        ours = Message.objects.filter(claim_token=token, state=State.SENDING)
        limit = settings.MESSAGING_RELAY_MAX_ATTEMPTS
        ours.filter(attempts__gte=limit).update(
            state=State.FAILED,
            result_code="error",
            result_message=f"재시도 {limit}회 모두 실패: 발송 중 오류",
            updated_at=now,
        )
        ours.update(state=State.QUEUED, not_before=now + backoff(1), updated_at=now)
        raise
