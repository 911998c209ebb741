from django.contrib import admin

from experiences.models import Experience


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    # No titles or texts in the list: they are the member's own writing (masking and the
    # access log arrive with the protection-core issue).
    list_display = ("__str__", "member", "kind", "start_date", "ongoing", "updated_at")
    list_filter = ("kind", "ongoing")
    list_select_related = ("member",)
    raw_id_fields = ("member",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("-id",)
