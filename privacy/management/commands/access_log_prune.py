from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.jobs import JOBS, KST, load_jobs, run_job
from core.models import JobRun
from privacy.accesslog.models import AccessLogChain


class Command(BaseCommand):
    help = (
        "보관기간(ACCESS_LOG_RETENTION_DAYS, 권한 변경은 ACCESS_LOG_PERMISSION_RETENTION_DAYS)이 "
        "지난 접속기록을 삭제합니다. 오늘의 일일 작업(access-log-prune)을 지금 실행하는 것으로, "
        "파기 대장에 기록되며 오늘 이미 실행했으면 다시 실행하지 않습니다."
    )

    def handle(self, *args, **options):
        # Through the job runner, not access_log_prune directly: the same lock as the daily
        # run, and the deletion is written to the 파기 대장 like every other destruction.
        load_jobs()
        today = timezone.localdate(timezone.now(), KST)
        outcome = run_job(JOBS["access-log-prune"], today, timezone.now)
        run = JobRun.objects.get(job="access-log-prune", run_date=today)
        if outcome == "skipped":
            done = run.state == JobRun.State.DONE
            state = "이미 끝났어요" if done else "다른 곳에서 실행 중이에요"
            self.stdout.write(f"오늘의 보관기간 경과 삭제는 {state}.")
        for chain, count in run.progress.get("removed", {}).items():
            self.stdout.write(f"{AccessLogChain(chain).label}: {count}건 삭제")
        if outcome == "failed":
            raise CommandError(
                "삭제 중 오류가 났어요. 다음 일일 작업 실행 때 멈춘 곳부터 이어서 삭제해요."
            )
