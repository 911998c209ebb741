from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.keys.fields import EncryptedTextField
from privacy.keys.rows import SealedRow


class EntryKind(models.TextChoices):
    """What a ledger entry records: a destruction, or a move into the separate retention store
    (분리 보관), which is not a destruction and is never shown as one."""

    DESTRUCTION = "destruction", "파기"
    TRANSFER = "transfer", "분리 보관 이관"


# 처리 담당자 of the automatic jobs, as the ledger shows them (an entry made by a staff member
# names them in `handler` instead, masked).
JOB_LABELS = {
    "destruction-daily": "매일 파기 작업(자동)",
    "withdrawal": "회원 탈퇴 처리(자동)",
    "access-log-prune": "접속기록 정리 작업(자동)",
}


class LedgerConfirmationError(Exception):
    """A confirmation cannot change or go: it is the officer's signature on a period."""


class LedgerConfirmation(models.Model):
    """책임자 확인: the privacy officer's confirmation of one month's (KST) ledger entries, in one
    action. Written once, never changed or deleted; entries added to the month afterwards wait
    for a confirmation of their own."""

    period = models.DateField("확인 기간 (월)", db_index=True)  # the first day of the month
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="확인한 책임자 계정",
    )
    # The officer as the ledger shows them (masked name), fixed when they confirmed.
    confirmed_by_label = models.CharField("확인한 책임자", max_length=80)
    confirmed_at = models.DateTimeField("확인 일시")
    entry_count = models.PositiveIntegerField("확인한 기록 수")
    note = models.TextField("확인 의견", blank=True)

    class Meta:
        verbose_name = "파기 대장 책임자 확인"
        verbose_name_plural = "파기 대장 책임자 확인"
        ordering = ["-period", "-confirmed_at", "-pk"]
        permissions = [("confirm_destruction", "파기 대장 책임자 확인")]

    def __str__(self) -> str:
        return f"{self.period_label} 파기 대장 확인 ({self.entry_count}건)"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise LedgerConfirmationError("책임자 확인은 바꿀 수 없어요.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerConfirmationError("책임자 확인은 지울 수 없어요.")

    @property
    def period_label(self) -> str:
        return f"{self.period.year}년 {self.period.month}월"

    def display(self) -> str:
        return (
            f"{self.confirmed_by_label} {timezone.localtime(self.confirmed_at):%Y-%m-%d %H:%M} 확인"
        )


class DestructionRun(models.Model):
    """파기 대장: one run of a destruction job (or a move into 분리 보관, `kind`). What was
    destroyed is described by its registry category and a count, never by the destroyed data
    or whose it was (개인정보 보호법 제21조, 표준 개인정보 보호지침 제11조: 파기 사실의 기록)."""

    kind = models.CharField(
        "구분", max_length=20, choices=EntryKind.choices, default=EntryKind.DESTRUCTION
    )
    job = models.CharField("작업", max_length=80)
    # 처리 담당자 when a staff member did it (masked); blank for the automatic jobs (JOB_LABELS).
    handler = models.CharField("처리 담당자 (직원)", max_length=80, blank=True)
    category = models.CharField("분류 (처리방침)", max_length=80)
    legal_basis = models.TextField("근거")
    method = models.CharField("파기 방법", max_length=200)
    count = models.PositiveIntegerField("파기 건수", default=0)
    # 분리 보관 이관 only: the day the moved records are destroyed (보관 기한).
    keep_until = models.DateField("보관 기한", null=True, blank=True)
    started_at = models.DateTimeField("시작")
    finished_at = models.DateTimeField("종료", null=True, blank=True)
    errors = models.TextField("오류", blank=True)
    confirmation = models.ForeignKey(
        LedgerConfirmation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name="책임자 확인",
    )

    class Meta:
        verbose_name = "파기 대장"
        verbose_name_plural = "파기 대장"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        day = timezone.localtime(self.started_at)
        return f"{self.category} {self.get_kind_display()} {day:%Y-%m-%d} ({self.count}건)"

    @property
    def is_transfer(self) -> bool:
        return self.kind == EntryKind.TRANSFER

    @property
    def done_at(self):
        """파기 일시: when the run finished (when it started while it is still open)."""
        return self.finished_at or self.started_at

    @property
    def handler_label(self) -> str:
        """처리 담당자, in Korean: the staff member (masked) or the automatic job."""
        return self.handler or JOB_LABELS.get(self.job, self.job)

    @property
    def target_label(self) -> str:
        """파기 대상 (or what was moved): the registry's category name and the count."""
        if self.is_transfer:
            until = f", 보관 기한 {self.keep_until:%Y-%m-%d}" if self.keep_until else ""
            return f"분리 보관 이관: {self.category} {self.count}건{until}"
        return f"{self.category} {self.count}건"

    @property
    def confirmation_label(self) -> str:
        if self.confirmation_id is None:
            return "미확인"
        return self.confirmation.display()


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
        return f"파기 예정 요약 {timezone.localtime(self.computed_at):%Y-%m-%d %H:%M}"
