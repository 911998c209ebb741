"""경험 나열: [필수] 경험 제목, 경험의 종류 [선택] 경험 한줄 요약, 진행 날짜, 경험 세부 내용 —
with an optional STAR structure and competency tags."""

import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from privacy.api import EncryptedCharField, EncryptedJSONField, EncryptedTextField, SealedRow


class ExperienceKind(models.TextChoices):
    INTERN = "intern", "인턴"
    PROJECT = "project", "프로젝트"
    CLUB = "club", "동아리·대외활동"
    CONTEST = "contest", "공모전"
    PARTTIME = "parttime", "아르바이트"
    VOLUNTEER = "volunteer", "봉사"
    EDUCATION = "education", "교육"
    CERTIFICATE = "certificate", "자격증"
    OVERSEAS = "overseas", "해외경험"
    OTHER = "other", "기타"


# Competencies Korean job postings and cover-letter questions most often ask about.
COMPETENCY_TAGS = (
    "리더십",
    "협업",
    "문제해결",
    "의사소통",
    "도전정신",
    "책임감",
    "창의성",
    "분석력",
    "전문성",
    "글로벌 역량",
    "고객 지향",
    "성실성",
)
TAG_MAX_COUNT = 10
TAG_MAX_LENGTH = 20


def search_key(text: str) -> str:
    """The form two texts are compared in: full-width letters and case folded, so that
    "ＳＱＬ", "sql" and "SQL" are one tag and one search. Stored text stays as typed."""
    return unicodedata.normalize("NFKC", text).casefold()


def normalize_tags(raw: Iterable[str]) -> list[str]:
    """Trimmed, inner spaces collapsed, a leading # dropped, duplicates removed (first spelling
    kept). Limits are checked by Experience.clean, so a form can name the offending tag."""
    tags: list[str] = []
    seen: set[str] = set()
    for tag in raw:
        tag = " ".join(str(tag).split()).lstrip("#＃").strip()
        key = search_key(tag)
        if tag and key not in seen:
            seen.add(key)
            tags.append(tag)
    return tags


class Experience(SealedRow):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="experiences",
        verbose_name="회원",
    )
    title = EncryptedCharField("경험 제목", max_length=100)
    kind = models.CharField("경험의 종류", max_length=20, choices=ExperienceKind.choices)
    summary = EncryptedCharField("경험 한줄 요약", max_length=150, blank=True)
    # 진행 날짜: start, and end or ongoing.
    start_date = models.DateField("시작일", null=True, blank=True)
    end_date = models.DateField("종료일", null=True, blank=True)
    ongoing = models.BooleanField("진행 중", default=False)
    details = EncryptedTextField("경험 세부 내용", max_length=5000, blank=True)
    # Optional STAR structure (상황·과제·행동·결과).
    star_situation = EncryptedTextField("상황 (S)", max_length=2000, blank=True)
    star_task = EncryptedTextField("과제 (T)", max_length=2000, blank=True)
    star_action = EncryptedTextField("행동 (A)", max_length=2000, blank=True)
    star_result = EncryptedTextField("결과 (R)", max_length=2000, blank=True)
    # Competency tags, free text allowed beside COMPETENCY_TAGS. Filtering and search run in
    # Python over one member's experiences (few hundred at most), which keeps working once the
    # text fields are encrypted.
    tags = EncryptedJSONField("역량 태그", default=list, blank=True)
    created_at = models.DateTimeField("작성일", auto_now_add=True)
    updated_at = models.DateTimeField("수정일", auto_now=True)

    class Meta:
        verbose_name = "경험"
        verbose_name_plural = "경험"
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"경험 #{self.pk}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ongoing and self.end_date:
            errors["end_date"] = (
                "진행 중인 경험에는 종료일을 비워 두세요. "
                "이미 끝났다면 ‘진행 중’ 체크를 풀어 주세요."
            )
        elif self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "종료일이 시작일보다 빨라요. 날짜를 다시 확인해 주세요."
        if not isinstance(self.tags, list) or not all(isinstance(t, str) for t in self.tags):
            errors["tags"] = "태그는 글자 목록이어야 해요."
        elif len(self.tags) > TAG_MAX_COUNT:
            errors["tags"] = f"태그는 {TAG_MAX_COUNT}개까지 달 수 있어요."
        elif any(len(t) > TAG_MAX_LENGTH for t in self.tags):
            errors["tags"] = f"태그는 하나에 {TAG_MAX_LENGTH}자까지 쓸 수 있어요."
        if errors:
            raise ValidationError(errors)

    @property
    def has_star(self) -> bool:
        return any((self.star_situation, self.star_task, self.star_action, self.star_result))

    @property
    def period(self) -> str:
        """진행 날짜 as members read it: "2024.03 – 2024.08", "2024.03 – 진행 중"."""
        start = f"{self.start_date:%Y.%m}" if self.start_date else ""
        if self.ongoing:
            end = "진행 중"
        elif self.end_date:
            end = f"{self.end_date:%Y.%m}"
        else:
            end = ""
        if start and end and start != end:
            return f"{start} – {end}"
        if end and not start:
            return end if self.ongoing else f"~ {end}"
        return start

    def search_text(self) -> str:
        """Everything a member may search by, in search_key form, with spaces removed so that
        "문제 해결" finds "문제해결" (Korean spacing varies). Fields are joined by a character no
        form accepts, so a match never spans two fields."""
        fields = (
            self.title,
            self.get_kind_display(),
            self.summary,
            self.details,
            self.star_situation,
            self.star_task,
            self.star_action,
            self.star_result,
            *self.tags,
        )
        return "\x00".join("".join(search_key(f).split()) for f in fields)
