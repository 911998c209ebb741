from django.db import models
from django.utils import timezone


class UsageEvent(models.Model):
    """One use of the service by a member: which page or action (a URL name, never the path
    with its ids or the query string), when, and from which OS and device model.

    Keyed by the member's account id without a foreign key: the policy keeps 서비스 이용기록
    for up to 3 months after withdrawal, so the rows outlive the account. `withdrawn_at` is set
    at withdrawal (privacy.withdrawal.runner.member_withdraw) and the daily job destroys the rows
    WITHDRAWN_RETENTION_DAYS later (usage.services)."""

    member_id = models.PositiveBigIntegerField("사용자 ID", db_index=True)
    at = models.DateTimeField("이용 시각", default=timezone.now, db_index=True)
    page = models.CharField("화면·기능", max_length=120)
    method = models.CharField("요청 방식", max_length=8)
    os = models.CharField("OS 버전", max_length=40, blank=True)
    device = models.CharField("기기 모델명", max_length=60, blank=True)
    withdrawn_at = models.DateTimeField("탈퇴 시각", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "서비스 이용기록"
        verbose_name_plural = "서비스 이용기록"

    def __str__(self) -> str:
        return f"이용기록 #{self.pk}"
