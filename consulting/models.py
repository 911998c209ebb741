"""Consultants, their invitations, and the engagements members ask them for.

A consultant is an account with role consultant (accounts.User); their profile is their own
personal data, sealed under their own data key. An engagement is the member's: its request
note is sealed under the member's key."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Role
from consulting.catalog import ServiceKind
from privacy.api import EncryptedCharField, EncryptedJSONField, EncryptedTextField, SealedRow


class ConsultantProfileQuerySet(models.QuerySet):
    def listed(self):
        """The consultants a member may see and ask (and staff may hand a request to): a card
        shown to members, on an active consultant account."""
        return self.filter(
            is_listed=True, consultant__is_active=True, consultant__role=Role.CONSULTANT
        )


class ConsultantProfile(SealedRow):
    objects = ConsultantProfileQuerySet.as_manager()

    consultant = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultant_profile",
        verbose_name="컨설턴트",
    )
    display_name = EncryptedCharField("이름", max_length=50)
    headline = EncryptedCharField("한 줄 소개", max_length=120, blank=True)
    # Codes of consulting.catalog.JobFamily and Industry.
    job_families = models.JSONField("전문 직무", default=list, blank=True)
    industries = models.JSONField("전문 산업", default=list, blank=True)
    career_summary = EncryptedTextField("경력 요약", max_length=2000, blank=True)
    # What staff verified (e.g. 재직 증명 확인) and how: for staff only, never shown to members.
    credential_note = EncryptedTextField(
        "검증한 자격 메모 (운영진 전용)", max_length=1000, blank=True
    )
    is_listed = models.BooleanField("회원에게 공개", default=False)
    created_at = models.DateTimeField("등록일", auto_now_add=True)
    updated_at = models.DateTimeField("수정일", auto_now=True)

    class Meta:
        verbose_name = "컨설턴트 프로필"
        verbose_name_plural = "컨설턴트 프로필"

    def __str__(self) -> str:
        return f"컨설턴트 프로필 #{self.pk}"


INVITATION_DAYS = 7


def invitation_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)


class ConsultantInvitation(SealedRow):
    """A one-time link to become a consultant. Only the token's keyed hash is stored; the link
    is shown once, to the staff member who made it. The invitee's name is sealed under the
    invitation's own data key (`subject`), shredded when the row is destroyed."""

    subject = models.UUIDField("초대 기록 키 ID", default=uuid.uuid4, unique=True, editable=False)
    name = EncryptedCharField("이름", max_length=50)
    token_hash = models.CharField("초대 링크 해시", max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="초대한 운영진",
    )
    created_at = models.DateTimeField("초대일", auto_now_add=True)
    expires_at = models.DateTimeField("만료", default=invitation_expiry)
    accepted_at = models.DateTimeField("수락", null=True, blank=True)
    consultant = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="만들어진 컨설턴트 계정",
    )

    class Meta:
        verbose_name = "컨설턴트 초대"
        verbose_name_plural = "컨설턴트 초대"

    def __str__(self) -> str:
        return f"컨설턴트 초대 #{self.pk}"


class EngagementState(models.TextChoices):
    REQUESTED = "requested", "요청됨"
    # Payment goes here, between requested and accepted (e.g. PAID = "paid", "결제 완료"):
    # a consultant would accept only a paid request. Not part of issue 12.
    ACCEPTED = "accepted", "수락됨"
    IN_REVIEW = "in_review", "검토 중"
    SCHEDULED = "scheduled", "일정 확정"
    DELIVERED = "delivered", "피드백 전달"
    REVISION = "revision", "수정 요청"
    CLOSED = "closed", "종료"
    DECLINED = "declined", "거절됨"
    CANCELLED = "cancelled", "취소됨"


OPEN_STATES = (
    EngagementState.REQUESTED,
    EngagementState.ACCEPTED,
    EngagementState.IN_REVIEW,
    EngagementState.SCHEDULED,
    EngagementState.DELIVERED,
    EngagementState.REVISION,
)


class Engagement(SealedRow):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="engagements",
        verbose_name="회원",
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultant_engagements",
        verbose_name="컨설턴트",
    )
    service = models.CharField("서비스", max_length=30, choices=ServiceKind.choices)
    state = models.CharField(
        "상태", max_length=20, choices=EngagementState.choices, default=EngagementState.REQUESTED
    )
    request_note = EncryptedTextField("요청 내용", max_length=2000, blank=True)
    requested_at = models.DateTimeField("요청일", auto_now_add=True)
    accepted_at = models.DateTimeField("수락일", null=True, blank=True)
    due_at = models.DateTimeField("기한", null=True, blank=True, db_index=True)
    revisions_used = models.PositiveSmallIntegerField("사용한 수정 횟수", default=0)
    ended_at = models.DateTimeField("종료일", null=True, blank=True)
    updated_at = models.DateTimeField("수정일", auto_now=True)
    # The member asked to be matched by their 희망 직무·산업 rather than picking a consultant.
    matched = models.BooleanField("자동 매칭", default=False)
    # Set once, the first time the overdue sweep tells staff (an overdue engagement is flagged
    # once, not at every sweep).
    overdue_flagged_at = models.DateTimeField("기한 초과 알림", null=True, blank=True)

    class Meta:
        verbose_name = "컨설팅 요청"
        verbose_name_plural = "컨설팅 요청"
        indexes = [models.Index(fields=["consultant", "state", "due_at"])]

    def __str__(self) -> str:
        return f"컨설팅 요청 #{self.pk}"


class Snapshot(SealedRow):
    """What the member shared for an engagement, copied at that moment (numbered 1, 2, …: each
    "다시 공유하기" is a new snapshot with a new grant). The consultant reads it only through
    privacy's `shared_view`, by the grant that names it; the member's later edits reach the
    consultant only through a new snapshot. Sealed under the member's key."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="snapshots")
    number = models.PositiveSmallIntegerField("공유 차수")
    taken_at = models.DateTimeField("공유 시각", default=timezone.now)
    # The grant (privacy.sharing) that gives the consultant this snapshot; the snapshot's
    # retention follows the grant's end (consulting/privacy.py).
    grant = models.OneToOneField(
        "privacy.SharingGrant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the member chose, by the policy's item labels and the rows' ids (never a value):
    # {"profile": ["이름", ...], "cover_letters": [id, ...], "experiences": [id, ...]}.
    selection = models.JSONField("고른 항목", default=dict)

    class Meta:
        verbose_name = "컨설팅 공유 사본"
        verbose_name_plural = "컨설팅 공유 사본"
        ordering = ["engagement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "number"], name="snapshot_number_once")
        ]

    def __str__(self) -> str:
        return f"공유 사본 #{self.pk}"


class SnapshotItemKind(models.TextChoices):
    NOTE = "note", "요청 내용"
    PROFILE = "profile", "프로필 항목"
    COVER_LETTER = "cover_letter", "자기소개서"
    QUESTION = "question", "자기소개서 문항"
    EXPERIENCE = "experience", "경험"


class SnapshotItem(SealedRow):
    """One thing in a snapshot, directly under it (privacy's sharing reads a shared object and
    the rows one step below it, never two): a profile item, a cover letter's heading, one of its
    questions with the answer as it was, or an experience. `source_id` is the member's own row
    (the question, for re-anchoring comments on the member's later versions); `group` ties a
    letter's questions to its heading."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("순서")
    kind = models.CharField("종류", max_length=20, choices=SnapshotItemKind.choices)
    source_id = models.PositiveBigIntegerField("원본 ID", null=True, blank=True)
    group = models.PositiveIntegerField("묶음", default=0)
    title = EncryptedCharField("제목", max_length=1000, blank=True)
    body = EncryptedTextField("내용", max_length=20000, blank=True)
    # Kind-specific values (a question's limit and counting basis, its revision; a letter's
    # company and job; an experience's STAR parts), as they were.
    extra = EncryptedJSONField("부가 정보", default=dict, blank=True)

    class Meta:
        verbose_name = "컨설팅 공유 항목"
        verbose_name_plural = "컨설팅 공유 항목"
        ordering = ["snapshot", "position"]

    def __str__(self) -> str:
        return f"공유 항목 #{self.pk}"


class Comment(SealedRow):
    """A consultant's comment on a sentence of a shared question, or a reply in its thread
    (the consultant's or the member's). Anchored to the snapshot's text (consulting.anchoring):
    the quote with some text before and after it and its offsets, so it can be placed again on
    the member's later versions of the question (`item.source_id`). The member's data, sealed
    under the member's key whoever wrote it."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        SnapshotItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    # The member's question the comment is about (kept when the snapshot is destroyed).
    question_id = models.PositiveBigIntegerField("문항 ID", null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    round = models.PositiveSmallIntegerField("회차", default=1)
    snapshot_number = models.PositiveSmallIntegerField("사본 차수", default=1)
    quote = EncryptedTextField("인용한 문장", max_length=2000, blank=True)
    prefix = EncryptedTextField("앞 문맥", max_length=200, blank=True)
    suffix = EncryptedTextField("뒤 문맥", max_length=200, blank=True)
    start = models.PositiveIntegerField("시작 위치", null=True, blank=True)
    end = models.PositiveIntegerField("끝 위치", null=True, blank=True)
    body = EncryptedTextField("의견", max_length=4000)
    created_at = models.DateTimeField("작성 시각", default=timezone.now)
    resolved_at = models.DateTimeField("해결 시각", null=True, blank=True)

    class Meta:
        verbose_name = "컨설팅 의견"
        verbose_name_plural = "컨설팅 의견"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["engagement", "question_id"])]

    def __str__(self) -> str:
        return f"의견 #{self.pk}"


class Delivery(SealedRow):
    """The overall summary that closes a round (회차) of feedback, and when it was delivered."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="deliveries")
    round = models.PositiveSmallIntegerField("회차")
    summary = EncryptedTextField("총평", max_length=8000)
    delivered_at = models.DateTimeField("전달 시각", default=timezone.now)

    class Meta:
        verbose_name = "컨설팅 총평"
        verbose_name_plural = "컨설팅 총평"
        ordering = ["engagement", "round"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "round"], name="delivery_round_once")
        ]

    def __str__(self) -> str:
        return f"총평 #{self.pk}"


class SessionProposal(SealedRow):
    """A session time the consultant proposes for a 모의면접; the member confirms one."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="proposals")
    starts_at = models.DateTimeField("시작 시각")
    minutes = models.PositiveSmallIntegerField("진행 시간(분)", default=60)
    where = EncryptedTextField("진행 방법", max_length=500, blank=True)
    proposed_at = models.DateTimeField("제안 시각", default=timezone.now)
    confirmed_at = models.DateTimeField("확정 시각", null=True, blank=True)
    withdrawn_at = models.DateTimeField("취소 시각", null=True, blank=True)

    class Meta:
        verbose_name = "면접 일정 제안"
        verbose_name_plural = "면접 일정 제안"
        ordering = ["engagement", "starts_at"]

    def __str__(self) -> str:
        return f"일정 제안 #{self.pk}"


class Rating(SealedRow):
    """The member's rating of a delivered engagement (once), and the consultant's one public
    answer. Shown on the consultant's card without the member's name; staff may hide it."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="rating", verbose_name="컨설팅 요청"
    )
    score = models.PositiveSmallIntegerField("평점")
    line = EncryptedCharField("한 줄 평", max_length=200, blank=True)
    reply = EncryptedTextField("컨설턴트 답변", max_length=1000, blank=True)
    created_at = models.DateTimeField("평가 시각", default=timezone.now)
    replied_at = models.DateTimeField("답변 시각", null=True, blank=True)
    hidden_at = models.DateTimeField("숨김 처리", null=True, blank=True)

    class Meta:
        verbose_name = "컨설팅 평가"
        verbose_name_plural = "컨설팅 평가"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"평가 #{self.pk}"
