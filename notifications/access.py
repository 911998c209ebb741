"""Who may open their notifications beyond being signed in: upper apps register a gate.

Notifications sit below the domains, so they cannot ask consulting whether a consultant's
session passed its second factor; consulting registers that check here instead
(consulting.apps), the way domains register with privacy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

Gate = Callable[[HttpRequest], HttpResponse | None]

_gates: list[Gate] = []


def register_gate(gate: Gate) -> Gate:
    """`gate(request)` answers a response to refuse with (a redirect, a 403), or None."""
    if gate not in _gates:
        _gates.append(gate)
    return gate


def refusal(request: HttpRequest) -> HttpResponse | None:
    for gate in _gates:
        response = gate(request)
        if response is not None:
            return response
    return None
