from django import forms
from django.db import transaction
from django.http import HttpRequest

from privacy.consents.purposes import CONSENT_PURPOSES, Purpose
from privacy.consents.services import consents_record_signup


class SignupConsentForm(forms.Form):
    """The consent page a new member sees after Kakao, used as allauth's social sign-up form.

    The account is created only here, in one transaction with the consent ledger rows: without
    the required consent nothing of the person is kept. Optional consents are never pre-ticked.
    """

    agree_membership = forms.BooleanField(
        required=True,
        error_messages={"required": "필수 항목에 동의해야 가입할 수 있어요."},
    )
    agree_kakaotalk_messages = forms.BooleanField(required=False)
    agree_marketing = forms.BooleanField(required=False)

    def __init__(self, *args, sociallogin, **kwargs) -> None:
        self.sociallogin = sociallogin
        kwargs.pop("email_required", None)
        super().__init__(*args, **kwargs)

    def purposes(self):
        """Each purpose with its form field, in the order the page shows them."""
        return [(p, self[f"agree_{p.purpose}"]) for p in CONSENT_PURPOSES]

    @property
    def kakao_user(self):
        return self.sociallogin.user

    def try_save(self, request: HttpRequest):
        # allauth calls this; the (user, response) pair lets it short-circuit, which we never do.
        return self.save(request), None

    @transaction.atomic
    def save(self, request: HttpRequest):
        from allauth.socialaccount.adapter import get_adapter

        user = get_adapter(request).save_user(request, self.sociallogin, form=None)
        request.session.set_expiry(None)  # back to the normal session length
        consents_record_signup(
            member=user,
            optional={
                Purpose.KAKAOTALK: self.cleaned_data["agree_kakaotalk_messages"],
                Purpose.MARKETING: self.cleaned_data["agree_marketing"],
            },
        )
        return user


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        required=True,
        error_messages={"required": "안내를 확인했다는 항목에 체크해 주세요."},
    )
