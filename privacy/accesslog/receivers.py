"""Django's auth signals, handed to the sign-in services (privacy.accesslog.signin).

Connected on import: privacy.apps.PrivacyConfig.ready() imports this module."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from privacy.accesslog.signin import (
    access_log_record_sign_in,
    access_log_record_sign_in_failed,
    access_log_record_sign_out,
)


@receiver(user_logged_in, dispatch_uid="privacy.accesslog.receivers.sign_in")
def _on_sign_in(sender, request, user, **kwargs):
    access_log_record_sign_in(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="privacy.accesslog.receivers.sign_out")
def _on_sign_out(sender, request, user, **kwargs):
    access_log_record_sign_out(request=request, user=user)


@receiver(user_login_failed, dispatch_uid="privacy.accesslog.receivers.sign_in_failed")
def _on_sign_in_failed(sender, credentials, request=None, **kwargs):
    user_model = get_user_model()
    username = credentials.get(user_model.USERNAME_FIELD) or credentials.get("username") or ""
    access_log_record_sign_in_failed(request=request, username=str(username))
