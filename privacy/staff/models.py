"""Who handles members' personal data, and the plan they work under.

개인정보처리방침: "내부관리계획을 수립하고 시행" and "개인정보를 처리하는 직원을 지정하고 담당자에
한정시켜 최소화하여 관리", with their education. These rows are the records of it:

- `ManagementPlan`: the internal management plan (내부관리계획, 안전성 확보조치 기준 제4조) as
  versioned text. A version is drafted, then approved by the 개인정보 보호책임자 on a date, and
  from then on never changes: a correction is the next version. The plan in force is the latest
  approved version.
- `StaffDesignation`: an account designated to handle personal data, in a role and a scope, from
  a date until the date it ends (the history is kept: 제5조, 권한 부여·변경·말소 3 years).
- `PrivacyEducation`: a privacy course an account completed (제4조 교육).
- `StaffAccessRule`: the officer's own rule, as data the officer edits: how recent the last
  education must be for an account to open members' data.

Rows name accounts by foreign key with PROTECT: a staff account with a designation or education
record is ended (designation ended, account deactivated), not deleted, so that the record of
who was allowed to see members' data outlives the account.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

DEFAULT_EDUCATION_VALID_DAYS = 365


class StaffRole(models.TextChoices):
    OFFICER = "officer", "개인정보 보호책임자"
    MANAGER = "manager", "개인정보 보호담당자"
    HANDLER = "handler", "개인정보취급자"


class ManagementPlan(models.Model):
    version = models.PositiveIntegerField("판", unique=True, editable=False)
    title = models.CharField("제목", max_length=200, default="개인정보 내부관리계획")
    text = models.TextField("본문")
    change_summary = models.TextField(
        "개정 사유",
        blank=True,
        help_text="이전 판에서 무엇이 왜 바뀌었는지 적어 주세요. 첫 판은 비워 둬도 됩니다.",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="작성한 사람",
    )
    drafted_at = models.DateTimeField("작성 일시", auto_now_add=True)
    approved_on = models.DateField("승인일", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="승인한 사람",
    )
    approved_at = models.DateTimeField("승인 기록 일시", null=True, blank=True)

    class Meta:
        verbose_name = "내부관리계획"
        verbose_name_plural = "내부관리계획"
        ordering = ("-version",)
        constraints = [
            # Approved means all three: the date, who, and when it was recorded.
            models.CheckConstraint(
                condition=(
                    Q(approved_on__isnull=True, approved_by__isnull=True, approved_at__isnull=True)
                    | Q(
                        approved_on__isnull=False,
                        approved_by__isnull=False,
                        approved_at__isnull=False,
                    )
                ),
                name="management_plan_approval_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} 제{self.version}판"

    @property
    def approved(self) -> bool:
        return self.approved_on is not None


class StaffDesignationQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date) -> StaffDesignationQuerySet:
        """Designations that have begun by `on` and not ended (ended_on is the first day
        without the designation)."""
        return self.filter(designated_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=on)
        )


class StaffDesignation(models.Model):
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="privacy_designations",
        limit_choices_to={"is_staff": True},
        verbose_name="직원 계정",
    )
    role = models.CharField("역할", max_length=20, choices=StaffRole.choices)
    scope = models.TextField(
        "담당 범위",
        help_text="어떤 회원의 어떤 정보를 어떤 업무로 다루는지 적어 주세요. "
        "예: 열람·정정 요구 처리를 위한 회원 프로필 조회",
    )
    designated_on = models.DateField("지정일")
    ended_on = models.DateField(
        "지정 해제일",
        null=True,
        blank=True,
        help_text="이 날부터 개인정보를 열람할 수 없습니다. 퇴직·업무 변경 시 적어 주세요.",
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="지정한 사람",
    )
    recorded_at = models.DateTimeField("기록 일시", auto_now_add=True)

    objects = StaffDesignationQuerySet.as_manager()

    class Meta:
        verbose_name = "개인정보취급자 지정"
        verbose_name_plural = "개인정보취급자 지정"
        ordering = ("-designated_on", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("designated_on")),
                name="staff_designation_ends_after_it_begins",
                violation_error_message="지정 해제일은 지정일과 같거나 그 뒤여야 합니다.",
            ),
            # One open designation per account: a new role or scope ends the old one first.
            models.UniqueConstraint(
                fields=["staff"],
                condition=Q(ended_on__isnull=True),
                name="staff_designation_one_open_per_account",
                violation_error_message="이 직원에게는 해제되지 않은 지정이 이미 있습니다. "
                "역할이나 범위를 바꾸려면 그 지정을 고치거나 해제일을 적은 뒤 새로 지정해 주세요.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.get_role_display()}"


class PrivacyEducation(models.Model):
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="privacy_educations",
        limit_choices_to={"is_staff": True},
        verbose_name="직원 계정",
    )
    course = models.CharField("교육 과정", max_length=200)
    completed_on = models.DateField("이수일")
    hours = models.DecimalField(
        "교육 시간(시간)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(100)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="기록한 사람",
    )
    recorded_at = models.DateTimeField("기록 일시", auto_now_add=True)

    class Meta:
        verbose_name = "개인정보 보호 교육 이수"
        verbose_name_plural = "개인정보 보호 교육 이수"
        ordering = ("-completed_on", "-pk")
        indexes = [models.Index(fields=["staff", "-completed_on"], name="privacy_edu_staff_recent")]

    def __str__(self) -> str:
        return f"{self.staff} — {self.course} ({self.completed_on:%Y-%m-%d})"


class StaffAccessRule(models.Model):
    """One row (pk 1): the officer's rule for who may open members' data. Kept as data rather
    than a setting so that the officer changes it in the admin without an engineer, and the
    change is a record (who, when) rather than a deployment."""

    SINGLETON_PK = 1

    education_valid_days = models.PositiveIntegerField(
        "교육 유효 기간(일)",
        default=DEFAULT_EDUCATION_VALID_DAYS,
        validators=[MinValueValidator(30), MaxValueValidator(730)],
        help_text="마지막 개인정보 보호 교육 이수일로부터 이 기간이 지나면 회원의 개인정보를 "
        "열람할 수 없습니다. 기본 365일(연 1회 교육).",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="마지막으로 바꾼 사람",
    )
    changed_at = models.DateTimeField("바꾼 일시", auto_now=True)

    class Meta:
        verbose_name = "개인정보취급자 접근 기준"
        verbose_name_plural = "개인정보취급자 접근 기준"

    def __str__(self) -> str:
        return f"교육 유효 기간 {self.education_valid_days}일"
