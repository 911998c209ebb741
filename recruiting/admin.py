from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from privacy.api import (
    REVEAL_PERMISSION,
    AccessLogAction,
    PersonalDataAdminMixin,
    SharingPurpose,
    access_log_record_access,
    member_hit,
    provision,
    staff_access_check,
)
from recruiting import services
from recruiting.admin_forms import SEARCH_PURPOSE, OfferAddForm, offerable_applications
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
    and every view is in the access log (privacy.staff.mixins). "회사 전달용 사본" is the copy
    that goes to the company: only the items the member chose, read-only, logged, and only
    while the member's consent to the provision is in force."""

    list_display = ("__str__", "posting", "member_label", "status", "applied_at")
    list_filter = ("status", "posting")
    list_select_related = ("posting__company", "member")
    fields = (
        "member_label",
        "posting",
        "status",
        "interview_at",
        "applied_at",
        "updated_at",
        "company_copy",
        "write_offer",
        "shared_items",
        "letter_version_ref",
        "letter_snapshot",
        "profile_snapshot",
    )
    readonly_fields = (
        "member_label",
        "posting",
        "applied_at",
        "updated_at",
        "company_copy",
        "write_offer",
        "shared_items",
        "letter_version_ref",
    )

    def has_add_permission(self, request) -> bool:
        return False  # applications come from members only

    def save_model(self, request, obj, form, change):
        # The admin's change view runs in one transaction: the new status and the member's
        # notification commit together.
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            services.application_status_notify(application=obj)

    @admin.display(description="회원")
    def member_label(self, obj) -> str:
        return member_hit(obj.member).label if obj and obj.member_id else "-"

    @admin.display(description="입사 제안")
    def write_offer(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:recruiting_offer_add") + f"?application={obj.pk}"
        return format_html('<a href="{}">이 지원자에게 입사 제안 쓰기</a>', url)

    @admin.display(description="회사 전달용 사본")
    def company_copy(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:recruiting_application_company_copy", args=[obj.pk])
        return format_html('<a href="{}">회사 전달용 사본 보기</a>', url)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/company-copy/",
                self.admin_site.admin_view(self.company_copy_view),
                name="recruiting_application_company_copy",
            ),
            *super().get_urls(),
        ]

    def company_copy_view(self, request, object_id):
        """The copy staff hand to the company: the letter and only the profile items the
        member chose, as sent. Plaintext, so it needs the reveal permission like any plaintext
        view; each opening is in the access log with the provision's reason."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not (
            self.has_view_permission(request, obj) and request.user.has_perm(REVEAL_PERMISSION)
        ):
            raise PermissionDenied
        available = services.application_copy_available(obj)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{obj} 회사 전달용 사본",
            "opts": self.opts,
            "original": obj,
            "available": available,
            "company": obj.posting.company,
            "change_url": reverse("admin:recruiting_application_change", args=[obj.pk]),
        }
        if available:
            access_log_record_access(
                request=request,
                action=AccessLogAction.VIEW,
                model=Application,
                subjects=[obj.member_id],
                target_id=obj.pk,
                reason=provision(SharingPurpose.COMPANY).log_reason,
                detail={"copy": "company", "items": list(obj.shared_items)},
            )
            context["letter"] = obj.letter_snapshot
            context["items"] = services.snapshot_items(obj.profile_snapshot)
        response = TemplateResponse(
            request, "admin/recruiting/application/company_copy.html", context
        )
        response["Cache-Control"] = "no-store"
        return response


@admin.register(Offer)
class OfferAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """입사 제안: staff write one for a member found by phone number or taken from one of their
    applications (recruiting.admin_forms), never picked by id; once sent, its message is the
    member's record (masked) and only the member answers it."""

    list_display = ("__str__", "company", "member_label", "status", "sent_at")
    list_filter = ("status", "company")
    list_select_related = ("company", "member")
    fields = (
        "member_label",
        "company",
        "posting",
        "message",
        "contact",
        "status",
        "sent_at",
        "answered_at",
    )
    add_fields = ("member_phone", "application", "company", "posting", "message", "contact")

    @admin.display(description="회원")
    def member_label(self, obj) -> str:
        return member_hit(obj.member).label if obj and obj.member_id else "-"

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = OfferAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            # The phone search is logged as this request's staff account.
            form = type(form.__name__, (form,), {"request": request})
        return form

    def add_view(self, request, form_url="", extra_context=None):
        # Before the log entry below: a refused account is logged as refused, not as a view.
        staff_access_check(request, model=Application)
        if request.method == "GET":
            # The application choices show members' masked names: which members, in the log.
            access_log_record_access(
                request=request,
                action=AccessLogAction.LIST,
                model=Application,
                subjects=offerable_applications().values_list("member_id", flat=True),
                detail={"purpose": SEARCH_PURPOSE},
            )
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.offer_send(offer=obj)  # saved, and the member told, in one transaction
            found = getattr(form, "found", None)
            if found is not None:
                messages.info(request, f"{found.label} 님에게 입사 제안을 보냈어요.")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("status", "sent_at", "answered_at")
        return (
            "member_label",
            "company",
            "posting",
            "status",
            "sent_at",
            "answered_at",
            *super().get_readonly_fields(request, obj),
        )
