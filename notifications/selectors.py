"""Reads of a recipient's own notifications."""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import QuerySet

from core.sql import column, table
from notifications.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


@cache
def _unread_sql() -> str:
    recipient, read_at = column(Notification, "recipient"), column(Notification, "read_at")
    return (  # names from the model (core.sql); the member's id is a parameter
        f"SELECT COUNT(*) FROM {table(Notification)} "  # noqa: S608
        f"WHERE {recipient} = %s AND {read_at} IS NULL"
    )


def unread_count(user) -> int:
    """`notifications_for(user).filter(read_at__isnull=True).count()`, which the header asks on
    every signed-in page. Written out once because building that query with the ORM cost four
    times running it — a quarter of a plain page's frame (issue 16); the SQL comes from the
    model's own table and column names, and tests compare the two."""
    with connection.cursor() as cursor:
        cursor.execute(_unread_sql(), [user.pk])
        return cursor.fetchone()[0]
