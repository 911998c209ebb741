from django import forms

from core.forms import KoreanForm, KoreanModelForm
from coverletters.models import CoverLetter
from recruiting.tracker.models import OutsideApplication, Stage


class LetterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class OutsideApplicationForm(KoreanModelForm):
    cover_letter = LetterChoiceField(
        label="사용한 자기소개서",
        queryset=CoverLetter.objects.none(),
        required=False,
        empty_label="고르지 않음",
    )

    class Meta:
        model = OutsideApplication
        fields = [
            "company",
            "role",
            "stage",
            "applied_on",
            "next_date",
            "next_time",
            "next_what",
            "cover_letter",
            "memo",
        ]
        widgets = {
            "applied_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "memo": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "company": "예: 한빛은행",
            "role": "예: 디지털 기획",
            "next_what": "예: 1차 면접, 인적성 검사",
            "next_time": "적어 두면 캘린더와 알림에 시각도 함께 보여요. 예: 14:00",
            "memo": "나만 볼 수 있어요. 캘린더 구독에는 담기지 않아요.",
        }
        error_messages = {
            "next_time": {"invalid": "시각을 14:00처럼 적어 주세요."},
        }

    def __init__(self, *args, member, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the member's own letters can be linked.
        self.fields["cover_letter"].queryset = CoverLetter.objects.filter(member=member).defer(
            "requirements", "duties", "preferences"
        )
        self.fields["company"].widget.attrs.setdefault("autocomplete", "organization")

    def clean(self):
        cleaned = super().clean()
        # A time alone names no moment: the calendar and the reminders count from the date.
        if cleaned.get("next_time") and not cleaned.get("next_date"):
            self.add_error("next_time", "시각을 적으려면 다음 일정 날짜도 함께 적어 주세요.")
        if cleaned.get("next_what") and not cleaned.get("next_date"):
            self.add_error("next_date", "다음 일정의 날짜를 적어 주세요.")
        return cleaned


class StageForm(KoreanForm):
    stage = forms.ChoiceField(label="진행 단계", choices=Stage.choices)
