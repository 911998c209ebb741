"""Test-only: a Gateway double for the relay's unit tests, in memory, behaving as the provider
does where the relay depends on it (an idempotency key seen twice is a Duplicate; a message
sent can be found by its grouping key). HTTP tests use the fake provider instead."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

from messaging.gateways.base import (
    Accepted,
    Duplicate,
    Outgoing,
    Rejected,
    SendResult,
    Status,
)


@dataclass
class GatewayDouble:
    name: str = "double"
    sent: list[Outgoing] = field(default_factory=list)
    requests: list[tuple[str, list[str]]] = field(default_factory=list)  # (key, grouping keys)
    finds: list[str] = field(default_factory=list)
    # Raised by the next send() calls, in order (an exception instance, or None to succeed).
    plan: list = field(default_factory=list)
    reject: dict[str, Rejected] = field(default_factory=dict)  # grouping key → refusal
    found: dict[str, Status] = field(default_factory=dict)
    statuses: list[Status] = field(default_factory=list)  # what results() answers
    windows: list[tuple] = field(default_factory=list)
    during_send: object = None  # called inside send(), as if the call took long
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def send(self, batch: list[Outgoing], *, idempotency_key: str) -> SendResult:
        # As NhnAlimtalkGateway.send: a brand request carries one content for everyone.
        contents = {(o.content, json.dumps(o.buttons, sort_keys=True)) for o in batch}
        if {o.channel for o in batch} == {"brand"} and len(contents) > 1:
            raise ValueError("a brand message request carries one content for everyone")
        if self.during_send:
            self.during_send()
        if self.plan:
            error = self.plan.pop(0)
            if error is not None:
                raise error
        if any(key == idempotency_key for key, _ in self.requests):
            raise Duplicate("-1005", "duplicate request")
        self.requests.append((idempotency_key, [o.grouping_key for o in batch]))
        request_id = f"req-{next(self._ids)}"
        result = SendResult()
        for seq, outgoing in enumerate(batch, start=1):
            if outgoing.grouping_key in self.reject:
                result.rejected.append(self.reject[outgoing.grouping_key])
                continue
            self.sent.append(outgoing)
            self.found[outgoing.grouping_key] = Status(outgoing.grouping_key, request_id, seq)
            result.accepted.append(Accepted(outgoing.grouping_key, request_id, seq))
        return result

    def find(self, grouping_key, *, since):
        self.finds.append(grouping_key)
        return self.found.get(grouping_key)

    def results(self, start, end):
        self.windows.append((start, end))
        return list(self.statuses)


class SharedDouble(GatewayDouble):
    """For code that builds its own gateway (settings.KAKAOTALK_GATEWAY, get_gateway()): every
    instance shares the one `SharedDouble.current`."""

    current: GatewayDouble | None = None

    def __new__(cls):
        assert cls.current is not None, "set SharedDouble.current first"
        return cls.current
