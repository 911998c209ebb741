"""자기소개서: [필수] 자기소개서 제목, 지원 직무 [선택] 필수 자격, 주요 업무, 우대 사항,
자기소개서 내용 (a list of questions, each with its limit and answer). The posting's company and
deadline are not personal data."""

from django.conf import settings
from django.db import models

from coverletters.counting import count, is_over
from coverletters.library.kinds import QuestionKind, classify
from coverletters.versions.models import LetterVersion, LetterVersionKind  # noqa: F401  (registered)
from experiences.models import Experience
from privacy.api import EncryptedCharField, EncryptedTextField, SealedRow


class CoverLetter(SealedRow):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cover_letters",
        verbose_name="회원",
    )
    title = EncryptedCharField("자기소개서 제목", max_length=100)
    job_title = EncryptedCharField("지원 직무", max_length=100)
    company = models.CharField("회사명", max_length=100, blank=True)
    deadline = models.DateField("마감일", null=True, blank=True)
    # Postings close at an hour ("18:00 마감"); the reminders say it when the member gave it.
    deadline_time = models.TimeField("마감 시각", null=True, blank=True)
    # The partner posting the letter was made from ("이 공고로 자소서 쓰기"): a plain id, not a
    # foreign key, because coverletters sits below recruiting and must not import it.
    source_posting_id = models.PositiveIntegerField("만든 공고", null=True, blank=True)
    requirements = EncryptedTextField("필수 자격", max_length=3000, blank=True)
    duties = EncryptedTextField("주요 업무", max_length=3000, blank=True)
    preferences = EncryptedTextField("우대 사항", max_length=3000, blank=True)
    created_at = models.DateTimeField("작성일", auto_now_add=True)
    updated_at = models.DateTimeField("수정일", auto_now=True)

    class Meta:
        verbose_name = "자기소개서"
        verbose_name_plural = "자기소개서"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"자기소개서 #{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("coverletters:detail", args=[self.pk])


class LimitUnit(models.TextChoices):
    WITH_SPACES = "with_spaces", "자 (공백 포함)"
    WITHOUT_SPACES = "without_spaces", "자 (공백 제외)"
    UTF8_BYTES = "utf8_bytes", "바이트 (UTF-8)"
    KOREAN_BYTES = "korean_bytes", "바이트 (한글 2바이트)"


class Question(SealedRow):
    """One 문항 of a cover letter and its answer (자기소개서 내용).

    `revision` counts saves of the answer; a save names the revision it was based on, so a
    save from a stale tab is refused instead of overwriting (coverletters.services).
    """

    cover_letter = models.ForeignKey(
        CoverLetter, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField("순서", default=0)
    prompt = EncryptedTextField("문항", max_length=1000)
    limit = models.PositiveIntegerField("글자 수 제한", null=True, blank=True)
    limit_unit = models.CharField(
        "제한 기준", max_length=20, choices=LimitUnit.choices, default=LimitUnit.WITH_SPACES
    )
    answer = EncryptedTextField("답변", max_length=20000, blank=True)
    revision = models.PositiveIntegerField("저장 횟수", default=0)
    # The question's type for the answer library: recognised from the prompt (kept fresh, see
    # question_kind) unless the member chose it.
    kind = models.CharField("문항 유형", max_length=20, choices=QuestionKind.choices, blank=True)
    kind_set_by_member = models.BooleanField("직접 고른 유형", default=False)
    experiences = models.ManyToManyField(
        Experience, blank=True, related_name="questions", verbose_name="연결한 경험"
    )
    updated_at = models.DateTimeField("수정일", auto_now=True)

    class Meta:
        verbose_name = "문항"
        verbose_name_plural = "문항"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"문항 #{self.pk}"

    @property
    def counts(self):
        return count(self.answer)

    @property
    def is_over_limit(self) -> bool:
        return is_over(self.answer, self.limit, self.limit_unit)

    @property
    def question_kind(self) -> str:
        """The member's choice, else what the prompt says now (the prompt may have been edited
        since the stored guess, and questions come from several places: intake, copies)."""
        if self.kind_set_by_member and self.kind:
            return self.kind
        return classify(self.prompt)

    def get_question_kind_display(self) -> str:
        return QuestionKind(self.question_kind).label


class VersionReason(models.TextChoices):
    AUTOSAVE = "autosave", "자동 저장"
    BEFORE_RESTORE = "before_restore", "복원하기 전"
    CONFLICT = "conflict", "다른 창과 충돌해 따로 보관한 글"
    BEFORE_REUSE = "before_reuse", "다른 답변으로 시작하기 전"


class AnswerVersion(SealedRow):
    """A snapshot of an answer, for history and restore."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    text = EncryptedTextField("내용", max_length=20000, blank=True)
    revision = models.PositiveIntegerField("저장 횟수")
    reason = models.CharField("이유", max_length=20, choices=VersionReason.choices)
    created_at = models.DateTimeField("저장 시각", auto_now_add=True)

    class Meta:
        verbose_name = "답변 버전"
        verbose_name_plural = "답변 버전"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"답변 버전 #{self.pk}"
