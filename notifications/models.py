"""In-app notifications: one row per thing a member or consultant should know about.

Written by `notifications.services.notify`, the one function every app calls; messaging (issue
13) will route the same calls to KakaoTalk. The text is the recipient's personal data (it may
name a consultant or a letter), sealed under the recipient's key."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.api import EncryptedCharField, SealedRow


class Notification(SealedRow):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # What happened, as a stable code ("consulting.accepted"): messaging picks its template by it.
    kind = models.CharField("종류", max_length=60)
    text = EncryptedCharField("내용", max_length=300)
    url = models.CharField("바로가기", max_length=300, blank=True)
    # Derived from the change that caused it: the same change never notifies twice.
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField("알림 시각", default=timezone.now)
    read_at = models.DateTimeField("읽은 시각", null=True, blank=True)

    class Meta:
        verbose_name = "알림"
        verbose_name_plural = "알림"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return f"알림 #{self.pk}"
