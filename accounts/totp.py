"""The TOTP second factor at sign-in (django-otp), shared by the admin's form and the
consultants': the code field, its Korean messages, and the choice of device."""

from django import forms
from django.core.exceptions import ValidationError
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin

NO_DEVICE_MESSAGE = (
    "인증 앱이 등록되지 않은 계정이에요. 운영 책임자에게 인증 앱 등록"
    "(manage.py staff_totp)을 요청해 주세요."
)


class TOTPSignInFormMixin(OTPAuthenticationFormMixin, forms.Form):
    """In front of an AuthenticationForm: `clean_second_factor(user)` checks the code."""

    otp_device = forms.CharField(label="인증 기기", required=False, widget=forms.Select)
    otp_token = forms.CharField(
        label="인증 코드",
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}
        ),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": "인증 앱에 표시된 인증 코드를 입력해 주세요.",
        "invalid_token": "인증 코드가 맞지 않아요. 인증 앱에 지금 표시된 코드를 입력해 주세요.",
        "n_failed_attempts": (
            "인증 코드를 %(failure_count)d번 잘못 입력해 잠시 확인을 멈췄어요. "
            "잠시 후 다시 시도해 주세요."
        ),
        "verification_not_allowed": (
            "지금은 인증 코드를 확인할 수 없어요. 잠시 후 다시 시도해 주세요."
        ),
        "device_required": "인증 기기를 골라 주세요.",
        "not_interactive": "인증 앱에 표시된 인증 코드를 입력해 주세요.",
    }

    def clean_second_factor(self, user) -> None:
        if not user_has_device(user):
            raise ValidationError(NO_DEVICE_MESSAGE, code="otp_device_missing")
        self.clean_otp(user)

    def _chosen_device(self, user):
        # django-otp asks the person to pick a device rather than trying a code on each one
        # (a miss would count against the others' throttles). With one device, which is the
        # usual case, there is nothing to pick: use it, so one submission is enough.
        if self.cleaned_data.get("otp_device"):
            return super()._chosen_device(user)
        devices = list(devices_for_user(user, for_verify=True))
        return devices[0] if len(devices) == 1 else None

    def _update_form(self, user):
        # Offer the person's devices, but unlike django-otp do not echo the password back into
        # the page: it is typed again with the next code.
        self.fields["otp_device"].widget.choices = self.device_choices(user)
