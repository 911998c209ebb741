from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from accounts.models import Role


def otp_verified(user) -> bool:
    """The session was opened with a code of the consultant's authenticator app (set by
    django_otp's middleware from the device verified at sign-in or at set-up)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def consultant_required(view):
    """Signed in as an active consultant: members, staff and visitors are refused. Checked on
    every request against the account as it is now, so a consultant deactivated (or no longer a
    consultant) is refused at their next request even if a session survived. With
    CONSULTANT_REQUIRE_OTP, a session not opened with the authenticator app's code opens
    nothing but the app's set-up."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("consulting:login"))
        if user.role != Role.CONSULTANT or not user.is_active:
            raise PermissionDenied
        if settings.CONSULTANT_REQUIRE_OTP and not otp_verified(user):
            return redirect("consulting:totp_setup")
        return view(request, *args, **kwargs)

    return wrapper


def consultant_gate(request):
    """For pages outside consulting that a consultant also opens (their notifications): a
    session not opened with the second factor goes to the app's set-up first. Registered
    with notifications in consulting.apps."""
    user = request.user
    if (
        user.is_authenticated
        and user.role == Role.CONSULTANT
        and settings.CONSULTANT_REQUIRE_OTP
        and not otp_verified(user)
    ):
        return redirect("consulting:totp_setup")
    return None
