from django.db import models


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
