import datetime

from django import forms
from django.utils import timezone

from core.forms import KoreanForm, KoreanModelForm
from privacy.notices.document import effective_date_errors, text_errors
from privacy.notices.models import Entrustment, PolicyVersion
from privacy.notices.services import policy_effective_date_errors


class PolicyVersionForm(KoreanModelForm):
    """Staff draft a version; the effective date must leave 7 days of notice (checked again
    when the draft is published, against that day). The text must be one the page can render
    (known markers only) and state the version's own 시행일."""

    class Meta:
        model = PolicyVersion
        fields = ("version", "effective_date", "summary", "text", "reconsent_required")
        widgets = {"effective_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, now: datetime.datetime | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_text(self) -> str:
        # Browsers submit CRLF; the stored text keeps the documents' LF, so an unchanged
        # paragraph compares equal with the version before it.
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        # The text is the page members read (privacy.notices.document): a marker the page
        # cannot fill is refused here, with its line, rather than dropped from the page.
        errors = text_errors(text)
        if errors:
            raise forms.ValidationError(errors)
        return text

    def clean(self) -> dict:
        cleaned = super().clean()
        text, effective_date = cleaned.get("text"), cleaned.get("effective_date")
        if text and effective_date:
            for message in effective_date_errors(text, effective_date):
                self.add_error("text", message)
        return cleaned

    def clean_summary(self) -> str:
        return self.cleaned_data["summary"].replace("\r\n", "\n")

    def clean_effective_date(self) -> datetime.date:
        effective_date = self.cleaned_data["effective_date"]
        errors = policy_effective_date_errors(
            effective_date, now=self.now or timezone.now(), exclude=self.instance
        )
        if errors:
            raise forms.ValidationError(errors)
        return effective_date


class EntrustmentForm(KoreanModelForm):
    class Meta:
        model = Entrustment
        fields = ("trustee", "task", "retention", "order")


class CookieSettingsForm(KoreanForm):
    statistics = forms.BooleanField(
        label="통계 쿠키",
        required=False,
        help_text="어떤 화면을 많이 쓰는지 세어서 서비스를 고치는 데 써요.",
        widget=forms.CheckboxInput(attrs={"role": "switch"}),
    )
    marketing = forms.BooleanField(
        label="마케팅 쿠키",
        required=False,
        help_text="이벤트·프로모션과 맞춤형 광고에 써요.",
        widget=forms.CheckboxInput(attrs={"role": "switch"}),
    )
