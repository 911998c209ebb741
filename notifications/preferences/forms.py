from django import forms

from core.forms import KoreanForm

CHOICES = [("on", "카카오톡으로 받을게요"), ("off", "앱에서만 볼게요")]
CHOICE_ERROR = "‘카카오톡으로 받을게요’와 ‘앱에서만 볼게요’ 중에서 골라 주세요."


class PreferencesForm(KoreanForm):
    """One on/off choice per group the member may switch (required groups are not fields)."""

    def __init__(self, *args, settings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for setting in settings:
            if setting.required:
                continue
            self.fields[setting.group] = forms.ChoiceField(
                label=setting.label,
                help_text=setting.description,
                choices=CHOICES,
                initial="on" if setting.kakaotalk else "off",
                widget=forms.RadioSelect,
                error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
            )

    def choices(self) -> dict[str, bool]:
        return {group: value == "on" for group, value in self.cleaned_data.items()}
