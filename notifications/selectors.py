"""Reads of a recipient's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from core import sql
from notifications.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user) -> int:
    """`notifications_for(user).filter(read_at__isnull=True).count()`, which the header asks on
    every signed-in page. Written out once because building that query with the ORM cost four
    times running it — a quarter of a plain page's frame (issue 16); the SQL comes from the
    model's own table and column names, and tests compare the two."""
    return sql.unread_count(Notification, "recipient", user.pk)
