"""A consultant deactivated (is_active False) or no longer a consultant (the role removed) is
signed out on every device at once, and the grants they hold end (reactivating restores
nothing: members share again). Every consulting view also checks the account as it is at
each request (consulting.decorators), and privacy's shared_view refuses an inactive viewer or
one of another role, so access ends even where a session was not found."""

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import Role
from consulting.services import consultant_access_end

GUARDED_FIELDS = frozenset({"role", "is_active"})


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="consulting.was_consultant")
def _remember_whether_an_active_consultant(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and not GUARDED_FIELDS & update_fields):
        return
    instance._was_active_consultant = sender.objects.filter(
        pk=instance.pk, role=Role.CONSULTANT, is_active=True
    ).exists()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="consulting.deactivated")
def _end_sessions_of_deactivated_consultant(sender, instance, **kwargs):
    still_consultant = instance.role == Role.CONSULTANT
    if (still_consultant and not instance.is_active) or (
        getattr(instance, "_was_active_consultant", False) and not still_consultant
    ):
        consultant_access_end(instance)
