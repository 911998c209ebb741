"""The admin app, configured with the staff site (INSTALLED_APPS names this instead of
django.contrib.admin). Kept apart from accounts.apps: a module holding several AppConfig
classes would stop Django picking AccountsConfig for `accounts` automatically."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """`admin.site`, which every app's admin.py registers with, is the staff site: throttled
    sign-in and, when ADMIN_REQUIRE_OTP, a TOTP second factor."""

    default_site = "accounts.admin_site.StaffAdminSite"
