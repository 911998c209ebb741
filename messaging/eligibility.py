"""Who may be messaged, checked when the message is sent (not when it was queued: a consent
withdrawn or a hold placed meanwhile must stop it).

`decide(message, now)` answers SEND, DEFER (not before a moment: the night rule of 제50조③)
or SKIP (with a reason, final). The checks run in order; the first that refuses decides."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from messaging.models import Message, SkipReason
from privacy.api import (
    MESSAGING,
    Purpose,
    has_consent,
    hold_reason,
    members_held,
    members_with_consent,
)


@dataclass(frozen=True)
class Decision:
    send: bool
    skip: str = ""  # a SkipReason when refused
    defer_until: datetime.datetime | None = None

    @property
    def deferred(self) -> bool:
        return self.defer_until is not None


SEND = Decision(send=True)


def skip(reason: str) -> Decision:
    return Decision(send=False, skip=reason)


def defer(until: datetime.datetime) -> Decision:
    return Decision(send=False, defer_until=until)


@dataclass(frozen=True)
class Facts:
    """What the checks read about a batch of recipients, in three queries for the batch (the
    relay's pass) instead of three per message."""

    consenting: frozenset[int]
    held: frozenset[int]
    switched_off: frozenset[tuple[int, str]]

    @classmethod
    def for_messages(cls, messages) -> Facts:
        from messaging.preferences import groups_switched_off

        ids = {m.recipient_id for m in messages}
        return cls(
            consenting=frozenset(members_with_consent(ids, Purpose.KAKAOTALK)),
            held=frozenset(members_held(ids, MESSAGING)),
            switched_off=frozenset(groups_switched_off(ids)),
        )


def decide(message: Message, now: datetime.datetime, facts: Facts | None = None) -> Decision:
    """SEND, DEFER or SKIP for `message` at `now`. `facts`, read once for a batch, answers the
    consent, hold and settings checks; without it each is one query for this message."""
    # Imported here: the advertising rules build their decisions with this module's helpers.
    from messaging.advertising.rules import advertising_decision
    from messaging.preferences import kind_enabled, kind_enabled_in

    member = message.recipient
    if not member.is_member:
        return skip(SkipReason.NOT_A_MEMBER)
    if member.withdrawn_at is not None or not member.is_active:
        return skip(SkipReason.WITHDRAWN)
    if facts is None:
        consenting = has_consent(member, Purpose.KAKAOTALK)
        held = hold_reason(member, MESSAGING) is not None
        enabled = kind_enabled(member, message.kind)
    else:
        consenting = member.pk in facts.consenting
        held = member.pk in facts.held
        enabled = kind_enabled_in(facts.switched_off, member.pk, message.kind)
    if not consenting:
        return skip(SkipReason.NO_CONSENT)
    if held:
        return skip(SkipReason.HELD)
    if not enabled:
        return skip(SkipReason.SETTINGS_OFF)
    if message.advertising:
        decision = advertising_decision(message, now)
        if not decision.send:
            return decision
    if not member.phone:
        return skip(SkipReason.NO_PHONE)
    return SEND
