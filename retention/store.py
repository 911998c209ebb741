"""The separate retention store (분리 보관), driven by the retention registry.

At withdrawal, every row of the member in a category whose rule is "retention_store_5y" is
copied here — its registered personal items, decrypted, re-encrypted under a new subject of
its own — before the member's key is shredded and the live rows are deleted. A daily job
destroys records whose keeping has ended: keys first, then rows, with a ledger entry. Nothing
is kept or destroyed here that the registry does not describe.
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.utils import timezone

from core.jobs import JobContext, daily_job
from privacy import crypto
from privacy.export import personal_data_rows
from privacy.registry import registry
from retention import services as ledger
from retention.models import RetainedRecord

RULE = "retention_store_5y"
# Within 5 days of the end of keeping (policy, 파기기한); the job runs daily, so one day.
BATCH = 200
METHOD = "보관 데이터 키 파기 후 행 삭제 (기록을 재생할 수 없는 기술적 방법)"
LEGAL_BASIS = (
    "개인정보 보호법 제21조 제1항; 개인정보처리방침 '개인정보의 파기': 탈퇴 후 5년 보관한 "
    "지원내역은 보유기간 종료일로부터 5일 이내 파기"
)


def retention_store_on_withdrawal(*, member, now: datetime.datetime | None = None) -> int:
    """Copy the member's kept records into the store. Call before the member's key is gone."""
    now = now or timezone.now()
    subject = uuid.uuid4()
    moved = 0
    for entry in list(registry.entries.values()):
        if entry.category.retention.rule != RULE or entry.model is RetainedRecord:
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


def retention_store_destroy_due(ctx: JobContext) -> int:
    """The daily job: records whose keeping ended are shredded (their subject's key) and
    deleted, in batches; the ledger counts them."""
    progress = ctx.progress
    if "ledger" not in progress:
        with ctx.batch():
            category = next(c for c in registry.ordered_categories() if c.retention.rule == RULE)
            progress["ledger"] = ledger.destruction_run_start(
                job="retention-store-destroy",
                category=category,
                legal_basis=LEGAL_BASIS,
                method=METHOD,
                now=ctx.now,
            ).pk
            progress["today"] = timezone.localtime(ctx.now).date().isoformat()
    today = datetime.date.fromisoformat(progress["today"])
    while True:
        with ctx.batch():
            due = list(
                RetainedRecord.objects.filter(destroy_on__lte=today)
                .order_by("pk")
                .values_list("pk", "subject")[:BATCH]
            )
            if not due:
                ledger.destruction_run_finish(run_id=progress["ledger"], now=ctx.now)
                return 0
            for subject in {s for _, s in due}:
                crypto.destroy_subject_keys(subject)
            deleted, _ = RetainedRecord.objects.filter(pk__in=[pk for pk, _ in due]).delete()
            ledger.destruction_run_add(run_id=progress["ledger"], count=deleted)


daily_job("retention-store-destroy", at=datetime.time(5, 20))(retention_store_destroy_due)
