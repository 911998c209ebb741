"""Form conventions shared by every app: Korean error messages that name the field."""

from django import forms

from core.korean import josa


class KoreanFormMixin:
    """Give every field an error message in natural Korean that names it.

    Django's stock Korean messages are generic ("필수 항목입니다."); a person on a phone needs to
    know which field and what to do.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "")
            messages = field.error_messages
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                messages["required"] = f"{label}{josa(label, '을/를')} 골라 주세요."
                messages["invalid_choice"] = "목록에 있는 항목을 골라 주세요."
            else:
                messages["required"] = f"{label}{josa(label, '을/를')} 입력해 주세요."
            messages["max_length"] = (
                f"{label}{josa(label, '은/는')} %(limit_value)d자까지 쓸 수 있어요 "
                "(지금 %(show_value)d자)."
            )
            if isinstance(field, forms.DateField):
                messages["invalid"] = "날짜를 2025-03-01처럼 입력해 주세요."
            if isinstance(field, forms.IntegerField):
                messages["invalid"] = "숫자만 입력해 주세요."
                messages["min_value"] = "%(limit_value)s 이상으로 입력해 주세요."
                messages["max_value"] = "%(limit_value)s 이하로 입력해 주세요."
            if field.required:
                field.widget.attrs.setdefault("aria-required", "true")


class KoreanForm(KoreanFormMixin, forms.Form):
    pass


class KoreanModelForm(KoreanFormMixin, forms.ModelForm):
    pass
