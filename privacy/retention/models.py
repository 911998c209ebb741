from django.db import models

from privacy.keys.fields import EncryptedTextField
from privacy.keys.rows import SealedRow


class DestructionRun(models.Model):
    """파기 대장: one run of a destruction job. What was destroyed is described by its registry
    category and a count, never by the destroyed data or whose it was (개인정보 보호법 제21조,
    표준 개인정보 보호지침 제11조: 파기 사실의 기록)."""

    job = models.CharField("작업", max_length=80)
    category = models.CharField("분류 (처리방침)", max_length=80)
    legal_basis = models.TextField("근거")
    method = models.CharField("파기 방법", max_length=200)
    count = models.PositiveIntegerField("파기 건수", default=0)
    started_at = models.DateTimeField("시작")
    finished_at = models.DateTimeField("종료", null=True, blank=True)
    errors = models.TextField("오류", blank=True)

    class Meta:
        verbose_name = "파기 대장"
        verbose_name_plural = "파기 대장"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.category} {self.started_at:%Y-%m-%d} ({self.count}건)"


class RetainedRecord(SealedRow):
    """분리 보관: a record the policy keeps after withdrawal (지원 내역, 입사 제안), moved out of
    the live tables into this separate store under a data key of its own.

    The key belongs to a fresh subject (one per withdrawn member), never the member's: the
    member's key is destroyed at withdrawal, and this record's key is destroyed when its keeping
    ends, which makes every copy of the payload unreadable at that moment.
    """

    subject = models.UUIDField("보관 정보주체", db_index=True)
    source = models.CharField("원래 기록", max_length=80)  # e.g. "recruiting.application"
    source_id = models.BigIntegerField("원래 기록 ID")
    context = models.CharField("대상", max_length=200, blank=True)  # posting/company: not personal
    payload = EncryptedTextField("보관 내용")
    retained_at = models.DateTimeField("보관 시작 (탈퇴)")
    destroy_on = models.DateField("파기 예정일", db_index=True)

    class Meta:
        verbose_name = "분리 보관 기록"
        verbose_name_plural = "분리 보관 기록"
        ordering = ["destroy_on", "pk"]
        permissions = [("read_retained", "분리 보관 기록 열람 (사유 기록)")]

    def __str__(self) -> str:
        return f"분리 보관 #{self.pk}"


class PendingSummary(models.Model):
    """What each category has due now and within `days`, as computed at `computed_at`: the
    파기 대장 page reads this one row instead of counting every registered table on each view.
    Computed by the daily destruction job when it finishes (so it shows any backlog it left)
    and on demand by the privacy officer's button
    (privacy.retention.engine.pending_summary_refresh)."""

    computed_at = models.DateTimeField("계산 시각")
    days = models.PositiveSmallIntegerField("며칠 안")
    # [{"category": name, "due_now": n, "due_soon": m}, ...] in the registry's category order.
    rows = models.JSONField("분류별 파기 예정", default=list)

    class Meta:
        verbose_name = "파기 예정 요약"
        verbose_name_plural = "파기 예정 요약"

    def __str__(self) -> str:
        return f"파기 예정 요약 {self.computed_at:%Y-%m-%d %H:%M}"
