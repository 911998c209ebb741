from django.db import models


class JobRun(models.Model):
    """The claim of one daily job for one day (core.jobs): the unique (job, run_date) row is the
    lock, the token says which runner holds it, and `progress` is the committed cursor a runner
    that takes over a stale claim resumes from."""

    class State(models.TextChoices):
        RUNNING = "running", "실행 중"
        DONE = "done", "완료"
        FAILED = "failed", "실패"

    job = models.CharField("작업", max_length=80)
    run_date = models.DateField("실행일 (KST)")
    state = models.CharField("상태", max_length=10, choices=State.choices)
    token = models.UUIDField("점유 토큰")
    started_at = models.DateTimeField("시작")
    heartbeat_at = models.DateTimeField("마지막 진행 기록")
    finished_at = models.DateTimeField("종료", null=True, blank=True)
    attempts = models.PositiveIntegerField("시도 횟수", default=1)
    progress = models.JSONField("진행 상황", default=dict, blank=True)
    error = models.TextField("오류", blank=True)

    class Meta:
        verbose_name = "정기 작업 실행"
        verbose_name_plural = "정기 작업 실행"
        constraints = [
            models.UniqueConstraint(fields=["job", "run_date"], name="core_jobrun_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.run_date} ({self.get_state_display()})"
