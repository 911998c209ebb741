from django.contrib import admin

from privacy.api import PersonalDataAdminMixin, ReadOnlyPersonalInline
from profiles.models import Career, Education, Profile


class EducationInline(ReadOnlyPersonalInline):
    model = Education
    fields = ("position", "school", "major", "status", "start_date", "end_date")


class CareerInline(ReadOnlyPersonalInline):
    model = Career
    fields = ("position", "company", "role", "start_date", "end_date", "is_current", "description")


@admin.register(Profile)
class ProfileAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Read-only: a profile is the member's own to write.

    Names are not listed and nothing is searchable by name. The personal fields, the
    educations' and careers' included, are masked; staff with the reveal permission see them
    with a reason, which the access log records (privacy.staff.mixins).
    """

    list_display = ("__str__", "member", "updated_at")
    list_select_related = ("member",)
    ordering = ("-updated_at",)
    inlines = (EducationInline, CareerInline)
    fields = (
        "member",
        "name",
        "desired_job",
        "desired_industry",
        "birth_date",
        "situation",
        "updated_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Viewing is allowed to staff with the view permission; editing never.
        return False
