"""What a KakaoTalk message provider does for us, whatever its HTTP: the relay speaks only this.

NHN Cloud's 알림톡 v2.3 is the first gateway (messaging.gateways.nhn); another reseller (Solapi,
Aligo) is a second class with the same three methods. A gateway raises, never returns, a
failure: `Transient` (try again later: a timeout, a 5xx, -9999), `Permanent` (the same request
will fail again: an unapproved template, a content mismatch, a bad number) and `Duplicate` (the
provider saw this idempotency key within its window: the message went, look it up)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Outgoing:
    """One message to one recipient, as the provider needs it."""

    grouping_key: str  # recipientGroupingKey: how we find it again
    recipient_no: str  # digits only, "01012345678"
    template_code: str
    params: dict[str, str]  # templateParameter
    channel: str = "alimtalk"  # or "brand" (advertising)
    content: str = ""  # the rendered text (brand messages carry it; 알림톡 substitutes itself)
    buttons: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Accepted:
    """The provider took one recipient of a request."""

    grouping_key: str
    request_id: str
    recipient_seq: int
    result_code: str = "0"
    result_message: str = ""


@dataclass(frozen=True)
class Rejected:
    """The provider refused one recipient of a request that was otherwise accepted."""

    grouping_key: str
    result_code: str
    result_message: str
    permanent: bool = True


@dataclass(frozen=True)
class Status:
    """What the provider knows of one message: found by grouping key or by polling."""

    grouping_key: str
    request_id: str
    recipient_seq: int
    # The delivery code ("1000" delivered, "3019" not a KakaoTalk user, ...), "" while unknown.
    result_code: str = ""
    delivered: bool | None = None  # None: not final yet
    updated_at: datetime.datetime | None = None


class GatewayError(Exception):
    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.code = str(code)
        self.message = message


class Transient(GatewayError):
    """Try again later."""


class Permanent(GatewayError):
    """The same request will fail again; a person must look."""


class Duplicate(GatewayError):
    """The idempotency key was used within the provider's window (NHN -1005): it went."""


@dataclass
class SendResult:
    accepted: list[Accepted] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


class Gateway(Protocol):
    name: str

    def send(self, batch: list[Outgoing], *, idempotency_key: str) -> SendResult:
        """Send messages of one template (at most 1,000). Raises Transient, Permanent or
        Duplicate for the whole request; per-recipient refusals come back as `rejected`."""

    def find(self, grouping_key: str, *, since: datetime.datetime) -> Status | None:
        """The message with that grouping key sent since `since`, or None: asked before any
        resend after a crash, so a message that went is never sent again."""

    def results(self, start: datetime.datetime, end: datetime.datetime) -> list[Status]:
        """Delivery results updated between `start` and `end` (polling; the webhook's backup)."""
