"""Reads of the recruiting app, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from recruiting.models import Application, Offer, OfferStatus, Posting, PostingStatus


def posting_list_open() -> QuerySet[Posting, dict]:
    """What the postings list shows of each open posting, as plain values: no description,
    and no two model instances a row (a posting has no sealed field to open)."""
    today = timezone.localdate()
    return (
        Posting.objects.filter(status=PostingStatus.OPEN)
        .exclude(deadline__lt=today)
        .order_by("deadline", "-id")
        .values("pk", "title", "job", "deadline", "deadline_time", "company__name")
    )


def application_list(member) -> QuerySet[Application]:
    # What the list shows: the snapshot is opened only on the detail page.
    return (
        Application.objects.filter(member=member)
        .select_related("posting__company")
        .only("status", "applied_at", "posting__title", "posting__company__name")
    )


def offer_list(member) -> QuerySet[Offer]:
    # What the list shows: the contact only on the offer's page, once accepted; the message
    # with the owner and version it opens under.
    return (
        Offer.objects.filter(member=member)
        .select_related("company", "posting")
        .only(
            "member",
            "sealed_version",
            "message",
            "status",
            "sent_at",
            "answered_at",
            "company__name",
            "posting__title",
        )
    )


def offers_waiting(member) -> QuerySet[Offer]:
    """Offers the member has not answered, newest first, without their (sealed) message: the
    member home shows the company and the date; the offers page shows the rest."""
    return (
        Offer.objects.filter(member=member, status=OfferStatus.RECEIVED)
        .select_related("company")
        .defer("message")
        .order_by("-sent_at", "-id")
    )
