from django.db import models


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
    # Staff looked a member up (by phone, through the blind index): whom it found.
    SEARCH = "search", "회원 검색"
    # A staff account without current designation or privacy education tried to open members'
    # data (privacy.staff.designation) and was refused.
    DENIED = "denied", "접근 거부"


class AccessLogEntry(models.Model):
    """One entry of the access log. Rows are only ever appended (privacy.accesslog.append); the
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
    # Stored encrypted (privacy.accesslog.reasons.seal_reason), under a key of the log's own,
    # never a member's: read it through `reason_text`.
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
        indexes = [
            models.Index(fields=["chain", "at"]),
            models.Index(fields=["at"]),
            # The admin's list: newest first, (at, id), with each filter's column in front, so
            # a page of any filter is an index range read backwards, however long the log.
            models.Index(fields=["at", "id"], name="access_log_at_id"),
            models.Index(fields=["actor_id", "at", "id"], name="access_log_actor_at_id"),
            models.Index(fields=["action", "at", "id"], name="access_log_action_at_id"),
        ]
        # Seeing a member's data unmasked on a staff screen is a permission of its own, so the
        # privacy officer grants it to the few who need it (privacy.staff.mixins).
        permissions = [("reveal_personal_data", "마스킹된 개인정보 열람")]

    def __str__(self) -> str:
        return f"{self.get_chain_display()} #{self.seq}"

    @property
    def subject_ids(self) -> list[int]:
        return [int(s) for s in self.subjects.split(",") if s]

    @property
    def reason_text(self) -> str:
        from privacy.accesslog.reasons import open_reason

        return open_reason(self)


class AccessLogSubject(models.Model):
    """One member named by one entry: the entry's `subjects` text, one row per member, so "whose
    data did staff see" is an index lookup (the privacy centre's 내 정보를 본 기록, the admin's
    정보주체 filter) rather than a `LIKE '%,17,%'` scan of a log that grows for two years.

    Written in the same transaction as its entry (privacy.accesslog.append.access_log_append) and
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
    # the external witness (privacy.accesslog.witness) holds a copy of each.
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
# are answered within 10 days. Services: privacy.rights (filing, steps, deadlines, notices);
# processing holds: privacy.holds; decision record: docs/decisions/0005-rights-requests.md.
# (Imported here, not at the top, so this section stays one appended block.)


class AccessLogReview(models.Model):
    """The record that a month's review of unusual access was done (안전성 확보조치 기준 제8조 ②:
    월 1회 이상 점검): who looked at the month's report, when, what they found, and the report's
    figures as they saw them. One per month, written once; the quarterly audit reads it."""

    month = models.DateField("점검 월", unique=True)  # the first day of the month (KST)
    reviewed_at = models.DateTimeField("점검 일시")
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="점검한 직원",
    )
    # Kept when the account goes: the record says who did it (staff, not members' data).
    reviewed_by_name = models.CharField("점검한 직원 아이디", max_length=150)
    findings = models.TextField("점검 결과", max_length=2000)
    figures = models.JSONField("보고서 수치", default=dict)

    class Meta:
        verbose_name = "접속기록 월간 점검 기록"
        verbose_name_plural = "접속기록 월간 점검 기록"
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y년 %m월} 접속기록 점검"
