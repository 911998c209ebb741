from django import forms

from core.forms import KoreanForm
from coverletters.models import CoverLetter


class LetterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CoverLetter) -> str:
        return f"{obj.title} · {obj.job_title}"


class ChooseLetterForm(KoreanForm):
    """Which of the member's own cover letters to send; another member's is not a choice."""

    cover_letter = LetterChoiceField(
        label="보낼 자기소개서", queryset=CoverLetter.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args, member, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cover_letter"].queryset = CoverLetter.objects.filter(member=member)
