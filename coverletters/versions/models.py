"""A version of a whole cover letter: a checkpoint the member named, or the 제출본 kept when the
letter left LifeMento (an application, a .docx or a print). The snapshot is sealed like the
letter itself: the title and, per question, its prompt, limit, unit and answer."""

from django.db import models

from privacy.api import EncryptedCharField, EncryptedJSONField, SealedRow


class LetterVersionKind(models.TextChoices):
    CHECKPOINT = "checkpoint", "체크포인트"
    SUBMITTED_APPLICATION = "submitted_application", "제출본"
    SUBMITTED_EXPORT = "submitted_export", "내보내기 제출본"
    BEFORE_RESTORE = "before_restore", "되돌리기 전"


SUBMITTED_KINDS = (LetterVersionKind.SUBMITTED_APPLICATION, LetterVersionKind.SUBMITTED_EXPORT)


class LetterVersion(SealedRow):
    # A string reference: coverletters.models imports this module to register the model.
    letter = models.ForeignKey(
        "coverletters.CoverLetter", on_delete=models.CASCADE, related_name="letter_versions"
    )
    kind = models.CharField("종류", max_length=30, choices=LetterVersionKind.choices)
    label = EncryptedCharField("이름", max_length=100, blank=True)
    snapshot = EncryptedJSONField("자기소개서 사본")
    created_at = models.DateTimeField("저장 시각", auto_now_add=True)

    class Meta:
        app_label = "coverletters"
        verbose_name = "자기소개서 버전"
        verbose_name_plural = "자기소개서 버전"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"자기소개서 버전 #{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.kind in SUBMITTED_KINDS

    @property
    def kind_label(self) -> str:
        """How the list names the kind: "제출본(한빛은행 지원)" for an application."""
        if self.kind == LetterVersionKind.SUBMITTED_APPLICATION:
            company = (self.snapshot or {}).get("company") or ""
            return f"제출본({company} 지원)" if company else "제출본"
        return self.get_kind_display()

    @property
    def questions(self) -> list[dict]:
        return list((self.snapshot or {}).get("questions") or [])
