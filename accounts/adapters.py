"""django-allauth hooks: who may sign up, what a new member is made of, how errors read."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, _build_apps_from_settings
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from requests import RequestException

from accounts.drafts import draft_namespace, drafts_clear_on_next_page
from accounts.kakao.provider import KakaoConsentMissing
from accounts.models import Role, new_member_username
from accounts.services import pending_signup_joined

PENDING_SIGNUP_MAX_AGE = 30 * 60


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # No local sign-up: members join through Kakao only (see the social adapter).
        return False

    def logout(self, request: HttpRequest) -> None:
        # Shared-PC risk: a member's unsaved drafts stay in this browser after they leave.
        # The page after sign-out clears them (accounts.drafts).
        user = request.user
        namespace = draft_namespace(user) if user.is_authenticated and user.is_member else None
        super().logout(request)
        if namespace:
            drafts_clear_on_next_page(request, namespace)


class KakaoSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return True

    def list_apps(self, request: HttpRequest, provider=None, client_id=None):
        """Kakao's app comes from the environment (settings.SOCIALACCOUNT_PROVIDERS) only.

        allauth also reads SocialApp rows on every call — five times in one sign-in — and
        would let a row added in the admin carry a client secret outside the environment.
        Secrets come from the environment, so the rows are not a source at all."""
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict):
        user = sociallogin.user
        user.username = new_member_username()
        user.role = Role.MEMBER
        user.name = data["kakao_name"]
        user.phone = data["kakao_phone"]
        # lookup() replaces sociallogin.user with the stored account of a returning member;
        # keep what Kakao just told us so pre_social_login can refresh it.
        sociallogin.kakao_fields = {"name": user.name, "phone": user.phone}
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        # The access token is not needed once the user info is read; drop it so that it is
        # not carried in the session while the consent page is open.
        sociallogin.token = None
        fresh = getattr(sociallogin, "kakao_fields", None)
        if not sociallogin.is_existing:
            # Until the consent page is answered, the name and phone Kakao sent wait in the
            # session. Keep that window short: an abandoned sign-up expires in 30 minutes
            # rather than the 14 days of a signed-in session (reset once the member joins).
            request.session.set_expiry(PENDING_SIGNUP_MAX_AGE)
        if sociallogin.is_existing and fresh:
            # A returning member: keep 이름 and 카카오계정(전화번호) current with Kakao.
            user = sociallogin.user
            changed = [f for f, value in fresh.items() if getattr(user, f) != value]
            for field in changed:
                setattr(user, field, fresh[field])
            if changed:
                if "phone" in changed:
                    changed.append("phone_index")
                user.save(update_fields=changed)

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form=None):
        # Called inside the consent form's transaction (accounts.forms.SignupConsentForm): the
        # pending sign-up's key becomes the new member's in the same commit that creates them.
        user = super().save_user(request, sociallogin, form)
        pending_signup_joined(subject=user.subject)
        return user

    def validate_disconnect(self, account, accounts) -> None:
        # Kakao is a member's only way in; disconnecting it would lock them out. Leaving is
        # withdrawal (회원 탈퇴), which destroys the data instead of orphaning it.
        raise ValidationError(
            "카카오 계정 연결은 해제할 수 없어요. 탈퇴는 내 정보에서 할 수 있어요."
        )

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider,
        error=None,
        exception=None,
        extra_context=None,
    ) -> None:
        raise ImmediateHttpResponse(kakao_error_response(request, error, exception))


def kakao_error_response(request: HttpRequest, error, exception):
    """One clear Korean page per way Kakao sign-in can fail. Nothing has been saved by then:
    the account is created only when the consent form is submitted."""
    if isinstance(exception, KakaoConsentMissing):
        reason, status = (
            "phone_declined" if exception.item == "phone_number" else "name_declined",
            400,
        )
    elif error == AuthError.CANCELLED:
        reason, status = "cancelled", 400
    elif isinstance(exception, RequestException):
        reason, status = "unavailable", 502
    elif isinstance(exception, OAuth2Error):
        reason, status = "token_failed", 502
    elif exception is None and error == AuthError.UNKNOWN:
        reason, status = "expired", 400
    else:
        reason, status = "unknown", 400
    return render(request, "accounts/kakao_error.html", {"reason": reason}, status=status)
