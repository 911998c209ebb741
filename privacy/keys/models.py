from django.db import models
from django.utils import timezone


class DataKeyState(models.TextChoices):
    ACTIVE = "active", "사용 중"
    RETIRED = "retired", "교체됨"


class KeyKind(models.TextChoices):
    MASTER = "master", "마스터 키"
    BLIND_INDEX = "blind_index", "검색 색인 키"


class KeyCanary(models.Model):
    """A check value per key from the environment (a master key, a blind-index epoch): a known
    value sealed (master key) or MACed (blind-index key) under it, written the first time the
    key is seen (privacy.keys.canaries). A start whose key has the right id but other bytes fails
    the check and is refused, before it wraps a data key or indexes a row under the wrong key.
    Holds no key and nothing personal; a forged row opens under no key and is refused too.
    """

    kind = models.CharField("종류", max_length=20, choices=KeyKind.choices)
    kid = models.CharField("키 ID", max_length=40)
    check_value = models.BinaryField("확인 값")
    created_at = models.DateTimeField("생성", default=timezone.now)

    class Meta:
        verbose_name = "키 확인 값"
        verbose_name_plural = "키 확인 값"
        constraints = [
            models.UniqueConstraint(fields=["kind", "kid"], name="one_canary_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.kid}"


class DataKey(models.Model):
    """A data subject's data-encryption key (DEK), stored wrapped by a master key.

    Personal fields are encrypted under their subject's DEK (privacy.keys.sealing); the DEK
    itself is kept only wrapped (AES-GCM) by a master key from FIELD_ENCRYPTION_KEYS, named by
    `kek_id` (privacy.keys.datakeys).
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
    # 1: wrapped with one fixed associated data (before issue 17); 2: the wrap names the subject
    # and this row's id (privacy.keys.datakeys.wrap_bound). `rotate_keys --rebind` re-wraps v1 keys.
    wrap_format = models.PositiveSmallIntegerField("래핑 형식", default=1)

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


class EncryptionFormatRetirement(models.Model):
    """A clean `verify_encryption` scan found no value or wrapped key left in this format: from
    then on it is refused even while FIELD_ENCRYPTION_ACCEPT_V1 is still set
    (privacy.keys.datakeys.v1_accepted). Deleting the row needs FIELD_ENCRYPTION_ACCEPT_V1 in the
    environment to matter, which a database writer does not hold."""

    version = models.PositiveSmallIntegerField("형식", unique=True)
    retired_at = models.DateTimeField("폐기 일시", default=timezone.now)

    class Meta:
        verbose_name = "암호문 형식 폐기"
        verbose_name_plural = "암호문 형식 폐기"

    def __str__(self) -> str:
        return f"v{self.version}"


# --- Access log (접속기록) -------------------------------------------------------------------
# 개인정보의 안전성 확보조치 기준 제8조: 개인정보취급자의 접속기록 (계정, 접속일시, 접속지 정보,
# 처리한 정보주체 정보, 수행업무) kept for 2 years and protected against tampering; 제5조: grants,
# changes and revocations of access rights kept for 3 years. Services: privacy.accesslog.
