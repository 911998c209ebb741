from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.jobs import ClaimLost, JobContext
from privacy.categories import USAGE
from retention import services as ledger
from usage.models import UsageEvent
from usage.useragent import parse_user_agent

# Policy, 서비스 이용 row: "회원 탈퇴 시 3개월 이내 파기". Destroyed 60 days after withdrawal, so
# the deadline still holds if the daily job is down for weeks.
WITHDRAWN_RETENTION_DAYS = 60
DESTRUCTION_BATCH = 500
LEGAL_BASIS = (
    "개인정보 보호법 제21조 제1항 (보유기간 경과 시 지체 없이 파기); "
    "개인정보 처리방침 '서비스 이용': 회원 탈퇴 시 3개월 이내 파기"
)
METHOD = "행 삭제 (DB에서 복구할 수 없도록 삭제, 암호화되지 않은 통계 기록)"


def usage_record(*, request: HttpRequest, page: str) -> UsageEvent:
    """One event: the URL name and method only; never the path, query string or body."""
    device = parse_user_agent(request.headers.get("User-Agent", ""))
    return UsageEvent.objects.create(
        member_id=request.user.pk,
        page=page[:120],
        method=request.method or "",
        os=device.os[:40],
        device=device.model[:60],
    )


def usage_mark_withdrawn(*, member_id: int, now: datetime.datetime | None = None) -> int:
    """At withdrawal: start the member's usage records' 3-month clock."""
    return UsageEvent.objects.filter(member_id=member_id, withdrawn_at__isnull=True).update(
        withdrawn_at=now or timezone.now()
    )


def usage_destroy_withdrawn(ctx: JobContext) -> int:
    """The daily job: destroy records of members who withdrew WITHDRAWN_RETENTION_DAYS ago, in
    batches of DESTRUCTION_BATCH rows (constant memory), each batch with its ledger count in
    one transaction. A run killed halfway is resumed by the next run on the same ledger row."""
    progress = ctx.progress
    if "ledger" not in progress:
        with ctx.batch():
            started = ctx.now
            progress["cutoff"] = (
                started - datetime.timedelta(days=WITHDRAWN_RETENTION_DAYS)
            ).isoformat()
            progress["ledger"] = ledger.destruction_run_start(
                job="usage-destroy-withdrawn",
                category=USAGE,
                legal_basis=LEGAL_BASIS,
                method=METHOD,
                now=started,
            ).pk
            progress["count"] = 0
    cutoff = datetime.datetime.fromisoformat(progress["cutoff"])
    try:
        while True:
            with ctx.batch():
                ids = list(
                    UsageEvent.objects.filter(withdrawn_at__lt=cutoff)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:DESTRUCTION_BATCH]
                )
                if not ids:
                    ledger.destruction_run_finish(run_id=progress["ledger"], now=ctx.now)
                    break
                deleted, _ = UsageEvent.objects.filter(pk__in=ids).delete()
                ledger.destruction_run_add(run_id=progress["ledger"], count=deleted)
                progress["count"] += deleted
    except ClaimLost:
        raise  # another runner carries on with the same ledger row
    except Exception as error:
        # The error's type only: a message could quote the data being destroyed.
        with transaction.atomic():
            ledger.destruction_run_error(
                run_id=progress["ledger"], error=f"{ctx.now.isoformat()} {type(error).__name__}"
            )
        raise
    return progress["count"]
