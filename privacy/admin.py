from django.contrib import admin

from privacy.models import ConsentRecord


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """The ledger is append-only: staff may read it, never edit or delete rows."""

    list_display = ("member", "purpose", "granted", "policy_version", "channel", "recorded_at")
    list_filter = ("purpose", "granted", "channel", "policy_version")
    list_select_related = ("member",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
