from django.contrib import admin

from experiences.models import Experience
from privacy.api import PersonalDataAdminMixin


@admin.register(Experience)
class ExperienceAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """An experience is the member's own writing: masked, read-only to staff, and every view
    recorded in the access log (privacy.staff.mixins).

    The list shows no personal columns: 경험의 종류 and 진행 날짜 are personal items too (the
    policy's 경험 나열), so the kind/ongoing filters and the start-date column that listed them
    were removed rather than shown masked.
    """

    list_display = ("__str__", "member", "updated_at")
    list_select_related = ("member",)
    raw_id_fields = ("member",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("-id",)

    # Staff do not write members' experiences.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
