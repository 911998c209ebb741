from django import forms

from privacy.retention.selectors import ReadGround
from privacy.staff.reasons import ReasonFormMixin, reason_field, reason_too_short

MIN_REASON = 10
REASON_TOO_SHORT = reason_too_short("열람 사유", MIN_REASON)


class RetainedReadForm(ReasonFormMixin, forms.Form):
    """Like the admin's reveal form (privacy.staff.mixins.RevealForm), plus the ground the
    policy allows a read on; the reason must name the request it answers, so it is longer."""

    ground = forms.ChoiceField(
        label="열람 근거",
        choices=ReadGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "열람 근거를 골라 주세요."},
    )
    reason = reason_field(
        label="열람 사유",
        min_length=MIN_REASON,
        help_text=(
            "누가 어떤 건으로 요청했는지 적어 주세요. "
            "예: 라이프전자 채용 계약 이행 확인 요청 (문의 #45)"
        ),
        error_messages={"required": "열람 사유를 적어 주세요.", "min_length": REASON_TOO_SHORT},
    )


class LedgerConfirmForm(forms.Form):
    """책임자 확인 of one month: an optional note (what was checked, what follows)."""

    note = forms.CharField(
        label="확인 의견 (선택)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="예: 정기 파기 작업 기록과 분리 보관 이관 기록을 확인함.",
        error_messages={"max_length": "확인 의견은 1,000자까지 적을 수 있어요."},
    )
