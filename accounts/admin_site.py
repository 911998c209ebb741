"""The staff admin site: `admin.site` for every app (see accounts.admin_app).

Signing in takes a password, counted by the sign-in throttle (accounts.security), and when
ADMIN_REQUIRE_OTP a code from the staff member's TOTP authenticator app (django-otp). A staff
session without a verified device is treated as not staff, so it opens no admin page.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest

from accounts.security import ThrottledSignInMixin
from accounts.totp import TOTPSignInFormMixin


class StaffAuthenticationForm(ThrottledSignInMixin, TOTPSignInFormMixin, AdminAuthenticationForm):
    sign_in_kind = "Staff sign-in"

    def after_password(self) -> None:
        if settings.ADMIN_REQUIRE_OTP:
            self.clean_second_factor(self.get_user())


class StaffAdminSite(AdminSite):
    login_form = StaffAuthenticationForm
    login_template = "admin/staff_login.html"

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        if not settings.ADMIN_REQUIRE_OTP:
            return True
        # Set by django_otp.middleware.OTPMiddleware from the device verified at sign-in.
        is_verified = getattr(request.user, "is_verified", None)
        return bool(is_verified and is_verified())

    def login(self, request: HttpRequest, extra_context=None):
        context = {"admin_require_otp": settings.ADMIN_REQUIRE_OTP, **(extra_context or {})}
        return super().login(request, context)
