from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.consents.purposes import Purpose
from privacy.keys.fields import EncryptedJSONField
from privacy.keys.rows import SealedRow


class ConsentChannel(models.TextChoices):
    SIGNUP = "signup", "회원가입"
    SETTINGS = "settings", "내 정보"
    PRIVACY_CENTRE = "privacy_centre", "개인정보 센터"
    COOKIE_BANNER = "cookie_banner", "쿠키 선택"
    POLICY_CHANGE = "policy_change", "방침 변경 재동의"
    # A provision's own consent screen (제17조 제2항), e.g. a consulting request.
    PROVISION = "provision", "제3자 제공 동의 화면"


class ConsentRecord(SealedRow):
    """One decision in the consent ledger. Rows are only ever appended: the current state of a
    purpose is its latest row (privacy.consents.services.current_consents), never an overwritten
    flag, so the history of what a member agreed to, and under which policy version, survives."""

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
    # What the member was shown when they decided, for a consent given on its own screen (a
    # provision to a third party: the five items of 개인정보 보호법 제17조 제2항 as shown, the
    # recipient by name and the exact items chosen). It names a consultant and the member's
    # letters, so it is sealed under the member's key like the rows it describes.
    details = EncryptedJSONField("고지한 내용", null=True, blank=True, default=None)
    # The grant (privacy.sharing) a decision concerns alone: a consent given or withdrawn on a
    # provision's own screen. A decision about one grant changes no other, nor the provision
    # as a whole (privacy.sharing.selectors, privacy.consents.services.has_consent). For a
    # provision asked once per object rather than per grant (Purpose.COMPANY_APPLICATION),
    # the object: the application (privacy.consents.services.object_consent_give).
    grant_ref = models.PositiveBigIntegerField("관련 공유", null=True, blank=True)

    class Meta:
        verbose_name = "동의 기록"
        verbose_name_plural = "동의 기록"
        indexes = [models.Index(fields=["member", "purpose", "recorded_at"])]
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        verb = "동의" if self.granted else "거부·철회"
        return f"{self.get_purpose_display()} {verb}"
