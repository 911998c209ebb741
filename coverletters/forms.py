from django import forms

from core.forms import KoreanForm, KoreanModelForm
from coverletters.checks.names import normalize
from coverletters.library.kinds import QuestionKind, classify
from coverletters.models import CoverLetter, LimitUnit, Question
from experiences.models import Experience

ANSWER_MAX = Question._meta.get_field("answer").max_length


class CoverLetterForm(KoreanModelForm):
    class Meta:
        model = CoverLetter
        fields = [
            "title",
            "job_title",
            "company",
            "deadline",
            "deadline_time",
            "requirements",
            "duties",
            "preferences",
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "duties": forms.Textarea(attrs={"rows": 4}),
            "preferences": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": "예: 2026 하반기 OO전자 공채",
            "company": "목록에서 마감일과 함께 보여요.",
            "deadline_time": "적어 두면 마감 알림에 시각도 함께 알려 드려요. 예: 18:00",
            "requirements": "공고의 자격 요건을 붙여 넣어 두면 쓰는 동안 옆에서 볼 수 있어요.",
        }
        error_messages = {"deadline_time": {"invalid": "마감 시각을 18:00처럼 적어 주세요."}}

    def clean(self):
        cleaned = super().clean()
        # A time alone names no moment: the reminders count days from the date.
        if cleaned.get("deadline_time") and not cleaned.get("deadline"):
            self.add_error("deadline_time", "마감 시각을 적으려면 마감일도 함께 적어 주세요.")
        return cleaned


class QuestionForm(KoreanModelForm):
    limit = forms.IntegerField(
        label="글자 수 제한",
        required=False,
        min_value=1,
        max_value=ANSWER_MAX,
        help_text="비워 두면 제한 없이 셀게요.",
    )
    # The type the answer library groups by: recognised from the prompt unless chosen here.
    question_kind = forms.ChoiceField(
        label="문항 유형",
        required=False,
        choices=[("", "문항을 보고 자동으로 정하기"), *QuestionKind.choices],
        help_text="답변 모음에서 이 유형으로 묶여요.",
    )

    class Meta:
        model = Question
        fields = ["prompt", "limit", "limit_unit"]
        widgets = {"prompt": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"prompt": "예: 지원 동기와 입사 후 포부를 작성해 주세요."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kind_set_by_member:
            self.fields["question_kind"].initial = self.instance.kind

    def save(self, commit: bool = True) -> Question:
        question = super().save(commit=False)
        chosen = self.cleaned_data.get("question_kind") or ""
        question.kind_set_by_member = bool(chosen)
        question.kind = chosen or classify(question.prompt)
        if commit:
            question.save()
        return question


class AnswerSaveForm(KoreanForm):
    answer = forms.CharField(
        label="답변",
        required=False,
        strip=False,
        max_length=ANSWER_MAX,
        widget=forms.Textarea,
    )
    revision = forms.IntegerField(label="저장 번호", min_value=0)


class ExperienceLinkForm(KoreanForm):
    experiences = forms.ModelMultipleChoiceField(
        label="연결할 경험",
        queryset=Experience.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, member, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the member's own experiences can be linked; another member's id is "not a
        # valid choice", never a link.
        self.fields["experiences"].queryset = Experience.objects.filter(member=member)
        self.fields["experiences"].label_from_instance = lambda e: e.title


__all__ = [
    "AnswerSaveForm",
    "CoverLetterForm",
    "DuplicateForm",
    "ExperienceLinkForm",
    "LimitUnit",
    "QuestionForm",
]


class DuplicateForm(CoverLetterForm):
    """다른 회사용 사본 만들기: the new posting's company (required), title, job and deadline
    come first, so the copy never goes out under the old company's name by default."""

    class Meta(CoverLetterForm.Meta):
        fields = ["company", "title", "job_title", "deadline", "deadline_time"]
        help_texts = {
            "company": "사본을 보낼 회사예요. 예전 회사 이름이 남은 곳을 찾아 알려 드려요.",
            "title": "예: 2026 하반기 OO은행 디지털 신입",
            "deadline_time": CoverLetterForm.Meta.help_texts["deadline_time"],
        }

    def __init__(self, *args, source=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].required = True
        self.source = source

    def clean_title(self):
        title = self.cleaned_data.get("title", "")
        old = normalize(self.source.company) if self.source is not None else ""
        new = normalize(self.cleaned_data.get("company", ""))
        if old and old != new and old in normalize(title):
            raise forms.ValidationError(
                f"제목에 예전 회사 이름({self.source.company})이 남아 있어요. "
                "새 회사에 맞게 바꿔 주세요."
            )
        return title
