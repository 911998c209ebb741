"""Form conventions shared by every app: Korean error messages that name the field, and input
text normalised before any field sees it (core.text: control characters)."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.http import QueryDict

from core.korean import josa
from core.text import clean_text


def cleaned_data_source(data):
    """A bound form's data with every text value normalised (core.text.clean_text): done once
    here, so every field of every member form, hidden ones and formset rows included, sees the
    same text, and what is shown again after an error is what would be stored."""
    if isinstance(data, QueryDict):
        # A formset hands the same request.POST to each of its rows: normalise it once.
        cached = getattr(data, "_normalised", None)
        if cached is not None:
            return cached
        copy = data.copy()
        for key, values in data.lists():
            copy.setlist(key, [clean_text(v) if isinstance(v, str) else v for v in values])
        copy._normalised = data._normalised = copy
        return copy
    return {
        key: clean_text(value) if isinstance(value, str) else value for key, value in data.items()
    }


class KoreanFormMixin:
    """Give every field an error message in natural Korean that names it, and normalise the
    input text first (cleaned_data_source).

    Django's stock Korean messages are generic ("필수 항목입니다."); a person on a phone needs to
    know which field and what to do.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = cleaned_data_source(self.data)
        for field in self.fields.values():
            korean_field_messages(field)


def korean_field_messages(field: forms.Field) -> None:
    """The Korean messages of one field (also for fields a form adds after __init__)."""
    label = str(field.label or "")
    _korean_nul_message(field, label)
    messages = field.error_messages
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        messages["required"] = f"{label}{josa(label, '을/를')} 골라 주세요."
        messages["invalid_choice"] = "목록에 있는 항목을 골라 주세요."
    else:
        messages["required"] = f"{label}{josa(label, '을/를')} 입력해 주세요."
    messages["max_length"] = (
        f"{label}{josa(label, '은/는')} %(limit_value)d자까지 쓸 수 있어요 (지금 %(show_value)d자)."
    )
    if isinstance(field, forms.DateField):
        messages["invalid"] = "날짜를 2025-03-01처럼 입력해 주세요."
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = "숫자만 입력해 주세요."
        messages["min_value"] = "%(limit_value)s 이상으로 입력해 주세요."
        messages["max_value"] = "%(limit_value)s 이하로 입력해 주세요."
    if field.required:
        field.widget.attrs.setdefault("aria-required", "true")


def _korean_nul_message(field: forms.Field, label: str) -> None:
    # PostgreSQL cannot store U+0000 and no one types it: CharField refuses it; say so in
    # Korean. (A fresh validator: the field's own list is shared with the form class.)
    field.validators = [
        ProhibitNullCharactersValidator(
            message=f"{label}에 쓸 수 없는 문자(NUL)가 들어 있어요. 붙여 넣은 내용을 지우고 "
            "다시 입력해 주세요."
        )
        if isinstance(validator, ProhibitNullCharactersValidator)
        else validator
        for validator in field.validators
    ]


class KoreanForm(KoreanFormMixin, forms.Form):
    pass


class KoreanModelForm(KoreanFormMixin, forms.ModelForm):
    pass
