"""Reads of a recipient's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()
