"""Daily jobs of the self-audit (imported by privacy/tasks.py, so core.jobs.load_jobs finds
them): the reminder when a quarter's audit is due, and the destruction of audits whose 3 years
have ended, written to the 파기 대장."""

from __future__ import annotations

import datetime

from core.jobs import JobContext, daily_job
from privacy.audit.services import KEEP_YEARS, audit_reminders_send, audits_destroy_expired
from privacy.retention import services as ledger

DESTRUCTION_JOB = "audit-destruction"
CATEGORY_NAME = "분기 자체 감사 기록"
LEGAL_BASIS = (
    f"개인정보처리방침: 정기적(분기 1회) 자체 감사 실시; 감사 결과는 완료 후 {KEEP_YEARS}년 보관 "
    "(내부 기준), 개인정보 보호법 제21조 제1항: 보유기간 경과 시 지체 없이 파기"
)
METHOD = "행 삭제 (회원의 개인정보는 담지 않고 직원 계정명과 건수만 담은 기록)"


@daily_job("audit-reminders", at=datetime.time(8, 5))
def audit_reminders_job(ctx: JobContext) -> None:
    """Reminds staff, in the admin, of a quarter's audit when it falls due and when it is
    overdue; the reminders and the cursor commit together and a rerun adds nothing."""
    with ctx.batch() as progress:
        progress["sent"] = len(audit_reminders_send(now=ctx.now))


@daily_job(DESTRUCTION_JOB, at=datetime.time(4, 50))
def audit_destruction_job(ctx: JobContext) -> None:
    """At most a few rows a day (four audits a year): one batch, its ledger row with it."""
    with ctx.batch() as progress:
        count = audits_destroy_expired(now=ctx.now)
        if count:
            run = ledger.destruction_run_start(
                job=DESTRUCTION_JOB,
                category_name=CATEGORY_NAME,
                legal_basis=LEGAL_BASIS,
                method=METHOD,
                now=ctx.now,
            )
            ledger.destruction_run_add(run_id=run.pk, count=count)
            ledger.destruction_run_finish(run_id=run.pk, now=ctx.now)
        progress["destroyed"] = count
