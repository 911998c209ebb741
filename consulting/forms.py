from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django_otp import user_has_device

from accounts.models import Role
from accounts.security import ThrottledSignInMixin
from accounts.totp import TOTPSignInFormMixin


class ConsultantSignInForm(ThrottledSignInMixin, TOTPSignInFormMixin, AuthenticationForm):
    """Password sign-in for consultants, counted by the staff sign-in throttle, and with
    CONSULTANT_REQUIRE_OTP the code of their authenticator app, as staff give it. Anyone else
    (a member, staff) gets the same answer as a wrong password. A consultant who has no app yet
    signs in with the password alone into a session that opens nothing but the app's set-up
    (consulting.decorators)."""

    error_messages = {
        "invalid_login": "아이디 또는 비밀번호가 맞지 않아요. 다시 확인해 주세요.",
        "inactive": "아이디 또는 비밀번호가 맞지 않아요. 다시 확인해 주세요.",
    }

    sign_in_kind = "Consultant sign-in"

    def confirm_login_allowed(self, user):
        if not user.is_active or user.role != Role.CONSULTANT:
            raise self.get_invalid_login_error()

    def after_password(self) -> None:
        user = self.get_user()
        if settings.CONSULTANT_REQUIRE_OTP and user_has_device(user, confirmed=True):
            self.clean_otp(user)


class TOTPSetupForm(forms.Form):
    otp_token = forms.CharField(
        label="인증 코드",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}
        ),
        error_messages={"required": "인증 앱에 표시된 6자리 숫자를 입력해 주세요."},
    )

    def clean_otp_token(self) -> str:
        return self.cleaned_data["otp_token"].replace(" ", "")


class InvitationAcceptForm(forms.Form):
    username = forms.CharField(label="아이디", max_length=150)
    password1 = forms.CharField(
        label="비밀번호",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="비밀번호 확인",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("이미 쓰고 있는 아이디예요. 다른 아이디를 골라 주세요.")
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "두 비밀번호가 같지 않아요.")
        elif first:
            user = get_user_model()(username=cleaned.get("username", ""), role=Role.CONSULTANT)
            try:
                password_validation.validate_password(first, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
