"""The consultant's forms. Text limits are the services' own (consulting.feedback), checked
there too: a form only gives the message before anything is written."""

from django import forms

from consulting.feedback import BODY_MAX, QUOTE_MAX, SUMMARY_MAX
from consulting.workspace.services import PROPOSALS_MAX, REPLY_MAX
from core.forms import KoreanFormMixin


class CommentForm(KoreanFormMixin, forms.Form):
    """A comment on a selection of a question's answer. The page's script fills `start`, `end`
    (offsets in the answer as shown) and `quote` when the consultant selects text; without the
    script, the consultant pastes the sentence into `quote`."""

    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    quote = forms.CharField(
        label="의견을 남길 문장",
        max_length=QUOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="답변에서 문장을 드래그해서 고르거나, 답변에 있는 그대로 붙여 넣어 주세요.",
    )
    body = forms.CharField(
        label="의견", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if not data.get("quote") and (data.get("start") is None or data.get("end") is None):
            self.add_error("quote", "의견을 남길 문장을 답변에서 골라 주세요.")
        return data


class ReplyForm(KoreanFormMixin, forms.Form):
    body = forms.CharField(
        label="답글", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class SummaryForm(KoreanFormMixin, forms.Form):
    summary = forms.CharField(
        label="총평", max_length=SUMMARY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )


class ProposalForm(KoreanFormMixin, forms.Form):
    """Up to PROPOSALS_MAX times for a 모의면접 (KST, as the browser's date-time input sends)."""

    minutes = forms.IntegerField(label="진행 시간(분)", min_value=15, max_value=240, initial=60)
    where = forms.CharField(
        label="진행 방법",
        max_length=500,
        required=False,
        help_text="예: 화상(구글 미트) 링크는 확정 후 보내 드려요.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, PROPOSALS_MAX + 1):
            field = forms.DateTimeField(
                label=f"제안 시간 {n}",
                required=n == 1,
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
            )
            field.error_messages["invalid"] = "날짜와 시간을 2026-03-02 14:00처럼 입력해 주세요."
            field.error_messages["required"] = "제안할 시간을 하나 이상 골라 주세요."
            self.fields[f"time_{n}"] = field

    def times(self):
        return [
            self.cleaned_data[f"time_{n}"]
            for n in range(1, PROPOSALS_MAX + 1)
            if self.cleaned_data.get(f"time_{n}")
        ]


class RatingReplyForm(KoreanFormMixin, forms.Form):
    reply = forms.CharField(
        label="답변", max_length=REPLY_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
