import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.keys.fields import EncryptedCharField, EncryptedTextField
from privacy.keys.rows import SealedRow


class RightsKind(models.TextChoices):
    ACCESS = "access", "열람"
    CORRECTION = "correction", "정정"
    DELETION = "deletion", "삭제"
    SUSPENSION = "suspension", "처리정지"
    # 개인정보 보호법 제37조: a member whose processing was suspended may ask for it to resume.
    # Filed only from a granted 처리정지 (its `lifts`), never from the general form.
    LIFT_SUSPENSION = "lift_suspension", "처리정지 해제"


# What the member's and the proxy's general forms offer: a lift names the suspension it lifts.
FILABLE_KINDS = (
    RightsKind.ACCESS,
    RightsKind.CORRECTION,
    RightsKind.DELETION,
    RightsKind.SUSPENSION,
)


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
# The fields a list needs: no encrypted column, so no data key is read and the query count
# does not grow with the number of requests (each request has its own key).
LIST_FIELDS = (
    "id",
    "member_id",
    "kind",
    "status",
    "channel",
    "received_at",
    "due_date",
    "paused_at",
    "paused_days",
    "closed_at",
    "suspend_purposes",
    "received_via",
    "lifts_id",
    "lifted_at",
)


class RightsChannel(models.TextChoices):
    MEMBER = "member", "회원 본인"
    PROXY = "proxy", "대리인"


class ReceivedVia(models.TextChoices):
    """How a request reached us (시행령 제41조①: 서면, 전화, 전자우편, 인터넷, 방문). Apart
    from RightsChannel (who asked: the member or a proxy): either may call, write or visit."""

    ONLINE = "online", "온라인 (개인정보 센터·대리인 양식)"
    PHONE = "phone", "전화"
    POST = "post", "우편"
    VISIT = "visit", "방문"
    EMAIL = "email", "전자우편"


STAFF_ENTERED_VIA = (ReceivedVia.PHONE, ReceivedVia.POST, ReceivedVia.VISIT, ReceivedVia.EMAIL)


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
    log and the member's data download find whose request it is. (privacy.keys.rows.bound_subject
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
    received_via = models.CharField(
        "접수 경로", max_length=10, choices=ReceivedVia.choices, default=ReceivedVia.ONLINE
    )
    # A request received by phone, letter or in person is typed in by staff: who did.
    entered_by_id = models.BigIntegerField("접수 등록한 담당자 계정 ID", null=True, blank=True)
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
    # 시행령 제46조: how (from a fixed list, in the clear), a note (encrypted) and by whom.
    identity_method = models.CharField("본인 확인 방법", max_length=100, blank=True)
    identity_note = RequestEncryptedCharField("본인 확인 메모", max_length=200, blank=True)
    identity_checked_by_id = models.BigIntegerField(
        "본인 확인한 담당자 계정 ID", null=True, blank=True
    )
    # A 처리정지 해제 names what it lifts; a completed one sets `lifted_at` (privacy.holds).
    lifts = models.ForeignKey(
        "self",
        # SET_NULL: each request is destroyed on its own schedule (privacy.rights.privacy).
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lift_requests",
        verbose_name="해제할 처리정지 요구",
    )
    lifted_at = models.DateTimeField("처리정지 해제 일시", null=True, blank=True)
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

    @property
    def is_active_suspension(self) -> bool:
        """A granted 처리정지 not yet lifted: what a member may ask to lift."""
        return (
            self.kind == RightsKind.SUSPENSION
            and self.status in (RightsStatus.COMPLETED, RightsStatus.PARTLY_COMPLETED)
            and self.lifted_at is None
        )

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


ACTOR_ROLE_LABELS = {"member": "회원 본인", "staff": "담당자", "consultant": "컨설턴트"}


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

    @property
    def actor_label(self) -> str:
        """Who took the step, in the officer's words: 회원 본인, 대리인, 담당자, 시스템."""
        if self.actor_id is None:
            if self.request.channel == RightsChannel.PROXY and self.status in (
                RightsStatus.RECEIVED,
                RightsStatus.IDENTITY_CHECK,
            ):
                return "대리인 (공개 양식)"
            return "시스템"
        return ACTOR_ROLE_LABELS.get(self.actor_role, "담당자")

    def encryption_subject(self) -> uuid.UUID:
        return self.request.subject


class PowerOfAttorney(SealedRow):
    """A proxy's 위임장 (시행규칙 별지 제11호 서식), kept only as ciphertext under the request's
    key: the bytes are base64 inside an encrypted field and never written to disk in the clear
    (the upload is held in memory, privacy.rights.forms)."""

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
