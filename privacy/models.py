from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.consents import Purpose


class ConsentChannel(models.TextChoices):
    SIGNUP = "signup", "회원가입"
    SETTINGS = "settings", "내 정보"


class ConsentRecord(models.Model):
    """One decision in the consent ledger. Rows are only ever appended: the current state of a
    purpose is its latest row (privacy.services.current_consents), never an overwritten flag,
    so the history of what a member agreed to, and under which policy version, survives."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consent_records",
        verbose_name="회원",
    )
    purpose = models.CharField("목적", max_length=40, choices=Purpose.choices)
    granted = models.BooleanField("동의 여부")
    policy_version = models.CharField("개인정보처리방침 버전", max_length=20)
    channel = models.CharField("경로", max_length=20, choices=ConsentChannel.choices)
    recorded_at = models.DateTimeField("일시", default=timezone.now)

    class Meta:
        verbose_name = "동의 기록"
        verbose_name_plural = "동의 기록"
        indexes = [models.Index(fields=["member", "purpose", "recorded_at"])]
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        verb = "동의" if self.granted else "거부·철회"
        return f"{self.get_purpose_display()} {verb}"


class DataKeyState(models.TextChoices):
    ACTIVE = "active", "사용 중"
    RETIRED = "retired", "교체됨"


class DataKey(models.Model):
    """A data subject's data-encryption key (DEK), stored wrapped by a master key.

    Personal fields are encrypted under their subject's DEK (privacy.crypto); the DEK itself is
    kept only wrapped (AES-GCM) by a master key from FIELD_ENCRYPTION_KEYS, named by `kek_id`.
    Deleting a subject's DataKey rows makes every copy of their ciphertext unreadable
    (crypto-shredding). A subject is a UUID, not a foreign key: the key must exist before the
    member row is first written, and records moved to the retention store get subjects of
    their own.
    """

    subject = models.UUIDField("정보주체", db_index=True)
    wrapped_key = models.BinaryField("래핑된 키")
    kek_id = models.CharField("마스터 키 ID", max_length=40)
    state = models.CharField(
        "상태", max_length=10, choices=DataKeyState.choices, default=DataKeyState.ACTIVE
    )
    created_at = models.DateTimeField("생성", default=timezone.now)
    retired_at = models.DateTimeField("교체", null=True, blank=True)

    class Meta:
        verbose_name = "데이터 암호화 키"
        verbose_name_plural = "데이터 암호화 키"
        constraints = [
            models.UniqueConstraint(
                fields=["subject"],
                condition=models.Q(state="active"),
                name="one_active_data_key_per_subject",
            )
        ]

    def __str__(self) -> str:
        return f"데이터 키 #{self.pk}"
