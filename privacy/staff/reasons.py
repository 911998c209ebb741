"""The reason staff give before they see or export members' data: written to the access log
with what they did, and read by the privacy officer in the monthly review. One field and one
check for every such form (the reveal page, the separate store's reading page, the access
log's export); the page shows it with templates/admin/privacy/_reason_row.html."""

from __future__ import annotations

from django import forms

from core.korean import josa

REASON_MAX_LENGTH = 500


def reason_field(*, label: str, help_text: str, min_length: int = 5, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        min_length=min_length,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=help_text,
        **kwargs,
    )


def reason_too_short(label: str, min_length: int) -> str:
    return f"{label}{josa(label, '을/를')} {min_length}자 이상 적어 주세요."


class ReasonFormMixin:
    """`reason` with its runs of blanks collapsed, then at least the field's min_length long:
    five spaces and a letter are no reason, and the log keeps what was meant."""

    def clean_reason(self) -> str:
        field = self.fields["reason"]
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < field.min_length:
            raise forms.ValidationError(reason_too_short(str(field.label), field.min_length))
        return reason
