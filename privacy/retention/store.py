"""The separate retention store (분리 보관), driven by the retention registry.

At withdrawal, every row of the member in a category whose rule is Rule.RETENTION_STORE is
copied here — its registered personal items, decrypted, re-encrypted under a new subject of
its own — before the member's key is shredded and the live rows are deleted. The records'
own registry entry (privacy/retention/privacy.py) says when they are due; the destruction engine
(privacy.retention.engine) destroys them then, keys first, with a ledger entry. Nothing is kept here
that the registry does not describe.
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.utils import timezone

from privacy.centre.export import personal_data_rows
from privacy.registry.registry import Rule, registry
from privacy.retention.models import RetainedRecord


def retention_store_on_withdrawal(*, member, now: datetime.datetime | None = None) -> int:
    """Copy the member's kept records into the store. Call before the member's key is gone."""
    now = now or timezone.now()
    subject = uuid.uuid4()
    moved = 0
    for entry in list(registry.entries.values()):
        if (
            entry.category.retention.rule is not Rule.RETENTION_STORE
            or entry.model is RetainedRecord
        ):
            continue
        days = entry.category.retention.days_after_withdrawal
        for obj, items in personal_data_rows(entry, member):
            record = RetainedRecord(
                subject=subject,
                source=entry.model._meta.label_lower,
                source_id=obj.pk,
                context=_context(obj),
                payload=json.dumps(items, ensure_ascii=False, default=str),
                retained_at=now,
                destroy_on=(timezone.localtime(now) + datetime.timedelta(days=days)).date(),
            )
            record.save()
            moved += 1
    return moved


def _context(obj) -> str:
    posting = getattr(obj, "posting", None)
    company = getattr(obj, "company", None)
    return str(posting or company or "")[:200]
