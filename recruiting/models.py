"""채용·지원: partner companies, their postings, the applications members send through
LifeMento (지원 내역) and the job offers they receive (입사 제안).

An application keeps a snapshot of what was sent — the cover letter and the profile as they were
at that moment — so editing or deleting the cover letter later does not change it. The privacy
policy keeps 지원 내역 for 5 years after withdrawal (개인정보 보호법 제17조 제4항), so it must
not depend on rows the member can delete.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coverletters.models import LimitUnit
from privacy.api import EncryptedCharField, EncryptedJSONField, EncryptedTextField, SealedRow

# The member's tracker (지원 관리) keeps its models in its sub-package; imported here so Django
# finds them under the app's label.
from recruiting.tracker.models import CalendarFeed, OutsideApplication  # noqa: F401


class Company(models.Model):
    name = models.CharField("회사명", max_length=100)
    description = models.TextField("회사 소개", max_length=3000, blank=True)
    # What the apply page's consent states for this company (개인정보 보호법 제17조 제2항: the
    # recipient's purpose and how long it keeps what it receives), as agreed with the company.
    purpose_text = models.CharField(
        "제공받는 목적", max_length=200, default="채용 전형 진행 (지원자 서류 검토 및 연락)"
    )
    retention_text = models.CharField(
        "회사의 보유 및 이용기간",
        max_length=200,
        default="채용 절차 종료 후 지체 없이 파기 (최대 1년)",
    )

    class Meta:
        verbose_name = "회사"
        verbose_name_plural = "회사"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class PostingStatus(models.TextChoices):
    OPEN = "open", "모집 중"
    CLOSED = "closed", "마감"


class Posting(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="postings", verbose_name="회사"
    )
    title = models.CharField("공고 제목", max_length=200)
    job = models.CharField("모집 직무", max_length=100)
    description = models.TextField("공고 내용", max_length=10000, blank=True)
    deadline = models.DateField("마감일", null=True, blank=True)
    # 공채 close at an hour (15:00, 18:00); a letter made from the posting carries it.
    deadline_time = models.TimeField(
        "마감 시각", null=True, blank=True, help_text="비워 두면 마감일 하루 내내 받아요."
    )
    status = models.CharField(
        "상태", max_length=10, choices=PostingStatus.choices, default=PostingStatus.OPEN
    )
    created_at = models.DateTimeField("등록일", auto_now_add=True)

    class Meta:
        verbose_name = "채용 공고"
        verbose_name_plural = "채용 공고"
        ordering = ["deadline", "-id"]

    def __str__(self) -> str:
        return f"{self.company.name} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("recruiting:posting", args=[self.pk])

    def is_open(self, today: datetime.date | None = None) -> bool:
        # Open through the whole deadline day, in KST (TIME_ZONE).
        today = today or timezone.localdate()
        return self.status == PostingStatus.OPEN and (
            self.deadline is None or self.deadline >= today
        )


class PostingQuestion(models.Model):
    """One 자기소개서 문항 the company asks, with its limit and how the limit counts
    (coverletters.counting): "이 공고로 자소서 쓰기" copies them into the member's letter."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("순서", default=0)
    prompt = models.TextField("문항", max_length=1000)
    limit = models.PositiveIntegerField("글자 수 제한", null=True, blank=True)
    limit_unit = models.CharField(
        "제한 기준", max_length=20, choices=LimitUnit.choices, default=LimitUnit.WITH_SPACES
    )

    class Meta:
        verbose_name = "공고 문항"
        verbose_name_plural = "공고 문항"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"공고 문항 #{self.pk}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "지원 완료"
    REVIEWING = "reviewing", "서류 검토 중"
    DOCUMENTS_PASSED = "documents_passed", "서류 합격"
    HIRED = "hired", "최종 합격"
    REJECTED = "rejected", "불합격"
    WITHDRAWN = "withdrawn", "지원 취소"


# A member may withdraw until the company's final decision.
WITHDRAWABLE = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.REVIEWING,
    ApplicationStatus.DOCUMENTS_PASSED,
)


class Application(SealedRow):
    # CASCADE for now: privacy.withdrawal.runner.member_withdraw deletes the account. Moving
    # these rows to the retention store (5 years after withdrawal) must happen before that delete.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name="회원",
    )
    posting = models.ForeignKey(
        Posting, on_delete=models.PROTECT, related_name="applications", verbose_name="채용 공고"
    )
    status = models.CharField(
        "진행 상태",
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    # {"title", "job_title", "questions": [{"prompt", "answer"}]}
    letter_snapshot = EncryptedJSONField("지원한 자기소개서 사본")
    # {"name", "desired_job", "birth_date", "desired_industry", "situation",
    #  "educations": [...], "careers": [...]}
    profile_snapshot = EncryptedJSONField("지원한 프로필 사본")
    applied_at = models.DateTimeField("지원 일시", default=timezone.now)
    # Set by staff when the company gives an interview time; the tracker, calendar and
    # reminders show it (recruiting.tracker).
    interview_at = models.DateTimeField("면접 일시", null=True, blank=True)
    updated_at = models.DateTimeField("상태 변경일", auto_now=True)
    # Which profile items the member chose to send (recruiting.services.PROFILE_ITEMS keys):
    # the snapshot holds exactly these. Empty for applications made before the choice existed,
    # which sent the whole profile.
    shared_items = models.JSONField("보낸 프로필 항목", default=list, blank=True)
    # The 제출본 kept of the letter as it was sent (coverletters.versions), when there is one.
    letter_version_ref = models.PositiveBigIntegerField("제출본 버전", null=True, blank=True)

    class Meta:
        verbose_name = "지원 내역"
        verbose_name_plural = "지원 내역"
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "posting"], name="recruiting_one_application_per_posting"
            )
        ]

    def __str__(self) -> str:
        return f"지원 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("recruiting:application", args=[self.pk])

    @property
    def can_withdraw(self) -> bool:
        return self.status in WITHDRAWABLE


class OfferStatus(models.TextChoices):
    RECEIVED = "received", "받음"
    ACCEPTED = "accepted", "수락"
    DECLINED = "declined", "거절"


class Offer(SealedRow):
    """입사 제안, written by staff in the admin for one member."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="offers",
        limit_choices_to={"role": "member"},
        verbose_name="회원",
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="offers", verbose_name="회사"
    )
    posting = models.ForeignKey(
        Posting,
        on_delete=models.PROTECT,
        related_name="offers",
        null=True,
        blank=True,
        verbose_name="채용 공고",
    )
    message = EncryptedTextField("제안 내용", max_length=5000)
    # The company's recruiting contact, written by staff. A person's name and number, so it is
    # sealed with the offer (under the member's key) and goes when the offer goes. The member
    # sees it once they accept (recruiting.views.offer_detail), to know whom the next step
    # comes from.
    contact = EncryptedCharField(
        "담당자 연락처",
        max_length=200,
        blank=True,
        help_text="회사 채용 담당자의 이름·부서와 연락처예요. 회원이 제안을 수락한 뒤에만 보여요.",
    )
    status = models.CharField(
        "응답", max_length=10, choices=OfferStatus.choices, default=OfferStatus.RECEIVED
    )
    sent_at = models.DateTimeField("보낸 일시", default=timezone.now)
    answered_at = models.DateTimeField("응답 일시", null=True, blank=True)

    class Meta:
        verbose_name = "입사 제안"
        verbose_name_plural = "입사 제안"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"입사 제안 #{self.pk}"
