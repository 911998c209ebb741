"""Designations, education records and the officer's rule: who may open members' data."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from privacy.accesslog.append import access_log_append, actor_from_request, model_label
from privacy.accesslog.models import AccessLogAction, AccessLogChain
from privacy.staff.admin.common import OfficerManagedAdmin, kst
from privacy.staff.designation import education_current
from privacy.staff.models import (
    PrivacyEducation,
    StaffAccessRule,
    StaffDesignation,
)
from privacy.staff.services import (
    designation_record_change,
    designation_snapshot_of,
)


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
