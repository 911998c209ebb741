"""Consultants, their invitations, and the engagements members ask them for.

A consultant is an account with role consultant (accounts.User); their profile is their own
personal data, sealed under their own data key. An engagement is the member's: its request
note is sealed under the member's key."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from consulting.catalog import ServiceKind
from privacy.api import EncryptedCharField, EncryptedTextField, SealedRow


class ConsultantProfile(SealedRow):
    consultant = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant_profile"
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

    subject = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = EncryptedCharField("이름", max_length=50)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
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
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="engagements"
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultant_engagements",
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

    class Meta:
        verbose_name = "컨설팅 요청"
        verbose_name_plural = "컨설팅 요청"

    def __str__(self) -> str:
        return f"컨설팅 요청 #{self.pk}"
