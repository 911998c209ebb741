"""Reads: the policy timeline (which version is in force, which one is announced), the
archive, drafts and versions waiting to take effect (the officer's desk), notices and the
entrustment table. Drafts (published_at null) are never in the timeline: not in force, not
announced, never the consent ledger's version.

The timeline is read on every request (the re-consent check, the change banner, the consent
ledger's version), so it lives in the cache as a handful of small tuples and costs no query
once warm. Publishing a version deletes it (services); the date a version comes into force
needs no invalidation, because "in force" is computed from the cached dates on each read.
Without Redis (core.cache) every read is a miss, so the timeline comes from the database: one
small query, and pages keep knowing which version is in force.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from privacy.notices.models import Entrustment, Notice, PolicyVersion

# v2: drafts (published_at null) are left out of the timeline.
TIMELINE_CACHE_KEY = "notices:policy-timeline:v2"
# Bounds how long a process with its own (locmem) cache can miss a publication made by
# another process; with Redis every process sees the deletion at once.
TIMELINE_CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class VersionInfo:
    version: str
    effective_date: datetime.date
    published_at: datetime.datetime
    reconsent_required: bool


@dataclass(frozen=True)
class PolicyTimeline:
    versions: tuple[VersionInfo, ...]  # by effective date, oldest first

    def in_force(self, today: datetime.date) -> VersionInfo | None:
        current = None
        for info in self.versions:
            if info.effective_date <= today:
                current = info
        return current

    def upcoming(self, today: datetime.date) -> VersionInfo | None:
        """The next version announced and not yet in force (the 7-day notice period)."""
        return next((v for v in self.versions if v.effective_date > today), None)

    def consent_floor(self, today: datetime.date) -> VersionInfo | None:
        """The latest version in force that changed a required consent's purpose, items or
        retention: a membership consent given under an older version no longer covers it."""
        floor = None
        for info in self.versions:
            if info.effective_date <= today and info.reconsent_required:
                floor = info
        return floor

    def covering(self, floor: VersionInfo, today: datetime.date) -> set[str]:
        """Version names whose consent covers `floor`: it and those in force after it."""
        return {
            v.version for v in self.versions if floor.effective_date <= v.effective_date <= today
        }


def policy_timeline() -> PolicyTimeline:
    timeline = cache.get(TIMELINE_CACHE_KEY)
    if timeline is None:
        timeline = PolicyTimeline(
            tuple(
                VersionInfo(*row)
                for row in PolicyVersion.objects.filter(published_at__isnull=False)
                .order_by("effective_date")
                .values_list("version", "effective_date", "published_at", "reconsent_required")
            )
        )
        cache.set(TIMELINE_CACHE_KEY, timeline, TIMELINE_CACHE_SECONDS)
    return timeline


def policy_timeline_forget() -> None:
    from privacy.notices.bodies import policy_bodies_forget

    cache.delete(TIMELINE_CACHE_KEY)
    policy_bodies_forget()


def today() -> datetime.date:
    return timezone.localdate()  # KST: a version comes into force at midnight in Seoul


def policy_in_force() -> VersionInfo | None:
    return policy_timeline().in_force(today())


def policy_version_in_force() -> str | None:
    """The version string in force, for the consent ledger (privacy.consents.policy_version)."""
    in_force = policy_in_force()
    return in_force.version if in_force else None


def policy_versions_in_force() -> frozenset[str]:
    """The versions whose effective date has come (the one in force and those it replaced),
    or the settings' version while none is published: what the policy page may state (a
    category or provision shows from the version that first states it, `policy_from`)."""
    day = today()
    names = frozenset(v.version for v in policy_timeline().versions if v.effective_date <= day)
    return names or frozenset({settings.PRIVACY_POLICY_VERSION})


def policy_upcoming() -> VersionInfo | None:
    return policy_timeline().upcoming(today())


def policy_versions_published() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(published_at__isnull=False)


def policy_versions_archive() -> QuerySet[PolicyVersion]:
    """Published versions, newest first, without their (long) texts and tables."""
    return (
        policy_versions_published().defer("text", "summary", "snapshot").order_by("-effective_date")
    )


def policy_version_previous(version: PolicyVersion) -> PolicyVersion | None:
    """The published version before `version` (a draft's is the latest published before its
    proposed date)."""
    return (
        policy_versions_published()
        .filter(effective_date__lt=version.effective_date)
        .exclude(pk=version.pk)
        .order_by("-effective_date")
        .first()
    )


def policy_version_in_force_row() -> PolicyVersion | None:
    """The version in force with its text and tables: what the policy page renders. One query
    (the timeline says which; the row carries the snapshot)."""
    in_force = policy_in_force()
    if in_force is None:
        return None
    return policy_versions_published().filter(version=in_force.version).first()


def policy_versions_waiting(day: datetime.date) -> QuerySet[PolicyVersion]:
    """Published versions that take effect after `day` (the 7-day notice period or longer),
    soonest first: the officer's desk lists them as waiting to take effect."""
    return (
        policy_versions_published()
        .filter(effective_date__gt=day)
        .defer("text", "snapshot")
        .order_by("effective_date")
    )


def policy_drafts() -> QuerySet[PolicyVersion]:
    """Drafts not yet published, by proposed effective date."""
    return (
        PolicyVersion.objects.filter(published_at__isnull=True)
        .defer("text", "snapshot")
        .order_by("effective_date", "id")
    )


def policy_draft_next() -> PolicyVersion | None:
    """The draft the next change goes into: the latest one, if any."""
    return (
        PolicyVersion.objects.filter(published_at__isnull=True)
        .order_by("-effective_date", "-id")
        .first()
    )


def notices_list() -> QuerySet[Notice]:
    """The board's rows, newest first: what the list shows of each notice, nothing more."""
    return Notice.objects.only("id", "title", "kind", "published_at")


def entrustments_list() -> list[Entrustment]:
    return list(Entrustment.objects.all())


# 개인정보처리방침: "변경 사항의 시행 7일 전부터 … 고지". Members are told from this many days
# before the effective date (the notice board shows the version from its publication).
MEMBER_NOTICE_DAYS = 7


@dataclass(frozen=True)
class PolicyChange:
    version: str
    effective_date: datetime.date
    url: str


def policy_changes_to_announce(day: datetime.date) -> list[PolicyChange]:
    """Published versions not yet in force on `day` whose member notice is due: from 7 days
    before the effective date until it. Read from the cached timeline (no query once warm)."""
    from django.urls import reverse

    return [
        PolicyChange(
            v.version, v.effective_date, reverse("notices:policy_version", args=[v.version])
        )
        for v in policy_timeline().versions
        if v.effective_date > day
        and v.effective_date - datetime.timedelta(days=MEMBER_NOTICE_DAYS) <= day
    ]
