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


class KeyKind(models.TextChoices):
    MASTER = "master", "마스터 키"
    BLIND_INDEX = "blind_index", "검색 색인 키"


class KeyCanary(models.Model):
    """A check value per key from the environment (a master key, a blind-index epoch): a known
    value sealed (master key) or MACed (blind-index key) under it, written the first time the
    key is seen (privacy.keyguard). A start whose key has the right id but other bytes fails
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
    # 1: wrapped with one fixed associated data (before issue 17); 2: the wrap names the subject
    # and this row's id (privacy.crypto.wrap_bound). `rotate_keys --rebind` re-wraps v1 keys.
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
    then on it is refused even while FIELD_ENCRYPTION_ACCEPT_V1 is still set (privacy.crypto).
    Deleting the row needs FIELD_ENCRYPTION_ACCEPT_V1 in the environment to matter, which a
    database writer does not hold."""

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
    # Whose data: member account ids in canonical form ",3,17,42," (sorted, no duplicates),
    # hashed with the rest; one member's entries are found through AccessLogSubject, its index.
    subjects = models.TextField("정보주체 (회원 ID)", blank=True)
    target_type = models.CharField("대상", max_length=100, blank=True)
    target_id = models.CharField("대상 ID", max_length=64, blank=True)
    # Stored encrypted (privacy.accesslog.seal_reason), under a key of the log's own, never a
    # member's: read it through `reason_text`.
    reason = models.TextField("사유", blank=True)
    detail = models.JSONField("세부 내용", default=dict, blank=True)
    # 1: the hash covers the reason's plaintext (entries written before issue 17, whose reason
    # was encrypted afterwards in place); 2: it covers the stored ciphertext.
    # (Nullable, NULL meaning 1, so adding it left the table and its triggers as they were.)
    version = models.PositiveSmallIntegerField("형식", null=True, blank=True)
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

    @property
    def reason_text(self) -> str:
        from privacy.accesslog import open_reason

        return open_reason(self)


class AccessLogSubject(models.Model):
    """One member named by one entry: the entry's `subjects` text, one row per member, so "whose
    data did staff see" is an index lookup (the privacy centre's 내 정보를 본 기록, the admin's
    정보주체 filter) rather than a `LIKE '%,17,%'` scan of a log that grows for two years.

    Written in the same transaction as its entry (privacy.accesslog.access_log_append) and
    protected like it (triggers, migration 0007: no UPDATE; DELETE only under the retention
    prune's allowance, for rows of entries the prune may delete). The hashed `subjects` text
    stays the record and the hash inputs are unchanged: these rows are an index of it, which the
    verifier checks row for row, and the privacy centre shows an entry only when its hashed
    `subjects` names the member, so a forged row can neither show someone an entry that is not
    theirs nor pass verification (docs/decisions/0014-access-log-at-scale.md).
    """

    # DO_NOTHING: the database's own foreign key refuses to delete an entry whose rows are still
    # here, so the prune must remove them first, and a cascade never touches the log.
    entry = models.ForeignKey(
        AccessLogEntry, on_delete=models.DO_NOTHING, related_name="subject_rows"
    )
    subject = models.BigIntegerField("정보주체 (회원 ID)")

    class Meta:
        verbose_name = "접속기록 정보주체"
        verbose_name_plural = "접속기록 정보주체"
        constraints = [
            # Also the lookup index: (subject) first, then the entry to join.
            models.UniqueConstraint(fields=["subject", "entry"], name="access_log_subject_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.subject}"


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
    # Written once, when the chain is installed: the day from which a daily checkpoint is due.
    INSTALL = "install", "설치 기록"
    # An append found the head's signature or time wrong and used the clock instead.
    ALERT = "alert", "변조 경보"


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
    # Numbered per chain from 1, each signing the previous one's MAC: a checkpoint deleted in the
    # middle leaves a hole in the numbers, one deleted at the end a day without a checkpoint, and
    # the external witness (privacy.witness) holds a copy of each.
    number = models.PositiveBigIntegerField("번호")
    prev_mac = models.CharField("이전 체크포인트 HMAC", max_length=64, blank=True)
    mac = models.CharField("HMAC", max_length=64)

    class Meta:
        verbose_name = "접속기록 체크포인트"
        verbose_name_plural = "접속기록 체크포인트"
        ordering = ["chain", "seq", "id"]
        indexes = [models.Index(fields=["chain", "kind", "seq"])]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "number"], name="access_log_checkpoint_number_once"
            ),
        ]

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


# --- Rights requests (정보주체 권리 행사) ----------------------------------------------------
# 개인정보 보호법 제35조~제37조, 시행령 제41조·제43조·제44조: 열람, 정정·삭제, 처리정지 requests
# are answered within 10 days. Services: privacy.rights; processing holds: privacy.holds;
# decision record: docs/decisions/0005-rights-requests.md.
# (Imported here, not at the top, so this section stays one appended block.)
import datetime  # noqa: E402
import uuid  # noqa: E402

from privacy.fields import EncryptedCharField, EncryptedTextField, SealedRow  # noqa: E402


class RightsKind(models.TextChoices):
    ACCESS = "access", "열람"
    CORRECTION = "correction", "정정"
    DELETION = "deletion", "삭제"
    SUSPENSION = "suspension", "처리정지"


class RightsStatus(models.TextChoices):
    RECEIVED = "received", "접수"
    IDENTITY_CHECK = "identity_check", "본인 확인 중"
    WAITING = "waiting", "보완 요청 (기한 정지)"
    IN_PROGRESS = "in_progress", "처리 중"
    COMPLETED = "completed", "처리 완료"
    PARTLY_COMPLETED = "partly_completed", "일부 처리"
    REFUSED = "refused", "거절"


OPEN_RIGHTS_STATUSES = (
    RightsStatus.RECEIVED,
    RightsStatus.IDENTITY_CHECK,
    RightsStatus.WAITING,
    RightsStatus.IN_PROGRESS,
)
CLOSED_RIGHTS_STATUSES = (
    RightsStatus.COMPLETED,
    RightsStatus.PARTLY_COMPLETED,
    RightsStatus.REFUSED,
)


class RightsChannel(models.TextChoices):
    MEMBER = "member", "회원 본인"
    PROXY = "proxy", "대리인"


class ProxyRelation(models.TextChoices):
    LEGAL = "legal", "법정대리인"
    DELEGATE = "delegate", "위임을 받은 자"


class HoldPurpose(models.TextChoices):
    """What a member's data is used or provided for, as processing holds name it
    (privacy.holds). A 처리정지 request names some of these."""

    CONSULTANT_VIEW = "consultant_view", "컨설턴트 제공"
    MESSAGING = "messaging", "카카오톡 메시지"
    RECOMMENDATION = "recommendation", "맞춤형 추천"
    COMPANY_APPLICATION = "company_application", "기업에 지원서 제공"


class RequestKeyMixin:
    """Encrypted under the request's own data key (`encryption_subject()` of the row), not its
    member's: the request is the record that a right was exercised and outlives the member's
    account (a completed deletion destroys the member's key) for the policy's 3 months, then
    is shredded with its own key. The registry's `owner` still names the member, so the access
    log and the member's data download find whose request it is. (privacy.fields.bound_subject
    uses `encryption_subject()` wherever a model defines it, for writing and for reading.)"""


class RequestEncryptedCharField(RequestKeyMixin, EncryptedCharField):
    pass


class RequestEncryptedTextField(RequestKeyMixin, EncryptedTextField):
    pass


class RightsRequest(SealedRow):
    """A member's (or their proxy's) request to exercise a right. The current `status` and
    `due_date` are kept on the row for the officer's desk; every change of status is also
    appended to RightsRequestEvent."""

    subject = models.UUIDField("요구 기록 키 ID", default=uuid.uuid4, unique=True, editable=False)
    # SET_NULL: a completed deletion removes the account, the record that it was asked stays.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rights_requests",
        verbose_name="회원",
    )
    kind = models.CharField("요구 종류", max_length=20, choices=RightsKind.choices)
    status = models.CharField(
        "처리 상태", max_length=20, choices=RightsStatus.choices, default=RightsStatus.RECEIVED
    )
    channel = models.CharField("요구한 사람", max_length=10, choices=RightsChannel.choices)
    # Who asked for whom, as written at filing: the accountability record (decision 0005).
    principal_name = RequestEncryptedCharField("정보주체 이름", max_length=50)
    principal_phone = RequestEncryptedCharField("정보주체 전화번호", max_length=20)
    proxy_name = RequestEncryptedCharField("대리인 이름", max_length=50, blank=True)
    proxy_phone = RequestEncryptedCharField("대리인 전화번호", max_length=20, blank=True)
    proxy_relation = models.CharField(
        "대리인 구분", max_length=10, choices=ProxyRelation.choices, blank=True
    )
    detail = RequestEncryptedTextField("요구 내용", max_length=2000, blank=True)
    correction_item = RequestEncryptedCharField("정정할 항목", max_length=100, blank=True)
    correction_value = RequestEncryptedTextField("올바른 내용", max_length=2000, blank=True)
    # Codes of HoldPurpose in the canonical form ",messaging,recommendation," (portable
    # `contains` lookups on SQLite and PostgreSQL, like the access log's subjects).
    suspend_purposes = models.CharField("정지할 처리", max_length=200, blank=True)
    received_at = models.DateTimeField("접수 일시")
    # 시행령 제41조·제43조·제44조: 10 days (KST calendar days, decision 0005), plus days paused.
    due_date = models.DateField("처리 기한", db_index=True)
    paused_at = models.DateTimeField("기한 정지 시작", null=True, blank=True)
    paused_days = models.PositiveIntegerField("정지된 일수", default=0)
    identity_verified_at = models.DateTimeField("본인 확인 일시", null=True, blank=True)
    closed_at = models.DateTimeField("종결 일시", null=True, blank=True, db_index=True)
    result = RequestEncryptedTextField("처리 결과", max_length=2000, blank=True)
    # 시행령 제42조·제44조 and 제47조: a refusal (or partial refusal) states its grounds and
    # how to object.
    grounds = RequestEncryptedTextField("거절 사유", max_length=2000, blank=True)
    objection = RequestEncryptedTextField("이의 제기 방법", max_length=2000, blank=True)

    class Meta:
        verbose_name = "권리 행사 요구"
        verbose_name_plural = "권리 행사 요구"
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["member", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 요구 #{self.pk}"

    def encryption_subject(self) -> uuid.UUID:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RIGHTS_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def purposes(self) -> list[str]:
        return [p for p in self.suspend_purposes.split(",") if p]

    def get_purposes_display(self) -> list[str]:
        return [HoldPurpose(p).label for p in self.purposes if p in HoldPurpose.values]

    def days_left_on(self, today: datetime.date) -> int:
        """Whole days to the due date from `today` (KST). The clock stands still while the
        request is paused, so a paused request counts from the day it was paused."""
        if self.paused_at is not None:
            today = timezone.localdate(self.paused_at)
        return (self.due_date - today).days

    @property
    def days_left(self) -> int:
        return self.days_left_on(timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.days_left < 0

    @property
    def dday_label(self) -> str:
        """'D-3', 'D-day', '기한 초과 (2일)' — the officer's desk reads these."""
        if not self.is_open:
            return self.get_status_display()
        days = self.days_left
        prefix = "정지 · " if self.is_paused else ""
        if days > 0:
            return f"{prefix}D-{days}"
        if days == 0:
            return f"{prefix}D-day"
        return f"{prefix}기한 초과 ({-days}일)"


class RightsRequestEvent(SealedRow):
    """One change of a request's status, appended and never changed: the request's history
    (received → identity check → in progress → completed / partly completed / refused)."""

    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="events", verbose_name="요구"
    )
    status = models.CharField("처리 상태", max_length=20, choices=RightsStatus.choices)
    at = models.DateTimeField("일시")
    # Ids and roles, not names (like the access log): the history must not copy staff data.
    actor_id = models.BigIntegerField("처리한 계정 ID", null=True, blank=True)
    actor_role = models.CharField("처리한 계정 역할", max_length=20, blank=True)
    note = RequestEncryptedTextField("메모", max_length=2000, blank=True)

    class Meta:
        verbose_name = "권리 행사 요구 처리 이력"
        verbose_name_plural = "권리 행사 요구 처리 이력"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.request_id})"

    def encryption_subject(self) -> uuid.UUID:
        return self.request.subject


class PowerOfAttorney(SealedRow):
    """A proxy's 위임장 (시행규칙 별지 제11호 서식), kept only as ciphertext under the request's
    key: the bytes are base64 inside an encrypted field and never written to disk in the clear
    (the upload is held in memory, privacy.rights_forms)."""

    request = models.OneToOneField(
        RightsRequest, on_delete=models.CASCADE, related_name="attorney", verbose_name="요구"
    )
    content_type = models.CharField("파일 형식", max_length=40)
    size = models.PositiveIntegerField("크기 (바이트)")
    data = RequestEncryptedTextField("위임장")
    uploaded_at = models.DateTimeField("제출 일시")

    class Meta:
        verbose_name = "위임장"
        verbose_name_plural = "위임장"

    def __str__(self) -> str:
        return f"위임장 ({self.request_id})"

    def encryption_subject(self) -> uuid.UUID:
        return self.request.subject


class RightsNotice(models.Model):
    """An in-app notice to the member: the outcome of a step of their request. The text comes
    from the status (no free text is copied here)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rights_notices",
        verbose_name="회원",
    )
    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="notices", verbose_name="요구"
    )
    status = models.CharField("처리 상태", max_length=20, choices=RightsStatus.choices)
    created_at = models.DateTimeField("알림 일시")
    read_at = models.DateTimeField("읽은 일시", null=True, blank=True)

    class Meta:
        verbose_name = "권리 행사 알림"
        verbose_name_plural = "권리 행사 알림"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "read_at"])]

    def __str__(self) -> str:
        return f"알림 #{self.pk}"

    @property
    def message(self) -> str:
        kind = self.request.get_kind_display()
        return NOTICE_MESSAGES.get(self.status, "{kind} 요구의 처리 상태가 바뀌었어요.").format(
            kind=kind
        )


NOTICE_MESSAGES = {
    RightsStatus.RECEIVED: "{kind} 요구를 접수했어요.",
    RightsStatus.IDENTITY_CHECK: "{kind} 요구의 본인·대리인 확인을 하고 있어요.",
    RightsStatus.WAITING: (
        "{kind} 요구 처리에 필요한 자료가 있어요. 안내를 확인해 주세요. "
        "보내 주실 때까지 처리 기한이 멈춰요."
    ),
    RightsStatus.IN_PROGRESS: "{kind} 요구를 처리하고 있어요.",
    RightsStatus.COMPLETED: "{kind} 요구를 처리했어요.",
    RightsStatus.PARTLY_COMPLETED: (
        "{kind} 요구를 일부만 처리했어요. 사유와 이의 제기 방법을 확인해 주세요."
    ),
    RightsStatus.REFUSED: (
        "{kind} 요구를 처리할 수 없었어요. 사유와 이의 제기 방법을 확인해 주세요."
    ),
}


class ReminderKind(models.TextChoices):
    D3 = "d3", "D-3"
    D1 = "d1", "D-1"
    OVERDUE = "overdue", "기한 초과"


class RightsReminder(models.Model):
    """A deadline reminder to staff (in-app for now). One per request per kind: the daily job
    inserts it, and the unique constraint makes a second run a no-op."""

    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="reminders", verbose_name="요구"
    )
    kind = models.CharField("알림 종류", max_length=10, choices=ReminderKind.choices)
    due_date = models.DateField("알림 당시 처리 기한")
    created_at = models.DateTimeField("알림 일시")

    class Meta:
        verbose_name = "권리 행사 기한 알림"
        verbose_name_plural = "권리 행사 기한 알림"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="one_reminder_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.request_id})"
