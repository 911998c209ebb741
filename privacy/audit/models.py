"""The quarterly self-audit (자체 감사): 개인정보처리방침 "정기적(분기 1회)으로 자체 감사를 실시".

An audit is prepared from a snapshot of the desk's records (privacy.audit.snapshot), the officer
writes findings and actions per section, then completes it; from then on it is read-only
(privacy.audit.services refuses every change, with a conditional UPDATE). The snapshot names
staff accounts, never members: members appear only as counts and record ids.
"""

from django.conf import settings
from django.db import models


class AuditSection(models.TextChoices):
    ACCESS = "access", "개인정보 접근 권한 보유 현황"
    IDLE = "idle", "90일간 사용하지 않은 권한"
    ACCESS_LOG = "access_log", "접속기록 검증과 월간 점검"
    DESTRUCTION = "destruction", "파기 실적과 지연"
    RIGHTS = "rights", "권리 행사 처리 기한"
    KEYS = "keys", "암호 키 관리"
    CONSENTS = "consents", "동의와 처리방침 버전"
    OVERALL = "overall", "종합 의견"


class QuarterlyAudit(models.Model):
    year = models.PositiveSmallIntegerField("연도")
    quarter = models.PositiveSmallIntegerField(
        "분기", choices=[(q, f"{q}분기") for q in (1, 2, 3, 4)]
    )
    prepared_at = models.DateTimeField("자료 준비 일시")
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="자료 준비 계정",
    )
    snapshot = models.JSONField("점검 자료", default=dict)
    # {section: {"finding": str, "action": str}} for each AuditSection.
    findings = models.JSONField("발견 사항과 조치", default=dict, blank=True)
    completed_at = models.DateTimeField("완료 일시", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="완료한 계정",
    )
    # Kept as written: the account may be deleted before the audit's 3 years end.
    completed_by_name = models.CharField("완료한 사람", max_length=150, blank=True)
    keep_until = models.DateField("보관 기한", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "분기 자체 감사"
        verbose_name_plural = "분기 자체 감사"
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_audit_per_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.quarter}분기 자체 감사"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class AuditReminderKind(models.TextChoices):
    DUE = "due", "감사 기간 시작"
    OVERDUE = "overdue", "기한 초과"


class AuditReminder(models.Model):
    """A reminder to staff that a quarter's audit is due (in-app, as the rights reminders are).
    One per quarter per kind: the daily job inserts it, the unique constraint makes a rerun a
    no-op."""

    year = models.PositiveSmallIntegerField("연도")
    quarter = models.PositiveSmallIntegerField("분기")
    kind = models.CharField("알림 종류", max_length=10, choices=AuditReminderKind.choices)
    due_date = models.DateField("감사 기한")
    created_at = models.DateTimeField("알림 일시")

    class Meta:
        verbose_name = "자체 감사 알림"
        verbose_name_plural = "자체 감사 알림"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "kind"], name="one_audit_reminder_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.quarter}분기 {self.get_kind_display()}"
