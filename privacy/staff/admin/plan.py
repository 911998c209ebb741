"""내부관리계획: drafted, approved once by the officer, then read-only forever."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Subquery
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from privacy.staff.admin.common import OfficerManagedAdmin, kst, may_manage
from privacy.staff.models import (
    ManagementPlan,
)
from privacy.staff.services import (
    management_plan_approvable,
    management_plan_approve,
    management_plan_current,
    management_plan_draft_open,
    management_plan_next_version,
)


class ManagementPlanForm(forms.ModelForm):
    class Meta:
        model = ManagementPlan
        fields = ("title", "text", "change_summary")
        widgets = {"text": forms.Textarea(attrs={"rows": 40, "cols": 100})}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            draft = management_plan_draft_open()
            if draft is not None:
                raise ValidationError(
                    f"승인되지 않은 초안(제{draft.version}판)이 이미 있습니다. "
                    "그 초안을 고치거나 승인한 뒤에 새 판을 만들어 주세요."
                )
        return cleaned


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label="승인일",
        help_text="개인정보 보호책임자가 이 판을 승인한 날짜입니다. 승인하면 이 판은 더 이상 "
        "고칠 수 없고, 고칠 것이 있으면 새 판을 만들어야 합니다.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@admin.register(ManagementPlan)
class ManagementPlanAdmin(OfficerManagedAdmin):
    """Drafts are edited, approved once by the officer, then read-only forever; a new draft
    starts from the latest version's text."""

    form = ManagementPlanForm
    change_form_template = "admin/privacy/staff/managementplan_change_form.html"
    list_display = ("version_label", "title", "state", "approved_on", "approved_by", "drafted")
    list_select_related = ("approved_by",)
    readonly_fields = (
        "version_label",
        "state",
        "drafted_by",
        "drafted",
        "approved_on",
        "approved_by",
    )

    def get_fieldsets(self, request, obj=None):
        main = ("title", "text", "change_summary")
        if obj is None:
            return [(None, {"fields": main})]
        return [
            (None, {"fields": ("version_label", "state", *main)}),
            ("작성·승인", {"fields": ("drafted_by", "drafted", "approved_on", "approved_by")}),
        ]

    @admin.display(description="판", ordering="version")
    def version_label(self, plan) -> str:
        return f"제{plan.version}판"

    @admin.display(description="상태")
    def state(self, plan) -> str:
        if not plan.approved:
            return "초안 (승인 전)"
        current = getattr(plan, "current_pk", None)
        if current is None:
            current = getattr(management_plan_current(), "pk", 0)
        return "현행 (시행 중)" if plan.pk == current else "이전 판"

    @admin.display(description="작성 일시", ordering="drafted_at")
    def drafted(self, plan) -> str:
        return kst(plan.drafted_at)

    def get_queryset(self, request):
        current = (
            ManagementPlan.objects.filter(approved_on__isnull=False)
            .order_by("-version")
            .values("pk")[:1]
        )
        return super().get_queryset(request).annotate(current_pk=Subquery(current))

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.approved:
            return False  # approved: read-only forever
        return super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        # A new version starts from the latest one's text (approved or not).
        latest = ManagementPlan.objects.order_by("-version").first()
        if latest is None:
            return super().get_changeform_initial_data(request)
        return {"title": latest.title, "text": latest.text}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.version = management_plan_next_version()
            obj.drafted_by = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_approve"] = bool(obj is not None and not obj.approved and may_manage(request))
        context["current_plan"] = management_plan_current()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "current/",
                self.admin_site.admin_view(self.current_view),
                name="privacy_managementplan_current",
            ),
            path(
                "<int:object_id>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="privacy_managementplan_approve",
            ),
            *super().get_urls(),
        ]

    def current_view(self, request):
        """The plan in force, or the list with a word when none is approved yet."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        current = management_plan_current()
        if current is None:
            self.message_user(
                request,
                "아직 승인된 내부관리계획이 없습니다. 초안을 검토하고 승인해 주세요.",
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:privacy_managementplan_changelist"))
        return HttpResponseRedirect(
            reverse("admin:privacy_managementplan_change", args=[current.pk])
        )

    def approve_view(self, request, object_id):
        plan = ManagementPlan.objects.filter(pk=object_id).first()
        if plan is None:
            raise Http404
        if not (super().has_change_permission(request, plan) and may_manage(request)):
            raise PermissionDenied
        change_url = reverse("admin:privacy_managementplan_change", args=[plan.pk])
        form = ApproveForm(
            request.POST if request.method == "POST" else None,
            initial={"approved_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                management_plan_approve(
                    plan=plan, by=request.user, on=form.cleaned_data["approved_on"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    f"제{plan.version}판을 승인했습니다. 이제 이 판이 현행 내부관리계획입니다.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        refusal = ""
        if request.method != "POST":
            # Say before the officer fills the form in whether it can be approved at all.
            try:
                management_plan_approvable(plan, by=request.user, on=timezone.localdate())
            except ValidationError as error:
                refusal = " ".join(error.messages)
        context = {
            "refusal": refusal,
            **self.admin_site.each_context(request),
            "title": f"{plan} 승인",
            "opts": self.opts,
            "original": plan,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/privacy/staff/managementplan_approve.html", context)
