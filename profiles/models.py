"""본인 프로필: the policy's items — [필수] 이름, 희망 직무 [선택] 생년월일, 학력, 경력, 희망 산업,
현재 상황 및 고민. 학력 and 경력 are lists of structured entries."""

from django.conf import settings
from django.db import models

from privacy.api import EncryptedCharField, EncryptedDateField, EncryptedTextField, SealedRow


class Profile(SealedRow):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name="회원",
    )
    name = EncryptedCharField("이름", max_length=50)
    desired_job = EncryptedCharField("희망 직무", max_length=100)
    birth_date = EncryptedDateField("생년월일", null=True, blank=True)
    desired_industry = EncryptedCharField("희망 산업", max_length=100, blank=True)
    situation = EncryptedTextField("현재 상황 및 고민", max_length=2000, blank=True)
    updated_at = models.DateTimeField("수정일", auto_now=True)

    class Meta:
        verbose_name = "본인 프로필"
        verbose_name_plural = "본인 프로필"

    def __str__(self) -> str:
        return f"프로필 #{self.pk}"


class EducationStatus(models.TextChoices):
    ENROLLED = "enrolled", "재학"
    LEAVE = "leave", "휴학"
    EXPECTED = "expected", "졸업 예정"
    GRADUATED = "graduated", "졸업"
    COMPLETED = "completed", "수료"
    DROPPED = "dropped", "중퇴"


class Education(SealedRow):
    """One 학력 entry."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="educations")
    school = EncryptedCharField("학교", max_length=100)
    major = EncryptedCharField("전공", max_length=100, blank=True)
    status = models.CharField("상태", max_length=20, choices=EducationStatus.choices)
    start_date = models.DateField("입학", null=True, blank=True)
    end_date = models.DateField("졸업", null=True, blank=True)
    position = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "학력"
        verbose_name_plural = "학력"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"학력 #{self.pk}"


class Career(SealedRow):
    """One 경력 entry."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="careers")
    company = EncryptedCharField("회사", max_length=100)
    role = EncryptedCharField("직무·직책", max_length=100, blank=True)
    start_date = models.DateField("입사", null=True, blank=True)
    end_date = models.DateField("퇴사", null=True, blank=True)
    is_current = models.BooleanField("재직 중", default=False)
    description = EncryptedTextField("주요 업무·성과", max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "경력"
        verbose_name_plural = "경력"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"경력 #{self.pk}"
