"""Queue a KakaoTalk message: the one way anything is sent to a member's phone."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction

from messaging.catalogue import Template, template_for_kind
from messaging.models import Channel, Message

logger = logging.getLogger(__name__)


def message_enqueue(
    recipient, kind: str, *, template: Template, params: dict, key: str
) -> Message | None:
    """Queue `template` with `params` for `recipient`. Call it inside the transaction of the
    change that causes it: the row exists exactly when the change does. `key` names that change;
    a second call with the same key queues nothing and returns None. The params are checked
    against the approved template now, so a message that could never be sent fails the change's
    own test, not a worker at night."""
    template.check(params)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                recipient=recipient,
                kind=kind,
                channel=template.channel,
                template_code=template.code,
                params=params,
                advertising=template.advertising,
                key=key,
            )
    except IntegrityError:
        if Message.objects.filter(key=key).exists():
            return None
        raise
    relay_soon()
    return message


def message_for_notification(
    recipient, kind: str, *, key: str, url: str, params: dict | None, text: str = ""
):
    """notifications.notify's KakaoTalk half: a member's notification whose kind has an approved
    template is also queued as a message. Consultants and staff are told in-app only."""
    if not getattr(recipient, "is_member", False):
        return None
    template = template_for_kind(kind)
    if template is None or template.channel != Channel.ALIMTALK:
        return None
    values = dict(params or {})
    if "링크" in template.variables and "링크" not in values:
        values["링크"] = url or "/"
    if "소식" in template.variables and "소식" not in values:
        values["소식"] = text
    return message_enqueue(recipient, kind, template=template, params=values, key=key)


def _nudge() -> None:
    from messaging.tasks import relay

    try:
        relay.delay()
    except Exception:  # the broker is down: the sweep will find the row
        logger.warning("messaging: relay nudge failed; the sweep will send", exc_info=True)


def relay_soon() -> None:
    """Ask a worker to relay once this transaction commits. Only a nudge: if Redis is down or the
    process dies first, the relay's periodic sweep finds the row anyway. One nudge per
    transaction, however many messages it queues (a policy notice to every member is one task,
    not one per member)."""
    if not settings.MESSAGING_RELAY_ON_COMMIT:
        return
    connection = transaction.get_connection()
    if any(callback is _nudge for _, callback, *_ in connection.run_on_commit):
        return
    transaction.on_commit(_nudge)
