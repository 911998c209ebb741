"""What consulting tells each side, through notifications' one `notify`: the member with a link
to their engagement page, the consultant with a link to the workspace page. Keys are
"consulting.<event>:<engagement id>" (or the caller's distinguishing part for an event that
recurs: a round, a reply), so the same change never notifies twice."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from notifications.services import notify


def member_url(engagement) -> str:
    return reverse("consulting:my_engagement", args=[engagement.pk])


def work_url(engagement) -> str:
    return reverse("consulting:work", args=[engagement.pk])


def when_text(moment: datetime.datetime) -> str:
    """A time as the notices say it, in KST: "12월 3일 14:00"."""
    local = timezone.localtime(moment)
    return f"{local.month}월 {local.day}일 {local.hour:02d}:{local.minute:02d}"


def _key(event: str, engagement, key: str | None) -> str:
    return f"consulting.{event}:{engagement.pk if key is None else key}"


def tell_member(engagement, event: str, text: str, *, key: str | None = None):
    return notify(
        engagement.member,
        f"consulting.{event}",
        text=text,
        key=_key(event, engagement, key),
        url=member_url(engagement),
    )


def tell_consultant(engagement, event: str, text: str, *, key: str | None = None):
    return notify(
        engagement.consultant,
        f"consulting.{event}",
        text=text,
        key=_key(event, engagement, key),
        url=work_url(engagement),
    )
