"""The member's record of applications made outside LifeMento, and the secret of their calendar
feed. Imported by recruiting/models.py so Django finds them under the `recruiting` label."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.jobs import KST
from privacy.api import EncryptedCharField, EncryptedTextField, SealedRow


class Stage(models.TextChoices):
    """서류 → 인적성 → 면접 → 최종 → 결과(합격/불합격), in that order."""

    DOCUMENTS = "documents", "서류"
    APTITUDE = "aptitude", "인적성"
    INTERVIEW = "interview", "면접"
    FINAL = "final", "최종"
    PASSED = "passed", "합격"
    FAILED = "failed", "불합격"


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage)}


class OutsideApplication(SealedRow):
    """An application the member made outside LifeMento, recorded by them."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outside_applications"
    )
    company = EncryptedCharField("회사명", max_length=100)
    role = EncryptedCharField("지원 직무", max_length=100)
    stage = models.CharField(
        "진행 단계", max_length=20, choices=Stage.choices, default=Stage.DOCUMENTS
    )
    applied_on = models.DateField("지원일", null=True, blank=True)
    # Plain, like a letter's deadline: the reminder job finds the rows due by date.
    next_date = models.DateField("다음 일정 날짜", null=True, blank=True)
    next_time = models.TimeField("다음 일정 시각", null=True, blank=True)
    next_what = EncryptedCharField("다음 일정 내용", max_length=100, blank=True)
    cover_letter = models.ForeignKey(
        "coverletters.CoverLetter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outside_applications",
        verbose_name="사용한 자기소개서",
    )
    memo = EncryptedTextField("메모", max_length=2000, blank=True)
    created_at = models.DateTimeField("등록일", auto_now_add=True)
    updated_at = models.DateTimeField("수정일", auto_now=True)

    class Meta:
        verbose_name = "직접 기록한 지원"
        verbose_name_plural = "직접 기록한 지원"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"직접 기록한 지원 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("recruiting:tracker_edit", args=[self.pk])

    @property
    def next_at(self) -> datetime.datetime | None:
        """The next date as a moment in KST, or None when it has no time (an all-day date)."""
        if self.next_date is None or self.next_time is None:
            return None
        return datetime.datetime.combine(self.next_date, self.next_time, tzinfo=KST)


class CalendarFeed(models.Model):
    """The member's private calendar address. Only the SHA-256 of its secret is stored: the
    address is shown once, and a leaked database gives no working address. One per member; a
    new one replaces (revokes) the old."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField("비밀 주소 해시", max_length=64, unique=True)
    created_at = models.DateTimeField("만든 일시", auto_now_add=True)

    class Meta:
        verbose_name = "캘린더 구독 주소"
        verbose_name_plural = "캘린더 구독 주소"

    def __str__(self) -> str:
        return f"캘린더 구독 주소 #{self.pk}"
