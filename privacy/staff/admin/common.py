"""What the staff part's admin screens share: who may change them, and times in KST."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from privacy.staff.services import staff_is_officer


def may_manage(request) -> bool:
    """Superusers and the designated officer; decided once per request."""
    cached = getattr(request, "_privacy_staff_may_manage", None)
    if cached is None:
        cached = request.user.is_superuser or staff_is_officer(request.user)
        request._privacy_staff_may_manage = cached
    return cached


def kst(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class OfficerManagedAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and may_manage(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and may_manage(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Records of who was allowed to see members' data are kept; a designation is ended.
        return False
