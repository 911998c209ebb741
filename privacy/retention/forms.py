from django import forms

from privacy.retention.selectors import ReadGround

MIN_REASON = 10
REASON_TOO_SHORT = f"열람 사유를 {MIN_REASON}자 이상 적어 주세요."


class RetainedReadForm(forms.Form):
    """Like the admin's reveal form (privacy.staff.mixins.RevealForm), plus the ground the
    policy allows a read on; the reason must name the request it answers, so it is longer."""

    ground = forms.ChoiceField(
        label="열람 근거",
        choices=ReadGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "열람 근거를 골라 주세요."},
    )
    reason = forms.CharField(
        label="열람 사유",
        min_length=MIN_REASON,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=(
            "누가 어떤 건으로 요청했는지 적어 주세요. "
            "예: 라이프전자 채용 계약 이행 확인 요청 (문의 #45)"
        ),
        error_messages={"required": "열람 사유를 적어 주세요.", "min_length": REASON_TOO_SHORT},
    )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < MIN_REASON:
            raise forms.ValidationError(REASON_TOO_SHORT)
        return reason
