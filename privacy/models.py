from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.consents import Purpose


class ConsentChannel(models.TextChoices):
    SIGNUP = "signup", "회원가입"
    SETTINGS = "settings", "내 정보"
    PRIVACY_CENTRE = "privacy_centre", "개인정보 센터"
    COOKIE_BANNER = "cookie_banner", "쿠키 선택"
    POLICY_CHANGE = "policy_change", "방침 변경 재동의"


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


# --- Access log (접속기록) -------------------------------------------------------------------
# 개인정보의 안전성 확보조치 기준 제8조: 개인정보취급자의 접속기록 (계정, 접속일시, 접속지 정보,
# 처리한 정보주체 정보, 수행업무) kept for 2 years and protected against tampering; 제5조: grants,
# changes and revocations of access rights kept for 3 years. Services: privacy.accesslog.


class AccessLogChain(models.TextChoices):
    """Two independent hash chains, because they have different retention periods and the
    retention prune may only cut a chain at its start (a hole in a chain would not verify)."""

    ACCESS = "access", "접속기록"
    PERMISSION = "permission", "권한 변경 기록"


class AccessLogAction(models.TextChoices):
    SIGN_IN = "sign_in", "로그인"
    SIGN_OUT = "sign_out", "로그아웃"
    SIGN_IN_FAILED = "sign_in_failed", "로그인 실패"
    LIST = "list", "목록 조회"
    VIEW = "view", "상세 조회"
    REVEAL = "reveal", "마스킹 해제 조회"
    CHANGE = "change", "수정"
    DELETE = "delete", "삭제"
    EXPORT = "export", "내보내기"
    DOWNLOAD = "download", "다운로드"
    PERMISSION_GRANT = "permission_grant", "권한 부여"
    PERMISSION_CHANGE = "permission_change", "권한 변경"
    PERMISSION_REVOKE = "permission_revoke", "권한 말소"


class AccessLogEntry(models.Model):
    """One entry of the access log. Rows are only ever appended (privacy.accesslog); the
    database refuses UPDATE and DELETE (triggers, migration 0004) except for the retention
    prune. `hash` is SHA-256 over the canonical form of the entry including `prev_hash`, so
    changing, removing or reordering an entry breaks the chain (`manage.py verify_access_log`);
    `mac` signs the hash with a key the database does not hold.

    Accounts and members are plain ids, not foreign keys: the log outlives the accounts it
    names (a withdrawn member's account is deleted, the record that staff saw it is kept), and
    a cascade must never try to delete log rows.
    """

    chain = models.CharField("기록 구분", max_length=20, choices=AccessLogChain.choices)
    seq = models.PositiveBigIntegerField("일련번호")
    at = models.DateTimeField("일시")
    actor_id = models.BigIntegerField("계정 ID", null=True, blank=True, db_index=True)
    # The role at the time of the access, not a name: the log must not become a second copy
    # of staff members' personal data.
    actor_role = models.CharField("계정 역할", max_length=20, blank=True)
    ip = models.CharField("접속지 (IP)", max_length=45, blank=True)
    action = models.CharField("수행 업무", max_length=30, choices=AccessLogAction.choices)
    # Whose data: member account ids in canonical form ",3,17,42," (sorted, no duplicates), so
    # one member's accesses are found with a portable `contains=",17,"` on both databases.
    subjects = models.TextField("정보주체 (회원 ID)", blank=True)
    target_type = models.CharField("대상", max_length=100, blank=True)
    target_id = models.CharField("대상 ID", max_length=64, blank=True)
    reason = models.TextField("사유", blank=True)
    detail = models.JSONField("세부 내용", default=dict, blank=True)
    prev_hash = models.CharField("이전 해시", max_length=64)
    hash = models.CharField("해시", max_length=64)
    # HMAC of `hash` under ACCESS_LOG_HMAC_KEY: someone who edits an entry and recomputes the
    # hashes from there on (the SHA-256 scheme is public) is still caught at that very entry.
    mac = models.CharField("HMAC", max_length=64)

    class Meta:
        verbose_name = "접속기록"
        verbose_name_plural = "접속기록"
        ordering = ["-at", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="access_log_unique_seq"),
        ]
        indexes = [models.Index(fields=["chain", "at"]), models.Index(fields=["at"])]
        # Seeing a member's data unmasked on a staff screen is a permission of its own, so the
        # privacy officer grants it to the few who need it (privacy.admin_mixins).
        permissions = [("reveal_personal_data", "마스킹된 개인정보 열람")]

    def __str__(self) -> str:
        return f"{self.get_chain_display()} #{self.seq}"

    @property
    def subject_ids(self) -> list[int]:
        return [int(s) for s in self.subjects.split(",") if s]


class AccessLogHead(models.Model):
    """The current end of a chain (seq, hash), HMAC-signed. Appends lock this row
    (SELECT ... FOR UPDATE) so two concurrent appends can never fork the chain, and the
    verifier compares it with the last entry, which reveals entries cut from the end."""

    chain = models.CharField(
        "기록 구분", max_length=20, choices=AccessLogChain.choices, primary_key=True
    )
    seq = models.PositiveBigIntegerField("일련번호", default=0)
    hash = models.CharField("해시", max_length=64)
    at = models.DateTimeField("마지막 기록 일시", null=True, blank=True)
    mac = models.CharField("HMAC", max_length=64)

    class Meta:
        verbose_name = "접속기록 체인 끝"
        verbose_name_plural = "접속기록 체인 끝"

    def __str__(self) -> str:
        return f"{self.get_chain_display()} #{self.seq}"


class AccessLogCheckpointKind(models.TextChoices):
    DAILY = "daily", "일일 체크포인트"
    PRUNE = "prune", "보관기간 경과 삭제"


class AccessLogCheckpoint(models.Model):
    """An HMAC-signed statement "at `created_at` entry `seq` of `chain` had hash `hash`".

    Daily checkpoints pin the chain so that rewriting it wholesale (recomputing every hash)
    still fails verification; a prune checkpoint marks where the chain now starts.
    """

    chain = models.CharField("기록 구분", max_length=20, choices=AccessLogChain.choices)
    kind = models.CharField("종류", max_length=10, choices=AccessLogCheckpointKind.choices)
    seq = models.PositiveBigIntegerField("일련번호")
    hash = models.CharField("해시", max_length=64)
    created_at = models.DateTimeField("기록 일시")
    # Number of entries a prune removed (0 for a daily checkpoint).
    pruned = models.PositiveBigIntegerField("삭제한 항목 수", default=0)
    mac = models.CharField("HMAC", max_length=64)

    class Meta:
        verbose_name = "접속기록 체크포인트"
        verbose_name_plural = "접속기록 체크포인트"
        ordering = ["chain", "seq", "id"]
        indexes = [models.Index(fields=["chain", "kind", "seq"])]

    def __str__(self) -> str:
        return f"{self.get_chain_display()} {self.get_kind_display()} #{self.seq}"


class AccessLogPruneAllowance(models.Model):
    """SQLite only: the delete triggers let a row through only while a row of this table says
    so; the prune inserts it and removes it again inside its own transaction. (PostgreSQL reads
    a transaction-local setting instead.)"""

    before = models.DateTimeField("이 시각 이전 항목만 삭제 허용")

    class Meta:
        verbose_name = "접속기록 삭제 허용"
        verbose_name_plural = "접속기록 삭제 허용"

    def __str__(self) -> str:
        return f"삭제 허용 ~{self.before:%Y-%m-%d}"
