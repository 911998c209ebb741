"""`notify`: the one way any app tells a member or a consultant something."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from messaging.services import message_for_notification
from notifications.models import Notification


def notify(
    recipient,
    kind: str,
    *,
    text: str,
    key: str,
    url: str = "",
    params: dict[str, str] | None = None,
) -> Notification | None:
    """Tell `recipient` `text` (해요체, no more than a line), linking to `url`. `key` names the
    change that caused it ("consulting.accepted:12"): a second call with the same key does
    nothing and returns None, so a retried request or job never notifies twice. Call it inside
    the transaction that makes the change: the notification exists exactly when the change
    does.

    A member's notification whose kind has an approved KakaoTalk template (messaging/approved/)
    is also queued as a message, in the same transaction, with `params` as the template's
    variables (`#{링크}` defaults to `url`; the consulting template's `#{소식}` to `text`).
    Whether it is sent — consent, holds, the member's settings — is decided when it is sent."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, text=text, key=key, url=url
            )
            message_for_notification(recipient, kind, key=key, url=url, params=params, text=text)
            return notification
    except IntegrityError:
        if Notification.objects.filter(key=key).exists():
            return None
        raise


def notification_mark_read(notification: Notification, *, now) -> bool:
    """Read once: the first opening keeps its time. True when this call marked it."""
    marked = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now
    )
    if marked:
        notification.read_at = now
    return bool(marked)


def notifications_mark_all_read(recipient, *, now) -> int:
    return Notification.objects.filter(recipient_id=recipient.pk, read_at__isnull=True).update(
        read_at=now
    )
