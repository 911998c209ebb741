"""The outbox: one row per KakaoTalk message, written in the transaction of the change that
causes it, and the message log it becomes once sent.

A row's life: QUEUED (waiting for `not_before`) → SENDING (claimed by one relay) → ACCEPTED (the
provider took it and gave a request id) → DELIVERED or UNDELIVERED (the delivery result, from
the webhook or by polling). Off that path: SKIPPED (checked at send time: no consent, a hold,
the member's settings), CANCELLED (the member withdrew), FAILED (a permanent provider error, or
retries exhausted; staff may resend it after giving a reason).

The template's variables are the recipient's personal data, sealed under their key; the phone
number is not copied here: it is read from the account when the message is sent."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.api import EncryptedJSONField, SealedRow


class Channel(models.TextChoices):
    # Informational messages from approved templates (정보성 메시지 only).
    ALIMTALK = "alimtalk", "알림톡"
    # Advertising (정보통신망법 제50조): never 알림톡.
    BRAND = "brand", "브랜드 메시지"


class State(models.TextChoices):
    QUEUED = "queued", "발송 대기"
    SENDING = "sending", "발송 중"
    ACCEPTED = "accepted", "발송 요청됨"
    DELIVERED = "delivered", "전달됨"
    UNDELIVERED = "undelivered", "전달 안 됨"
    FAILED = "failed", "발송 실패"
    SKIPPED = "skipped", "보내지 않음"
    CANCELLED = "cancelled", "취소됨"


# States a relay may still act on; every other state is final for the relay.
OPEN_STATES = (State.QUEUED, State.SENDING)


class SkipReason(models.TextChoices):
    NOT_A_MEMBER = "not_member", "회원이 아님"
    NO_PHONE = "no_phone", "전화번호 없음"
    WITHDRAWN = "withdrawn", "탈퇴한 회원"
    NO_CONSENT = "no_consent", "카카오톡 메시지 수신 미동의"
    NO_MARKETING_CONSENT = "no_marketing", "광고성 정보 수신 미동의"
    HELD = "held", "처리정지 중"
    SETTINGS_OFF = "settings_off", "알림 설정에서 끔"
    NOT_ADVERTISING_READY = "ad_rules", "광고성 정보 표기 요건 미충족"


def grouping_key_for(key: str) -> str:
    """The provider's recipientGroupingKey (≤100 characters) for a message key: stable, so a
    relay that crashed mid-call can ask the provider whether this message went."""
    return "lm-" + hashlib.sha256(key.encode()).hexdigest()[:40]


class Message(SealedRow):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kakaotalk_messages",
        verbose_name="받는 사람",
    )
    # The notification kind that caused it ("recruiting.offer"): the member's settings are per kind.
    kind = models.CharField("종류", max_length=60)
    channel = models.CharField(
        "채널", max_length=10, choices=Channel.choices, default=Channel.ALIMTALK
    )
    template_code = models.CharField("템플릿 코드", max_length=20)
    params = EncryptedJSONField("템플릿 변수")
    advertising = models.BooleanField("광고성 정보", default=False)
    # Derived from the change that caused it: the same change never queues a second message.
    key = models.CharField("발송 키", max_length=200, unique=True)
    grouping_key = models.CharField("묶음 키", max_length=100, unique=True)
    state = models.CharField(
        "상태", max_length=12, choices=State.choices, default=State.QUEUED, db_index=True
    )
    skip_reason = models.CharField(
        "보내지 않은 이유", max_length=20, choices=SkipReason.choices, blank=True
    )
    # Not sent before this moment (a night-time advertising message waits for 08:00; a retry
    # waits for its backoff).
    not_before = models.DateTimeField("발송 예정 시각", default=timezone.now)
    attempts = models.PositiveSmallIntegerField("시도 횟수", default=0)
    claimed_at = models.DateTimeField("발송 작업 시작", null=True, blank=True)
    claim_token = models.UUIDField("발송 작업 토큰", null=True, blank=True)
    gateway = models.CharField("발송 대행사", max_length=20, blank=True)
    request_id = models.CharField("요청 ID", max_length=64, blank=True)
    recipient_seq = models.PositiveIntegerField("수신자 순번", null=True, blank=True)
    result_code = models.CharField("결과 코드", max_length=12, blank=True)
    result_message = models.CharField("결과 메시지", max_length=200, blank=True)
    created_at = models.DateTimeField("생성 시각", default=timezone.now)
    sent_at = models.DateTimeField("발송 시각", null=True, blank=True)
    delivered_at = models.DateTimeField("전달 시각", null=True, blank=True)
    updated_at = models.DateTimeField("변경 시각", auto_now=True)

    class Meta:
        verbose_name = "카카오톡 메시지"
        verbose_name_plural = "카카오톡 메시지"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "not_before"], name="messaging_due"),
            models.Index(fields=["recipient", "created_at"], name="messaging_recipient"),
        ]

    def __str__(self) -> str:
        return f"메시지 #{self.pk}"

    def save(self, *args, **kwargs):
        if not self.grouping_key and self.key:
            self.grouping_key = grouping_key_for(self.key)
        super().save(*args, **kwargs)


# --- The member's notification settings (issue 13) ------------------------------------------


class PreferenceGroup(models.TextChoices):
    """What a member may switch KakaoTalk on or off for, in groups they recognise (not one
    toggle per internal kind). messaging.preferences maps each kind to its group."""

    RECRUITING = "recruiting", "입사 제안·지원"
    COVER_LETTERS = "coverletters", "자기소개서 마감"
    CONSULTING = "consulting", "컨설팅"
    PRIVACY = "privacy", "개인정보 안내"


class MessagePreference(models.Model):
    """A member's choice for one group: KakaoTalk on or off. No row means on (the member gave
    the KakaoTalk consent; the settings only narrow it). In-app notifications are not affected:
    they always appear."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="message_preferences",
        verbose_name="회원",
    )
    group = models.CharField("알림 종류", max_length=20, choices=PreferenceGroup.choices)
    kakaotalk = models.BooleanField("카카오톡으로 받기", default=True)
    updated_at = models.DateTimeField("변경 시각", auto_now=True)

    class Meta:
        verbose_name = "알림 설정"
        verbose_name_plural = "알림 설정"
        constraints = [
            models.UniqueConstraint(fields=["member", "group"], name="messaging_one_preference")
        ]

    def __str__(self) -> str:
        return f"알림 설정 #{self.pk}"


class PollCursor(models.Model):
    """How far the delivery results have been polled from one gateway (messaging.tasks.poll):
    the next poll asks from here, so a webhook lost while nobody listened is still applied."""

    gateway = models.CharField("발송 대행사", max_length=20, unique=True)
    polled_until = models.DateTimeField("조회한 시각")
    updated_at = models.DateTimeField("변경 시각", auto_now=True)

    class Meta:
        verbose_name = "전달 결과 조회 위치"
        verbose_name_plural = "전달 결과 조회 위치"

    def __str__(self) -> str:
        return f"{self.gateway}: {self.polled_until:%Y-%m-%d %H:%M}"


class UnlinkState(models.TextChoices):
    PENDING = "pending", "요청 대기"
    SENDING = "sending", "요청 중"
    DONE = "done", "연결 끊김"


class KakaoUnlink(models.Model):
    """The outbox of Kakao Login unlink calls (POST /v1/user/unlink), one per withdrawal of a
    member who signed in with Kakao: written in the withdrawal's transaction, so a withdrawal
    never waits on Kakao, and sent by messaging.kakao_unlink until Kakao says the link is gone.

    No foreign key to the account: the account is deleted by the withdrawal's second step,
    while the call may still be retried. Kakao's user id is kept only until the call succeeds."""

    kakao_id = models.CharField("카카오 회원번호", max_length=32, blank=True)
    state = models.CharField(
        "상태", max_length=8, choices=UnlinkState.choices, default=UnlinkState.PENDING
    )
    not_before = models.DateTimeField("다음 시도 시각", default=timezone.now)
    attempts = models.PositiveSmallIntegerField("시도 횟수", default=0)
    claimed_at = models.DateTimeField("발송 작업 시작", null=True, blank=True)
    claim_token = models.UUIDField("발송 작업 토큰", null=True, blank=True)
    result_code = models.CharField("결과 코드", max_length=12, blank=True)
    result_message = models.CharField("결과 메시지", max_length=200, blank=True)
    created_at = models.DateTimeField("생성 시각", default=timezone.now)
    done_at = models.DateTimeField("완료 시각", null=True, blank=True)

    class Meta:
        verbose_name = "카카오 연결 끊기"
        verbose_name_plural = "카카오 연결 끊기"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "not_before"], name="kakao_unlink_due")]

    def __str__(self) -> str:
        return f"연결 끊기 #{self.pk}"


class MessageResend(models.Model):
    """Staff resent a failed message: who, when and why. The reason is required (a resend
    sends a member's data to the provider again), and kept with the message it explains."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="resends", verbose_name="메시지"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="처리한 직원",
    )
    reason = models.CharField("재발송 사유", max_length=200)
    previous_result_code = models.CharField("이전 결과 코드", max_length=12, blank=True)
    created_at = models.DateTimeField("재발송 시각", default=timezone.now)

    class Meta:
        verbose_name = "재발송 기록"
        verbose_name_plural = "재발송 기록"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"재발송 #{self.pk}"
