from django.contrib import admin

from privacy.api import PersonalDataAdminMixin
from recruiting import services
from recruiting.models import Application, Company, Offer, Posting, PostingQuestion


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


class PostingQuestionInline(admin.TabularInline):
    """The posting's 자기소개서 문항, in the order the company asks them."""

    model = PostingQuestion
    fields = ("position", "prompt", "limit", "limit_unit")
    extra = 1
    ordering = ("position", "id")


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ("title", "company", "job", "deadline", "deadline_time", "status")
    inlines = (PostingQuestionInline,)
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

    def save_model(self, request, obj, form, change):
        # The admin's change view runs in one transaction: the new status and the member's
        # notification commit together.
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            services.application_status_notify(application=obj)


@admin.register(Offer)
class OfferAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """입사 제안: staff write one for a member; once sent, its message is the member's record
    (masked) and only the member answers it."""

    list_display = ("__str__", "company", "member", "status", "sent_at")
    list_filter = ("status", "company")
    list_select_related = ("company", "member")
    raw_id_fields = ("member",)
    fields = ("member", "company", "posting", "message", "status", "sent_at", "answered_at")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.offer_send(offer=obj)  # saved, and the member told, in one transaction

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
