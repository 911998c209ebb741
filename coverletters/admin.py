from django.contrib import admin

from coverletters.models import CoverLetter, Question
from privacy.api import PersonalDataAdminMixin, ReadOnlyPersonalInline


class QuestionInline(ReadOnlyPersonalInline):
    model = Question
    fields = ("position", "prompt", "limit", "limit_unit", "answer", "revision", "updated_at")
    readonly_fields = fields


@admin.register(CoverLetter)
class CoverLetterAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """자기소개서, read-only to staff: the member's own writing, masked, and every view recorded
    in the access log (privacy.staff.mixins). The posting's company and deadline are not
    personal data and are listed."""

    list_display = ("__str__", "member", "company", "deadline", "updated_at")
    list_select_related = ("member",)
    ordering = ("-updated_at",)
    inlines = (QuestionInline,)
    fields = (
        "member",
        "title",
        "job_title",
        "company",
        "deadline",
        "requirements",
        "duties",
        "preferences",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
