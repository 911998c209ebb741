"""Daily jobs of the retention app (core.jobs, run by core.tasks.run_due_jobs; core.jobs.load_jobs
imports this module): the registry's destruction, whose work is the engine's, and the access
log's prune. Both are destructions, both written to the 파기 대장 (privacy.retention.services).
"""

from __future__ import annotations

import datetime

from django.conf import settings

from core.jobs import JobContext, daily_job
from privacy.accesslog.models import AccessLogChain
from privacy.accesslog.prune import access_log_prune
from privacy.retention import services as ledger
from privacy.retention.engine import JOB, destruction_daily

daily_job(JOB, at=datetime.time(3, 0))(destruction_daily)

# Entries per chain per batch. Each batch holds the chain's head lock (appends wait) and leaves
# one prune checkpoint, which is never deleted; 5,000 took 0.03 s on PostgreSQL and 1.7 s on
# SQLite (decision 0003), and is about a day of entries, so most days need one batch.
ACCESS_LOG_PRUNE_BATCH = 5000
ACCESS_LOG_PRUNE_METHOD = (
    "데이터베이스 삭제 (체인의 앞부분만, 마지막 삭제 항목에 서명된 체크포인트를 남겨 "
    "남은 기록의 검증이 이어짐)"
)


def access_log_prune_legal_basis(chain: str) -> str:
    if chain == AccessLogChain.PERMISSION:
        kept = (
            "개인정보의 안전성 확보조치 기준 제5조 제3항: 권한 부여·변경·말소 내역 최소 3년 보관 "
            f"(보관기간 {settings.ACCESS_LOG_PERMISSION_RETENTION_DAYS}일, "
            "ACCESS_LOG_PERMISSION_RETENTION_DAYS)"
        )
    else:
        kept = (
            "개인정보의 안전성 확보조치 기준 제8조 제1항: 접속기록 1년 이상 보관 "
            "(5만 명 이상의 정보주체에 관한 개인정보를 처리하는 시스템 등은 2년 이상) "
            f"(보관기간 {settings.ACCESS_LOG_RETENTION_DAYS}일, ACCESS_LOG_RETENTION_DAYS)"
        )
    return f"{kept}; 개인정보 보호법 제21조 제1항: 보유기간 경과 시 지체 없이 파기"


@daily_job("access-log-prune", at=datetime.time(4, 40))
def access_log_prune_job(ctx: JobContext) -> dict[str, int]:
    """Remove entries past retention in batches of ACCESS_LOG_PRUNE_BATCH per chain, through
    access_log_prune (the only delete the triggers allow; it leaves a prune checkpoint per
    batch). One ledger row per chain (their retention and legal basis differ), opened in the
    first batch; each batch adds its counts in its own transaction, so a run killed halfway
    resumes on the same rows and their counts are exactly what was deleted."""
    progress = ctx.progress
    if "ledger" not in progress:
        with ctx.batch():
            # One cutoff for the whole run, even when it is resumed later in the day.
            progress["as_of"] = ctx.now.isoformat()
            progress["ledger"] = {
                chain: ledger.destruction_run_start(
                    job="access-log-prune",
                    category_name=AccessLogChain(chain).label,
                    legal_basis=access_log_prune_legal_basis(chain),
                    method=ACCESS_LOG_PRUNE_METHOD,
                    now=ctx.now,
                ).pk
                for chain in AccessLogChain.values
            }
            progress["removed"] = dict.fromkeys(AccessLogChain.values, 0)
    as_of = datetime.datetime.fromisoformat(progress["as_of"])
    runs: dict[str, int] = progress["ledger"]
    with ledger.destruction_runs_note_errors(run_ids=runs.values(), now=ctx.now):
        while True:
            with ctx.batch():
                removed = access_log_prune(now=as_of, limit=ACCESS_LOG_PRUNE_BATCH)
                if not any(removed.values()):
                    for run_id in runs.values():
                        ledger.destruction_run_finish(run_id=run_id, now=ctx.now)
                    break
                for chain, count in removed.items():
                    if count:
                        ledger.destruction_run_add(run_id=runs[chain], count=count)
                progress["removed"] = {
                    chain: progress["removed"][chain] + removed[chain] for chain in removed
                }
    return progress["removed"]
