from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone

from consulting.catalog import Industry, JobFamily
from consulting.models import ConsultantInvitation, ConsultantProfile, Engagement
from consulting.services import invitation_create
from privacy.api import PersonalDataAdminMixin


class InvitationAddForm(forms.ModelForm):
    class Meta:
        model = ConsultantInvitation
        fields = ("name",)


@admin.register(ConsultantInvitation)
class ConsultantInvitationAdmin(admin.ModelAdmin):
    """Staff invite a consultant by name; the one-time link is shown once, on saving, and
    only its keyed hash is kept."""

    list_display = ("__str__", "created_by", "created_at", "expires_at", "accepted_at")
    list_select_related = ("created_by",)
    ordering = ("-created_at",)
    readonly_fields = ("created_by", "created_at", "expires_at", "accepted_at", "consultant")
    fields = readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
            kwargs["fields"] = ("name",)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ("name",) if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitation, token = invitation_create(name=obj.name, created_by=request.user)
        obj.pk = invitation.pk
        obj._state.adding = False
        link = request.build_absolute_uri(reverse("consulting:invitation", args=[token]))
        expires = timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")
        messages.warning(
            request,
            f"초대 링크예요. 이 화면에서 한 번만 보여요: {link} "
            f"({expires}까지, 한 번만 쓸 수 있어요)",
        )


class ConsultantProfileForm(forms.ModelForm):
    job_families = forms.MultipleChoiceField(
        label="전문 직무", choices=JobFamily.choices, required=False
    )
    industries = forms.MultipleChoiceField(
        label="전문 산업", choices=Industry.choices, required=False
    )

    class Meta:
        model = ConsultantProfile
        fields = (
            "display_name",
            "headline",
            "job_families",
            "industries",
            "career_summary",
            "credential_note",
            "is_listed",
        )


@admin.register(ConsultantProfile)
class ConsultantProfileAdmin(admin.ModelAdmin):
    """The consultant's card, kept by staff; the credential note is for staff only."""

    form = ConsultantProfileForm
    list_display = ("__str__", "consultant", "is_listed", "updated_at")
    list_select_related = ("consultant",)
    list_filter = ("is_listed",)
    ordering = ("-updated_at",)

    def has_add_permission(self, request):
        return False  # a profile comes from an accepted invitation


@admin.register(Engagement)
class EngagementAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Read-only, masked as other personal data is."""

    list_display = ("__str__", "service", "state", "consultant", "requested_at", "due_at")
    list_select_related = ("consultant",)
    list_filter = ("service", "state")
    ordering = ("due_at",)
    fields = (
        "member",
        "consultant",
        "service",
        "state",
        "request_note",
        "requested_at",
        "accepted_at",
        "due_at",
        "ended_at",
    )
    readonly_fields = fields
