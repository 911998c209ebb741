from django.contrib import admin

from privacy.api import PersonalDataAdminMixin
from recruiting.models import Application, Company, Offer, Posting


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ("title", "company", "job", "deadline", "status")
    list_filter = ("status", "company")
    list_select_related = ("company",)
    search_fields = ("title", "job", "company__name")


@admin.register(Application)
class ApplicationAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """지원 내역: staff move the status along; what the member sent is masked and read-only,
    and every view is in the access log (privacy.staff.mixins)."""

    list_display = ("__str__", "posting", "member", "status", "applied_at")
    list_filter = ("status", "posting")
    list_select_related = ("posting__company", "member")
    fields = (
        "member",
        "posting",
        "status",
        "applied_at",
        "updated_at",
        "letter_snapshot",
        "profile_snapshot",
    )
    readonly_fields = ("member", "posting", "applied_at", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False  # applications come from members only


@admin.register(Offer)
class OfferAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """입사 제안: staff write one for a member; once sent, its message is the member's record
    (masked) and only the member answers it."""

    list_display = ("__str__", "company", "member", "status", "sent_at")
    list_filter = ("status", "company")
    list_select_related = ("company", "member")
    raw_id_fields = ("member",)
    fields = ("member", "company", "posting", "message", "status", "sent_at", "answered_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("status", "sent_at", "answered_at")
        return (
            "member",
            "company",
            "posting",
            "status",
            "sent_at",
            "answered_at",
            *super().get_readonly_fields(request, obj),
        )
