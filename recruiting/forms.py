from django import forms

from core.forms import KoreanForm
from coverletters.models import CoverLetter
from recruiting.services import PROFILE_ITEMS


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


class ApplyForm(KoreanForm):
    """The apply page's choices: which profile items go (이름 and 희망 직무 always do), the
    consent to the provision to this company, and, when the pre-submit check found something,
    that the member sends it anyway. `shown` is the list of items the consent's statement
    named when the member read it: a choice changed since (with no script to update the
    statement) is asked again, so the consent always covers exactly what is sent."""

    items = forms.MultipleChoiceField(
        label="보낼 프로필 항목",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(label="제3자 제공 동의", required=False)
    confirm_findings = forms.BooleanField(label="확인할 내용이 있어도 보내기", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [
            (item.key, item.label) for item in PROFILE_ITEMS if not item.required
        ]

    def shown_items(self) -> tuple[str, ...]:
        return tuple(k for k in self.cleaned_data.get("shown", "").split(",") if k)
