"""Notifications' daily jobs and task (core.jobs.load_jobs imports this module)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from core.jobs import JobContext, daily_job
from notifications.advertising_notices import marketing_reconfirm_job
from notifications.statutory.policy import policy_change_notify_batch, policy_changes_due

JOB_POLICY_CHANGE = "policy-change-notices"

__all__ = ["marketing_reconfirm_job", "policy_change_notices", "policy_change_notify"]


# 08:00 KST on each of the 7 days before a version takes effect: the first run tells every
# member; later runs tell only those not yet told (a member who joined, a run that failed).
@daily_job(JOB_POLICY_CHANGE, at=datetime.time(8, 0))
def policy_change_notices(ctx: JobContext) -> None:
    for change in policy_changes_due(timezone.localdate(ctx.now)):
        while True:
            with ctx.batch() as progress:
                cursor = progress.setdefault("after", {})
                told, last = policy_change_notify_batch(change, after=cursor.get(change.version, 0))
                if last is None:
                    break
                cursor[change.version] = last
                progress["told"] = progress.get("told", 0) + told


@shared_task(name="notifications.policy_change_notify", acks_late=True)
def policy_change_notify(version: str, day: str) -> int:
    """Tell every member of `version` now: it was published on `day` (ISO), its notice day.
    Idempotent: members already told are skipped by their notification's key."""
    told = 0
    for change in policy_changes_due(datetime.date.fromisoformat(day), version):
        after = 0
        while True:
            count, last = policy_change_notify_batch(change, after=after)
            if last is None:
                break
            told, after = told + count, last
    return told
