from django import forms

from core.forms import KoreanForm
from coverletters.forms import ANSWER_MAX
from coverletters.models import CoverLetter, LimitUnit, Question

PASTE_MAX = 20000
QUESTIONS_MAX = 30


class PasteForm(KoreanForm):
    text = forms.CharField(
        label="공고의 자기소개서 문항",
        max_length=PASTE_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="채용 공고나 지원서 화면에서 문항 부분을 복사해 그대로 붙여 넣어 주세요. "
        "번호와 글자 수 제한을 찾아 드릴게요.",
    )


class LetterDetailsForm(KoreanForm):
    """What the letter is for: the company, the role and when it closes."""

    company = forms.CharField(
        label="회사명", max_length=CoverLetter._meta.get_field("company").max_length
    )
    job_title = forms.CharField(label="지원 직무", max_length=100)
    title = forms.CharField(
        label="자기소개서 제목",
        max_length=100,
        required=False,
        help_text="비워 두면 '회사명 직무 자기소개서'로 지어 드릴게요.",
    )
    deadline = forms.DateField(
        label="마감일",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    deadline_time = forms.TimeField(
        label="마감 시각",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "마감 시각을 18:00처럼 적어 주세요."},
        help_text="예: 18:00",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deadline_time") and not cleaned.get("deadline"):
            self.add_error("deadline_time", "마감 시각을 적으려면 마감일도 함께 적어 주세요.")
        if not cleaned.get("title") and cleaned.get("company") and cleaned.get("job_title"):
            cleaned["title"] = letter_title(cleaned["company"], cleaned["job_title"])
        return cleaned


def letter_title(company: str, job: str) -> str:
    return f"{company} {job} 자기소개서"[:100]


class QuestionRowForm(KoreanForm):
    prompt = forms.CharField(
        label="문항",
        max_length=Question._meta.get_field("prompt").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    limit = forms.IntegerField(
        label="글자 수 제한",
        required=False,
        min_value=1,
        max_value=ANSWER_MAX,
        help_text="비워 두면 제한 없이 셀게요.",
    )
    limit_unit = forms.ChoiceField(
        label="제한 기준", choices=LimitUnit.choices, initial=LimitUnit.WITH_SPACES
    )


class BaseQuestionRows(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "문항 목록이 온전히 전달되지 않았어요. 다시 붙여 넣어 주세요.",
        "too_many_forms": f"문항은 {QUESTIONS_MAX}개까지 만들 수 있어요.",
        "too_few_forms": "문항을 하나 이상 적어 주세요.",
    }

    def clean(self):
        super().clean()
        if not self.management_form.is_valid():
            return  # already said (missing_management_form); "no question" would hide it
        if not any(form.cleaned_data for form in self.forms if form.is_valid()):
            raise forms.ValidationError("문항을 하나 이상 적어 주세요.")


QuestionRows = forms.formset_factory(
    QuestionRowForm,
    formset=BaseQuestionRows,
    extra=0,
    max_num=QUESTIONS_MAX,
    validate_max=True,
    absolute_max=QUESTIONS_MAX,
)
