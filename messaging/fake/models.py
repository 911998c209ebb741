"""The fake provider's own state: what it received, what it "delivered", which idempotency keys
it saw, and the failure plan tests and newcomers set. It lives in its own tables (label
fake_kakaotalk) so that nothing of ours reads it: our side only speaks HTTP to it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Received(models.Model):
    """One HTTP call as it arrived (the secret header is not kept)."""

    received_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    idempotency_key = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    status_code = models.PositiveSmallIntegerField(default=200)
    result_code = models.CharField(max_length=12, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.result_code or self.status_code}"


class FakeMessage(models.Model):
    """One recipient of an accepted request, as the provider's message log holds it."""

    class Product(models.TextChoices):
        ALIMTALK = "alimtalk", "알림톡"
        BRAND = "brand", "브랜드 메시지"

    product = models.CharField(max_length=10, choices=Product.choices)
    request_id = models.CharField(max_length=64, db_index=True)
    recipient_seq = models.PositiveIntegerField()
    recipient_no = models.CharField(max_length=15)
    recipient_grouping_key = models.CharField(max_length=100, blank=True, db_index=True)
    sender_grouping_key = models.CharField(max_length=100, blank=True)
    template_code = models.CharField(max_length=20, blank=True)
    template_title = models.CharField(max_length=100, blank=True)
    params = models.JSONField(default=dict)
    content = models.TextField()
    buttons = models.JSONField(default=list)
    # COMPLETED (delivered or not: see result_code) / FAILED; READY never lasts here.
    message_status = models.CharField(max_length=12, default="COMPLETED")
    result_code = models.CharField(max_length=12)  # the delivery code: 1000, 3019, ...
    request_date = models.DateTimeField(default=timezone.now)
    receive_date = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Webhook(models.TextChoices):
        PENDING = "pending", "보낼 예정"
        SENT = "sent", "보냄"
        DROPPED = "dropped", "보내지 않음 (유실)"
        FAILED = "failed", "보내기 실패"

    webhook = models.CharField(max_length=10, choices=Webhook.choices, default=Webhook.PENDING)
    webhook_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-request_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request_id", "recipient_seq"], name="fake_kakaotalk_message_seq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.recipient_seq}"

    @property
    def delivered(self) -> bool:
        return self.result_code == "1000"

    @property
    def masked_no(self) -> str:
        """010-****-5678: the inbox shows whose phone it was without the whole number."""
        no = self.recipient_no
        if len(no) < 8:
            return "*" * len(no)
        return f"{no[:3]}-****-{no[-4:]}"


class IdempotencyKey(models.Model):
    key = models.CharField(max_length=200, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class Plan(models.Model):
    """The failure plan: one row (pk=1, provider.plan()). Counters are used up one per call
    they apply to."""

    class WebhookMode(models.TextChoices):
        # Posted by a background thread right after the answer (after `webhook_delay`).
        IMMEDIATE = "immediate", "바로"
        # Kept pending until POST _control/deliver: deterministic, for tests.
        MANUAL = "manual", "수동"
        # Never posted: polling must recover.
        DROP = "drop", "유실"
        OFF = "off", "끔"

    # Which calls the counters apply to: sends only, or every API call (look-ups, polling).
    scope = models.CharField(max_length=4, default="send")
    timeouts = models.PositiveIntegerField(default=0)
    # A timed-out send is still accepted (the client simply never hears): the hard case.
    timeout_seconds = models.FloatField(null=True, blank=True)
    errors_500 = models.PositiveIntegerField(default=0)
    errors_9999 = models.PositiveIntegerField(default=0)
    webhook_mode = models.CharField(
        max_length=10, choices=WebhookMode.choices, default=WebhookMode.IMMEDIATE
    )
    webhook_url = models.CharField(max_length=500, blank=True)
    webhook_delay = models.FloatField(default=0)
    webhook_duplicate = models.BooleanField(default=False)
    # Template codes the provider treats as not (or no longer) approved: -3005.
    unapproved = models.JSONField(default=list)
    # The provider's clock for the advertising hours (tests): None is now.
    clock = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "실패 계획"
