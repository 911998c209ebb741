"""The member's private calendar feed (.ics): a secret address their phone's calendar
subscribes to, without a session.

Only the SHA-256 of the secret is stored (CalendarFeed.token_hash): the address is shown once,
when it is made, and a new one replaces the old, which stops working at once. The feed
carries company, role and time only — never a letter's title or text, the member's name, what
the next date is (the member's own words) or a memo — since a calendar app stores and syncs it
outside LifeMento.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

import icalendar
from django.db import transaction
from django.utils import timezone

from core.jobs import KST
from recruiting.tracker import selectors
from recruiting.tracker.models import CalendarFeed

# What a subscribed calendar shows: the recent past and the coming year.
PAST_DAYS = 60
FUTURE_DAYS = 366
# A deadline is a moment; an interview or a test takes about an hour.
DURATION = {selectors.DEADLINE: datetime.timedelta(0)}
DEFAULT_DURATION = datetime.timedelta(hours=1)
UID_DOMAIN = "lifemento"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, member) -> str:
    """A new secret address for the member, replacing any old one; returns the secret, which
    is never stored and never shown again."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(member=member).delete()
    CalendarFeed.objects.create(member=member, token_hash=_hash(token))
    return token


def feed_revoke(*, member) -> bool:
    deleted, _ = CalendarFeed.objects.filter(member=member).delete()
    return bool(deleted)


def feed_member(token: str):
    """The member whose live address `token` is, or None. The stored hash is found by the hash
    of what was given (nothing about the secret is compared character by character in SQL),
    and confirmed with a constant-time comparison."""
    if not token or len(token) > 100:
        return None
    digest = _hash(token)
    feed = (
        CalendarFeed.objects.filter(
            token_hash=digest,
            member__is_active=True,
            member__withdrawn_at__isnull=True,
        )
        .select_related("member")
        .first()
    )
    if feed is None or not hmac.compare_digest(feed.token_hash, digest):
        return None
    return feed.member


def _summary(entry: selectors.Entry) -> str:
    who = " ".join(part for part in (entry.company, entry.role) if part)
    return f"{who} {entry.kind_label}" if who else entry.kind_label


def feed_ics(member, *, now: datetime.datetime | None = None) -> bytes:
    now = now or timezone.now()
    today = timezone.localtime(now, KST).date()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//LifeMento//지원 일정//KO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "라이프멘토 지원 일정")
    calendar.add("x-wr-timezone", "Asia/Seoul")
    stamp = now.astimezone(datetime.UTC).replace(microsecond=0)
    first = today - datetime.timedelta(days=PAST_DAYS)
    last = today + datetime.timedelta(days=FUTURE_DAYS)
    for entry in selectors.entries(member, first, last):
        event = icalendar.Event()
        event.add("uid", f"{entry.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", _summary(entry))
        if entry.start is None:  # a date without a time: an all-day event
            event.add("dtstart", entry.date)
            event.add("dtend", entry.date + datetime.timedelta(days=1))
        else:
            event.add("dtstart", entry.start)
            event.add("dtend", entry.start + DURATION.get(entry.kind, DEFAULT_DURATION))
        event.add("transp", "TRANSPARENT" if entry.kind == selectors.DEADLINE else "OPAQUE")
        calendar.add_component(event)
    # The VTIMEZONE of Asia/Seoul for every TZID the events name.
    calendar.add_missing_timezones()
    return calendar.to_ical()
