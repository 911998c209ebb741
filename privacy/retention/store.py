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
from privacy.retention import services as ledger
from privacy.retention.models import EntryKind, RetainedRecord

TRANSFER_METHOD = (
    "분리 보관 DB로 이관 (회원 키와 다른 별도 암호화 키로 다시 암호화하고, "
    "원본은 데이터베이스에서 삭제)"
)


def transfer_legal_basis(category) -> str:
    return (
        "개인정보 보호법 제21조 제3항 (다른 법령에 따라 보존하는 경우 분리하여 저장·관리); "
        f"개인정보 처리방침 '{category.name}': {category.retention.text}"
    )


def retention_store_on_withdrawal(*, member, now: datetime.datetime | None = None) -> int:
    """Copy the member's kept records into the store. Call before the member's key is gone."""
    now = now or timezone.now()
    subject = uuid.uuid4()
    moved = 0
    per_category: dict = {}
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
            count, _ = per_category.get(entry.category, (0, None))
            per_category[entry.category] = (count + 1, record.destroy_on)
    # The 파기 대장's 이관 entries, in the same transaction as the copy: what moved, how many, and
    # until when it is kept. Never a 파기 entry: nothing of it is destroyed yet.
    for category, (count, keep_until) in per_category.items():
        run = ledger.destruction_run_start(
            job="withdrawal",
            category=category,
            legal_basis=transfer_legal_basis(category),
            method=TRANSFER_METHOD,
            now=now,
            kind=EntryKind.TRANSFER,
            keep_until=keep_until,
        )
        ledger.destruction_run_add(run_id=run.pk, count=count)
        ledger.destruction_run_finish(run_id=run.pk, now=now)
    return moved


def _context(obj) -> str:
    posting = getattr(obj, "posting", None)
    company = getattr(obj, "company", None)
    return str(posting or company or "")[:200]
