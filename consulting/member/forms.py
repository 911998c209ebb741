"""The member's consulting forms. Choices are only ever the member's own rows: another
member's letter or experience id is "not in the list", never shared."""

from django import forms
from django.core.exceptions import ValidationError

from consulting.catalog import ServiceKind
from consulting.snapshots import PROFILE_ITEMS, Selection
from core.forms import KoreanForm

MATCH = "match"


class ServiceForm(KoreanForm):
    service = forms.ChoiceField(
        label="받을 서비스", choices=ServiceKind.choices, widget=forms.RadioSelect
    )


class ConsultantForm(KoreanForm):
    consultant = forms.ChoiceField(label="컨설턴트", widget=forms.RadioSelect)

    def __init__(self, *args, consultants, busy: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.busy = {str(p.pk) for p in consultants if p.consultant_id in busy}
        self.fields["consultant"].choices = [(MATCH, "맞는 컨설턴트를 찾아 주세요")] + [
            (str(p.pk), p.display_name) for p in consultants
        ]

    def clean_consultant(self) -> str:
        value = self.cleaned_data["consultant"]
        if value in self.busy:
            raise ValidationError(
                "이 컨설턴트와 진행 중인 컨설팅이 있어요. 다른 컨설턴트를 골라 주세요."
            )
        return value


class ShareForm(KoreanForm):
    """What to share: nothing is ticked until the member ticks it (initial only ever holds
    the member's own earlier choice in this draft)."""

    profile = forms.MultipleChoiceField(
        label="프로필 항목", required=False, widget=forms.CheckboxSelectMultiple
    )
    cover_letters = forms.MultipleChoiceField(
        label="자기소개서", required=False, widget=forms.CheckboxSelectMultiple
    )
    experiences = forms.MultipleChoiceField(
        label="경험", required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="컨설턴트에게 남길 말",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="궁금한 점이나 특히 봐 줬으면 하는 부분을 적어 주세요. (선택)",
    )

    def __init__(
        self, *args, has_profile: bool, letters, experiences, with_note: bool = True, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = (
            [(label, label) for label in PROFILE_ITEMS] if has_profile else []
        )
        self.fields["cover_letters"].choices = [(str(x.pk), x.title) for x in letters]
        self.fields["experiences"].choices = [(str(x.pk), x.title) for x in experiences]
        for name in ("profile", "cover_letters", "experiences"):
            self.fields[name].error_messages["invalid_choice"] = (
                "고를 수 없는 항목이 있어요. 목록에 있는 것 중에서 다시 골라 주세요."
            )
        if not with_note:
            del self.fields["note"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (
            cleaned.get("profile") or cleaned.get("cover_letters") or cleaned.get("experiences")
        ):
            raise ValidationError("공유할 정보를 하나 이상 골라 주세요.")
        return cleaned

    def selection(self) -> Selection:
        data = self.cleaned_data
        return Selection(
            profile=tuple(data["profile"]),
            cover_letters=tuple(int(pk) for pk in data["cover_letters"]),
            experiences=tuple(int(pk) for pk in data["experiences"]),
        )


def share_initial(selection: dict | None, note: str = "") -> dict:
    """A draft's earlier choice, to show again (never a default)."""
    selection = selection or {}
    return {
        "profile": list(selection.get("profile", [])),
        "cover_letters": [str(pk) for pk in selection.get("cover_letters", [])],
        "experiences": [str(pk) for pk in selection.get("experiences", [])],
        "note": note,
    }


class ProposalForm(KoreanForm):
    proposal = forms.TypedChoiceField(label="면접 시간", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, proposals, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [(p.pk, str(p.pk)) for p in proposals]


class RatingForm(KoreanForm):
    score = forms.TypedChoiceField(
        label="평점",
        coerce=int,
        choices=[(n, f"{n}점") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    line = forms.CharField(
        label="한 줄 평",
        max_length=200,
        required=False,
        help_text="컨설턴트 소개 화면에 이름 없이 보여요.",
    )
