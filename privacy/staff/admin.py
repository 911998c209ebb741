"""The officer's screens for the internal management plan and the people who handle personal
data. None of these shows members' data, so none asks staff_access_check: a superuser can
always open them, which is how the first officer is designated and how nobody is locked out.
Who may change them is narrower: superusers and the designated 개인정보 보호책임자."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from privacy.accesslog.append import access_log_append, actor_from_request, model_label
from privacy.accesslog.models import AccessLogAction, AccessLogChain
from privacy.staff.designation import education_current
from privacy.staff.models import (
    ManagementPlan,
    PrivacyEducation,
    StaffAccessRule,
    StaffDesignation,
    StaffRole,
)
from privacy.staff.services import (
    designation_record_change,
    designation_snapshot_of,
    management_plan_approvable,
    management_plan_approve,
    management_plan_current,
    management_plan_draft_open,
    management_plan_next_version,
)


def is_officer(user) -> bool:
    return (
        StaffDesignation.objects.in_force(timezone.localdate())
        .filter(staff_id=user.pk, role=StaffRole.OFFICER)
        .exists()
    )


def may_manage(request) -> bool:
    """Superusers and the designated officer; decided once per request."""
    cached = getattr(request, "_privacy_staff_may_manage", None)
    if cached is None:
        cached = request.user.is_superuser or is_officer(request.user)
        request._privacy_staff_may_manage = cached
    return cached


def kst(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class OfficerManagedAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and may_manage(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and may_manage(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Records of who was allowed to see members' data are kept; a designation is ended.
        return False


# --- 내부관리계획 -----------------------------------------------------------------------------


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


# --- 지정과 교육 -------------------------------------------------------------------------------


class DesignationForm(forms.ModelForm):
    class Meta:
        model = StaffDesignation
        fields = ("staff", "role", "scope", "designated_on", "ended_on")
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "designated_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if "designated_on" in self.fields and not self.instance.pk:
            self.fields["designated_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        own = self.request is not None and self.instance.staff_id == self.request.user.pk
        if self.instance.pk and own:
            raise ValidationError(
                "본인의 지정은 직접 고칠 수 없습니다. 다른 관리자나 개인정보 보호책임자가 "
                "고쳐야 합니다."
            )
        return cleaned

    def clean_staff(self):
        staff = self.cleaned_data["staff"]
        # Nobody designates themselves: access to members' data is granted by someone else,
        # and the grant names who made it (a superuser designates the first officer).
        if self.request is not None and staff.pk == self.request.user.pk:
            raise ValidationError(
                "본인을 직접 지정할 수는 없습니다. 다른 관리자나 개인정보 보호책임자가 "
                "지정해야 합니다."
            )
        return staff


@admin.register(StaffDesignation)
class StaffDesignationAdmin(OfficerManagedAdmin):
    form = DesignationForm
    list_display = (
        "staff",
        "role",
        "scope_short",
        "designated_on",
        "ended_on",
        "last_educated",
        "status",
    )
    list_filter = ("role",)
    list_select_related = ("staff",)
    search_fields = ("staff__username",)
    readonly_fields = ("designated_by", "recorded")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class RequestForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, request=request, **kw)

        return RequestForm

    def get_fieldsets(self, request, obj=None):
        fields = ["staff", "role", "scope", "designated_on", "ended_on"]
        if obj is not None:
            fields += ["designated_by", "recorded"]
        return [(None, {"fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            # Who and since when stay as recorded; a new role or scope is a new designation.
            return (*self.readonly_fields, "staff", "designated_on")
        return self.readonly_fields

    def get_queryset(self, request):
        last = (
            PrivacyEducation.objects.filter(staff_id=OuterRef("staff_id"))
            .order_by("-completed_on")
            .values("completed_on")[:1]
        )
        valid_days = StaffAccessRule.objects.filter(pk=StaffAccessRule.SINGLETON_PK).values(
            "education_valid_days"
        )[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(last_educated_on=Subquery(last), valid_days=Subquery(valid_days))
        )

    @admin.display(description="담당 범위")
    def scope_short(self, designation) -> str:
        text = designation.scope
        return text if len(text) <= 40 else text[:40] + "…"

    @admin.display(description="최근 교육 이수일")
    def last_educated(self, designation) -> str:
        on = getattr(designation, "last_educated_on", None)
        return on.isoformat() if on else "없음"

    @admin.display(description="개인정보 열람")
    def status(self, designation) -> str:
        today = timezone.localdate()
        if designation.designated_on > today:
            return "지정 예정"
        if designation.ended_on and designation.ended_on <= today:
            return "해제됨"
        # Annotated by get_queryset: the list costs no query per row.
        educated_on = getattr(designation, "last_educated_on", None)
        if not education_current(educated_on, getattr(designation, "valid_days", None), today):
            return format_html('<strong style="color:#ba2121">{}</strong>', "교육 필요 (열람 불가)")
        return "가능"

    @admin.display(description="기록 일시")
    def recorded(self, designation) -> str:
        return kst(designation.recorded_at)

    def save_model(self, request, obj, form, change):
        before = designation_snapshot_of(obj.pk) if change else None
        if not change:
            obj.designated_by = request.user
        super().save_model(request, obj, form, change)
        designation_record_change(actor=actor_from_request(request), designation=obj, before=before)


class EducationForm(forms.ModelForm):
    class Meta:
        model = PrivacyEducation
        fields = ("staff", "course", "completed_on", "hours")
        widgets = {"completed_on": forms.DateInput(attrs={"type": "date"})}

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise ValidationError("이수일은 오늘이나 그 이전 날짜여야 합니다.")
        return completed_on


@admin.register(PrivacyEducation)
class PrivacyEducationAdmin(OfficerManagedAdmin):
    form = EducationForm
    list_display = ("staff", "course", "completed_on", "hours", "recorded_by", "recorded")
    list_filter = ("completed_on",)
    list_select_related = ("staff", "recorded_by")
    search_fields = ("staff__username", "course")
    readonly_fields = ("recorded_by", "recorded")
    date_hierarchy = "completed_on"

    @admin.display(description="기록 일시")
    def recorded(self, education) -> str:
        return kst(education.recorded_at)

    def get_fieldsets(self, request, obj=None):
        fields = ["staff", "course", "completed_on", "hours"]
        if obj is not None:
            fields += ["recorded_by", "recorded"]
        return [(None, {"fields": fields})]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(StaffAccessRule)
class StaffAccessRuleAdmin(OfficerManagedAdmin):
    """One row: the list goes straight to it."""

    fields = ("education_valid_days", "changed_by", "changed")
    readonly_fields = ("changed_by", "changed")

    @admin.display(description="바꾼 일시")
    def changed(self, rule) -> str:
        return kst(rule.changed_at)

    def has_add_permission(self, request) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        rule, _ = StaffAccessRule.objects.get_or_create(pk=StaffAccessRule.SINGLETON_PK)
        return HttpResponseRedirect(reverse("admin:privacy_staffaccessrule_change", args=[rule.pk]))

    def save_model(self, request, obj, form, change):
        before = StaffAccessRule.objects.filter(pk=obj.pk).values("education_valid_days").first()
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)
        if before and before["education_valid_days"] != obj.education_valid_days:
            # The rule decides who may see members' data: its change is a permission change.
            access_log_append(
                chain=AccessLogChain.PERMISSION,
                actor=actor_from_request(request),
                action=AccessLogAction.PERMISSION_CHANGE,
                target_type=model_label(StaffAccessRule),
                target_id=str(obj.pk),
                detail={
                    "before": before,
                    "after": {"education_valid_days": obj.education_valid_days},
                },
            )
