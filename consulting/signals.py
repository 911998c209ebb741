"""A consultant deactivated (is_active False) is signed out on every device at once."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Role
from consulting.services import consultant_sessions_end


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="consulting.deactivated")
def _end_sessions_of_deactivated_consultant(sender, instance, **kwargs):
    if instance.role == Role.CONSULTANT and not instance.is_active:
        consultant_sessions_end(instance)
