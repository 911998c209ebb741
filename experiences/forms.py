import re

from django import forms

from core.forms import KoreanForm, KoreanModelForm
from experiences.models import (
    COMPETENCY_TAGS,
    TAG_MAX_COUNT,
    TAG_MAX_LENGTH,
    Experience,
    ExperienceKind,
    normalize_tags,
)
from experiences.selectors import SORTS

STAR_FIELDS = ("star_situation", "star_task", "star_action", "star_result")
# Commas as typed on Korean and Japanese keyboards too, and line breaks.
TAG_SEPARATORS = re.compile(r"[,，、\n]")


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        # Browsers without a month picker show a text box: the placeholder shows the format.
        super().__init__(attrs={"placeholder": "2024-03", **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    """진행 날짜 is a month, as on a résumé. Stored as the month's first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y.%m", "%Y/%m", "%Y%m", "%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d"]

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).rstrip(".")  # "2024. 3." → "2024.3"
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class MultilineField(forms.CharField):
    """Browsers count a line break as one character against maxlength but send it as two
    (CRLF); normalising first keeps a text the browser accepted from failing here."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


class ExperienceForm(KoreanModelForm):
    tags_choice = forms.MultipleChoiceField(
        label="역량 태그",
        required=False,
        choices=[(tag, tag) for tag in COMPETENCY_TAGS],
        widget=forms.CheckboxSelectMultiple,
    )
    tags_other = forms.CharField(
        label="다른 태그",
        required=False,
        max_length=300,
        help_text="목록에 없는 태그는 쉼표(,)로 나눠 적어 주세요.",
        widget=forms.TextInput(attrs={"placeholder": "예: 데이터 분석, 영어 회화"}),
    )

    class Meta:
        model = Experience
        fields = (
            "title",
            "kind",
            "summary",
            "start_date",
            "end_date",
            "ongoing",
            "details",
            *STAR_FIELDS,
        )
        field_classes = {
            "start_date": MonthField,
            "end_date": MonthField,
            "details": MultilineField,
            **dict.fromkeys(STAR_FIELDS, MultilineField),
        }
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": "예: ○○전자 마케팅팀 인턴"}),
            "summary": forms.TextInput(
                attrs={"placeholder": "예: SNS 콘텐츠 기획으로 팔로워를 2배로 늘렸어요"}
            ),
            "details": forms.Textarea(attrs={"rows": 6}),
            **dict.fromkeys(STAR_FIELDS, forms.Textarea(attrs={"rows": 3})),
        }
        help_texts = {
            "summary": "목록에서 제목 아래에 보여요.",
            "details": "무엇을, 왜, 어떻게 했는지 편하게 적어 주세요.",
            "star_situation": "언제, 어디서, 어떤 상황이었나요?",
            "star_task": "맡은 역할이나 풀어야 했던 문제는 무엇이었나요?",
            "star_action": "그 문제를 풀려고 내가 직접 한 일을 적어 주세요.",
            "star_result": (
                "어떤 결과가 나왔고 무엇을 배웠나요? 숫자로 보여 줄 수 있으면 더 좋아요."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "종류를 골라 주세요"), *ExperienceKind.choices]
        for name in ("start_date", "end_date"):
            self.fields[name].error_messages["invalid"] = (
                "날짜를 2024-03처럼 연도와 월로 적어 주세요."
            )
        if self.instance.pk and not self.is_bound:
            tags = self.instance.tags
            self.initial["tags_choice"] = [t for t in tags if t in COMPETENCY_TAGS]
            self.initial["tags_other"] = ", ".join(t for t in tags if t not in COMPETENCY_TAGS)

    def clean(self):
        cleaned = super().clean()
        typed = [t for t in TAG_SEPARATORS.split(cleaned.get("tags_other", "")) if t.strip()]
        tags = normalize_tags([*cleaned.get("tags_choice", []), *typed])
        too_long = [t for t in tags if len(t) > TAG_MAX_LENGTH]
        if too_long:
            self.add_error(
                "tags_other",
                f"태그는 하나에 {TAG_MAX_LENGTH}자까지 쓸 수 있어요. "
                "줄여 주세요: " + ", ".join(f"‘{t}’" for t in too_long),
            )
        elif len(tags) > TAG_MAX_COUNT:
            self.add_error(
                "tags_other" if typed else "tags_choice",
                f"태그는 {TAG_MAX_COUNT}개까지 달 수 있어요. 지금 {len(tags)}개예요.",
            )
        cleaned["tags"] = tags
        return cleaned

    @property
    def star_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in STAR_FIELDS]

    @property
    def star_open(self) -> bool:
        """Open the STAR section when it holds something, so nothing typed is hidden."""
        return any(self[name].value() or self[name].errors for name in STAR_FIELDS)


class ExperienceFilterForm(KoreanForm):
    """The list's filters, read from the query string. Invalid values are ignored."""

    q = forms.CharField(label="경험 검색", required=False)
    kind = forms.ChoiceField(
        label="경험의 종류", required=False, choices=[("", "전체"), *ExperienceKind.choices]
    )
    tag = forms.CharField(label="태그", required=False, max_length=TAG_MAX_LENGTH)
    sort = forms.ChoiceField(label="정렬", required=False, choices=list(SORTS.items()))

    Q_MAX_LENGTH = 100

    def filters(self) -> dict[str, str | None]:
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": (data.get("q") or "")[: self.Q_MAX_LENGTH] or None,
            "kind": data.get("kind") or None,
            "tag": data.get("tag") or None,
            "sort": data.get("sort") or "recent",
        }
