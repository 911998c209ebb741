"""A member's grant to one viewer: what is shared, for which provision, until when.

A grant is a decision record, not a switch: its scope (the rows of SharingGrantItem) is written
once with it and never changed, and ending it stamps `revoked_at` once (with why), never clears
it. Sharing something else, or the same again, is a new grant that ends the open one; so the
history of what each viewer could see, and when, is the rows themselves. At most one grant per
member, viewer and purpose is open (not revoked) at a time, which the database enforces.

The rows hold labels and ids only (which registered model, which of the policy's items, which
row), never a value: what the viewer sees is read from the member's own rows, under the
member's key, at each view (privacy.sharing.selectors.shared_view).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from privacy.sharing.provisions import SharingPurpose


class RevokeReason(models.TextChoices):
    MEMBER = "member", "회원이 공유를 중단"
    CONSENT_WITHDRAWN = "consent_withdrawn", "회원이 제공 동의를 철회"
    REPLACED = "replaced", "새로 공유함"
    ENDED = "ended", "이용 종료"
    WITHDRAWAL = "withdrawal", "회원 탈퇴"


class SharingGrant(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sharing_grants",
        verbose_name="회원",
    )
    # The account that receives the provision (a consultant). Its deletion takes the grant
    # with it; the access log keeps every view it made.
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sharing_grants_received",
        verbose_name="제공받는 사람",
    )
    purpose = models.CharField("제공 목적", max_length=40, choices=SharingPurpose.choices)
    granted_at = models.DateTimeField("제공 시작", default=timezone.now)
    expires_at = models.DateTimeField("제공 기한")
    revoked_at = models.DateTimeField("제공 중단", null=True, blank=True)
    revoked_reason = models.CharField(
        "중단 사유", max_length=20, choices=RevokeReason.choices, blank=True
    )
    # The consent given on the provision's own screen for this grant (its details hold the
    # five items of 제17조 제2항 as shown); null for a grant under a consent given elsewhere.
    consent = models.ForeignKey(
        "privacy.ConsentRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="제공 동의",
    )

    class Meta:
        verbose_name = "공유한 정보"
        verbose_name_plural = "공유한 정보"
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["viewer", "member", "purpose", "granted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "viewer", "purpose"],
                condition=Q(revoked_at__isnull=True),
                name="sharing_grant_one_open",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("granted_at")),
                name="sharing_grant_expires_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(revoked_at__isnull=True) & Q(revoked_reason=""))
                | (Q(revoked_at__gte=F("granted_at")) & ~Q(revoked_reason="")),
                name="sharing_grant_revoked_with_reason",
            ),
            models.CheckConstraint(
                condition=~Q(member=F("viewer")), name="sharing_grant_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"공유 #{self.pk}"

    def is_active(self, now) -> bool:
        return self.revoked_at is None and self.granted_at <= now < self.expires_at


class SharingGrantItem(models.Model):
    """One thing a grant shares (privacy.sharing.scope.Share): `item` of `model` in all the
    member's rows of it, or one row (`object_id`) and the rows registered directly under it."""

    grant = models.ForeignKey(
        SharingGrant, on_delete=models.CASCADE, related_name="items", verbose_name="공유"
    )
    model = models.CharField("대상", max_length=100)  # app_label.modelname
    item = models.CharField("항목", max_length=100, blank=True)  # the policy's label; "" = all
    object_id = models.PositiveBigIntegerField("대상 ID", null=True, blank=True)

    class Meta:
        verbose_name = "공유 항목"
        verbose_name_plural = "공유 항목"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"공유 항목 #{self.pk}"
