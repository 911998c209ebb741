"""Who may be messaged, checked when the message is sent (not when it was queued: a consent
withdrawn or a hold placed meanwhile must stop it).

`decide(message, now)` answers SEND, DEFER (not before a moment: the night rule of 제50조③)
or SKIP (with a reason, final). The checks run in order; the first that refuses decides."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from messaging.models import Message, SkipReason
from privacy.api import MESSAGING, Purpose, has_consent, hold_reason


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


def decide(message: Message, now: datetime.datetime) -> Decision:
    from messaging.advertising.rules import advertising_decision
    from messaging.preferences import kind_enabled

    member = message.recipient
    if not member.is_member:
        return skip(SkipReason.NOT_A_MEMBER)
    if member.withdrawn_at is not None or not member.is_active:
        return skip(SkipReason.WITHDRAWN)
    if not has_consent(member, Purpose.KAKAOTALK):
        return skip(SkipReason.NO_CONSENT)
    if hold_reason(member, MESSAGING) is not None:
        return skip(SkipReason.HELD)
    if not kind_enabled(member, message.kind):
        return skip(SkipReason.SETTINGS_OFF)
    if message.advertising:
        decision = advertising_decision(message, now)
        if not decision.send:
            return decision
    if not member.phone:
        return skip(SkipReason.NO_PHONE)
    return SEND
