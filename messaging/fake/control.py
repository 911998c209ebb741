"""The failure plan and test controls, from Python (tests) and over HTTP (views.control_*).

control.set_plan(errors_500=1)              # the next send answers 500
control.set_plan(timeouts=1)                # the next send is accepted, answered too late
control.set_plan(errors_9999=2, scope="all")  # the next two calls of any kind: -9999
control.set_plan(webhook_mode="manual")     # hooks wait for control.deliver()
control.set_plan(webhook_mode="drop")       # hooks never go: polling must recover
control.set_plan(webhook_duplicate=True, webhook_delay=2.0)
control.unapprove("LMOFFER01")              # that template answers -3005
control.reset()
"""

from __future__ import annotations

import datetime

from django.utils.dateparse import parse_datetime

from messaging.fake import hooks
from messaging.fake.models import FakeMessage, IdempotencyKey, Plan, Received
from messaging.fake.provider import plan

FIELDS = {
    "scope": str,
    "timeouts": int,
    "timeout_seconds": float,
    "errors_500": int,
    "errors_9999": int,
    "webhook_mode": str,
    "webhook_url": str,
    "webhook_delay": float,
    "webhook_duplicate": bool,
    "unapproved": list,
    "clock": datetime.datetime,
}


class PlanError(ValueError):
    pass


def _coerce(name: str, value):
    kind = FIELDS[name]
    if value is None and name in ("timeout_seconds", "clock"):
        return None
    if kind is datetime.datetime:
        if isinstance(value, datetime.datetime):
            return value
        moment = parse_datetime(str(value))
        if moment is None or moment.tzinfo is None:
            raise PlanError(f"{name}: an ISO 8601 time with its offset")
        return moment
    if kind is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PlanError(f"{name}: a list of template codes")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise PlanError(f"{name}: true or false")
        return value
    try:
        coerced = kind(value)
    except (TypeError, ValueError):
        raise PlanError(f"{name}: {kind.__name__} expected") from None
    if kind in (int, float) and coerced < 0:
        raise PlanError(f"{name}: not negative")
    return coerced


def set_plan(**changes) -> Plan:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise PlanError(f"unknown plan fields: {sorted(unknown)}")
    values = {name: _coerce(name, value) for name, value in changes.items()}
    if "webhook_mode" in values and values["webhook_mode"] not in Plan.WebhookMode.values:
        raise PlanError(f"webhook_mode: one of {Plan.WebhookMode.values}")
    if "scope" in values and values["scope"] not in ("send", "all"):
        raise PlanError("scope: send or all")
    current = plan()
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    return current


def plan_json(current: Plan | None = None) -> dict:
    current = current or plan()
    return {
        name: (
            getattr(current, name).isoformat()
            if name == "clock" and current.clock
            else getattr(current, name)
        )
        for name in FIELDS
    }


def unapprove(code: str) -> None:
    current = plan()
    if code not in current.unapproved:
        current.unapproved = [*current.unapproved, code]
        current.save(update_fields=["unapproved"])


def deliver() -> int:
    """Post every pending webhook now (manual mode); returns how many hooks went."""
    return hooks.deliver()


def reset() -> None:
    """Forget everything: messages, calls, keys, plan."""
    FakeMessage.objects.all().delete()
    Received.objects.all().delete()
    IdempotencyKey.objects.all().delete()
    Plan.objects.all().delete()
