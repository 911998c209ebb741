"""The staff admin site: `admin.site` for every app (see accounts.admin_app).

Signing in takes a password, counted by the sign-in throttle (accounts.security), and when
ADMIN_REQUIRE_OTP a code from the staff member's TOTP authenticator app (django-otp). A staff
session without a verified device is treated as not staff, so it opens no admin page.
"""

from django.conf import settings
from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest

from accounts.security import ThrottledSignInMixin
from accounts.totp import TOTPSignInFormMixin
from privacy.desk.views import officer_home_context

# Apps of the framework and its libraries, not the officer's or the operators' work: sign-in
# devices, social-login apps and tokens, e-mail addresses, groups and sites. Only superusers see
# and open them. Their Korean names, for the app list (their models' own verbose names are the
# libraries', and changing them would need migrations in those libraries).
INTERNAL_APPS: dict[str, str] = {
    "auth": "권한 그룹 (개발자용)",
    "account": "이메일 주소 (개발자용)",
    "socialaccount": "소셜 로그인 (개발자용)",
    "otp_totp": "관리자 2단계 인증 기기 (개발자용)",
    "otp_static": "관리자 복구 코드 (개발자용)",
    "otp_email": "관리자 이메일 인증 (개발자용)",
    "sites": "사이트 (개발자용)",
    "django_celery_beat": "예약 작업 (개발자용)",
    "django_celery_results": "작업 결과 (개발자용)",
}
INTERNAL_MODEL_NAMES: dict[str, str] = {
    "otp_totp.totpdevice": "TOTP 인증 기기",
    "otp_static.staticdevice": "복구 코드 기기",
}


class SuperuserOnlyAdminMixin:
    """A developer internal: invisible and closed to staff who are not superusers, whatever
    permissions their groups give them."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class StaffAuthenticationForm(ThrottledSignInMixin, TOTPSignInFormMixin, AdminAuthenticationForm):
    sign_in_kind = "Staff sign-in"

    def after_password(self) -> None:
        if settings.ADMIN_REQUIRE_OTP:
            self.clean_second_factor(self.get_user())


class StaffAdminSite(AdminSite):
    login_form = StaffAuthenticationForm
    login_template = "admin/staff_login.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as usual; a model of a developer internal (INTERNAL_APPS) gets its admin
        wrapped so only superusers see and open it, whichever module registers it."""
        models = (
            model_or_iterable
            if isinstance(model_or_iterable, (list, tuple))
            else [model_or_iterable]
        )
        for model in models:
            if model._meta.app_label in INTERNAL_APPS:
                base = admin_class or ModelAdmin
                wrapped = type(base.__name__, (SuperuserOnlyAdminMixin, base), {})
                super().register(model, wrapped, **options)
            else:
                super().register(model, admin_class, **options)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            if app["app_label"] in INTERNAL_APPS:
                app["name"] = INTERNAL_APPS[app["app_label"]]
            for model in app["models"]:
                label = f"{app['app_label']}.{model['object_name'].lower()}"
                model["name"] = INTERNAL_MODEL_NAMES.get(label, model["name"])
        # The officer's and operators' work first, the developers' internals last.
        return sorted(apps, key=lambda a: a["app_label"] in INTERNAL_APPS)

    def index(self, request, extra_context=None):
        """The admin index is the privacy officer's home (privacy.desk) above the app list."""
        return super().index(request, {**officer_home_context(request), **(extra_context or {})})

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
