"""What the member's consulting pages read: the listed consultants with their public ratings,
the member's own engagements, and the match for "맞는 컨설턴트를 찾아 주세요".

A consultant's card is public to members: name, headline, specialties, career summary and
ratings. `credential_note` is what staff verified, for staff only: it is deferred here, never
loaded for a member's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Role
from consulting.catalog import Industry, JobFamily
from consulting.member.matching import Candidate, Match, best_match
from consulting.models import (
    OPEN_STATES,
    ConsultantProfile,
    Delivery,
    Engagement,
    EngagementState,
    Rating,
    SessionProposal,
    Snapshot,
    SnapshotItem,
)
from profiles.models import Profile

# A card shows ratings of engagements that were delivered (and perhaps closed since), never of
# one still in revision, cancelled or declined, and never one staff hid.
RATED_STATES = (EngagementState.DELIVERED, EngagementState.CLOSED)


def _public_ratings():
    return Rating.objects.filter(engagement__state__in=RATED_STATES, hidden_at__isnull=True)


def listed_consultants() -> QuerySet[ConsultantProfile]:
    """Consultants a member may see and ask: listed by staff, with an active consultant
    account; with their public rating (average, count) and open engagements, in one query."""
    ratings = (
        _public_ratings()
        .filter(engagement__consultant=OuterRef("consultant"))
        .order_by()
        .values("engagement__consultant")
    )
    open_engagements = (
        Engagement.objects.filter(consultant=OuterRef("consultant"), state__in=OPEN_STATES)
        .order_by()
        .values("consultant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ConsultantProfile.objects.listed()
        .select_related("consultant")
        .defer("credential_note")
        .annotate(
            rating_average=Subquery(ratings.annotate(a=Avg("score")).values("a")),
            rating_count=Coalesce(
                Subquery(ratings.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                0,
            ),
            open_engagements=Coalesce(Subquery(open_engagements, output_field=IntegerField()), 0),
        )
        .order_by("pk")
    )


def specialty_labels(profile: ConsultantProfile) -> dict[str, list[str]]:
    jobs, industries = dict(JobFamily.choices), dict(Industry.choices)
    return {
        "jobs": [jobs[code] for code in profile.job_families if code in jobs],
        "industries": [industries[code] for code in profile.industries if code in industries],
    }


def consultant_ratings(profile: ConsultantProfile) -> list[Rating]:
    """The public ratings on a card, newest first, with the consultant's public answers."""
    return list(
        _public_ratings()
        .filter(engagement__consultant_id=profile.consultant_id)
        .select_related("engagement")
        .order_by("-created_at", "-pk")
    )


def open_consultant_ids(member) -> set[int]:
    """Consultants (account ids) the member has an open engagement with."""
    return set(
        Engagement.objects.filter(member=member, state__in=OPEN_STATES).values_list(
            "consultant_id", flat=True
        )
    )


def member_match(member) -> Match | None:
    """The consultant the matching rule picks for `member` (consulting.member.matching)."""
    profile = Profile.objects.filter(member=member).first()
    busy = open_consultant_ids(member)
    candidates = [
        Candidate(
            key=p.pk,
            name=p.display_name,
            job_families=p.job_families,
            industries=p.industries,
            open_engagements=p.open_engagements,
        )
        for p in listed_consultants()
        if p.consultant_id not in busy
    ]
    return best_match(
        desired_job=profile.desired_job if profile else "",
        desired_industry=profile.desired_industry if profile else "",
        candidates=candidates,
    )


# What the member's consulting home shows of an engagement, and of its consultant the name
# (with the owner and version it opens under): not the request's note, nor the consultant's
# account or the rest of their card.
HOME_FIELDS = (
    "member",
    "service",
    "state",
    "requested_at",
    "due_at",
    "consultant__subject",
    "consultant__consultant_profile__consultant",
    "consultant__consultant_profile__sealed_version",
    "consultant__consultant_profile__display_name",
)


def member_engagements(member) -> list[Engagement]:
    """The member's engagements, open ones first, newest first; with the consultant's name."""
    return list(
        Engagement.objects.filter(member=member)
        .select_related("consultant__consultant_profile")
        .only(*HOME_FIELDS)
        # Open ones (no end yet) first, then the most recently ended.
        .order_by(F("ended_at").desc(nulls_first=True), "-requested_at", "-pk")
    )


@dataclass(frozen=True)
class EngagementPage:
    engagement: Engagement
    consultant: ConsultantProfile | None
    consultant_listed: bool
    snapshots: list[Snapshot]
    deliveries: list[Delivery]
    proposals: list[SessionProposal]
    rating: Rating | None


def member_engagement_page(engagement: Engagement) -> EngagementPage:
    """Everything the member's engagement page shows, in a fixed number of queries."""
    consultant = (
        ConsultantProfile.objects.filter(consultant_id=engagement.consultant_id)
        .select_related("consultant")
        .defer("credential_note")
        .first()
    )
    snapshots = list(
        Snapshot.objects.filter(engagement=engagement)
        .select_related("grant")
        .prefetch_related(Prefetch("items", queryset=SnapshotItem.objects.order_by("position")))
        .order_by("number")
    )
    for snapshot in snapshots:  # the items' owner path, without a query per snapshot
        snapshot.engagement = engagement
    deliveries = list(
        Delivery.objects.filter(engagement=engagement)
        .select_related("engagement")
        .order_by("round")
    )
    proposals = list(
        SessionProposal.objects.filter(engagement=engagement, withdrawn_at__isnull=True)
        .select_related("engagement")
        .order_by("starts_at")
    )
    rating = Rating.objects.filter(engagement=engagement).select_related("engagement").first()
    listed = bool(
        consultant
        and consultant.is_listed
        and consultant.consultant.is_active
        and consultant.consultant.role == Role.CONSULTANT
    )
    return EngagementPage(
        engagement=engagement,
        consultant=consultant,
        consultant_listed=listed,
        snapshots=snapshots,
        deliveries=deliveries,
        proposals=proposals,
        rating=rating,
    )
