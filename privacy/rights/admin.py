"""The privacy officer's desk (Django admin): rights requests by due date, their steps, the
deadline reminders and a summary page.

Requests are personal data: the admin masks their personal fields and records every list,
view and step in the access log (privacy.staff.mixins). Staff never edit a request's fields;
they move it through the services in privacy.rights.steps, each step appended to its history.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from privacy.accesslog.append import access_log_record_access
from privacy.accesslog.models import AccessLogAction
from privacy.accesslog.verify import access_log_verify
from privacy.rights import filing, steps
from privacy.rights.columns import (
    DeadlineFilter,
    EventInline,
    RequestColumnsMixin,
    RightsChangeList,
)
from privacy.rights.desk import DESK_STEPS
from privacy.rights.models import (
    LIST_FIELDS,
    PowerOfAttorney,
    RightsReminder,
    RightsRequest,
)
from privacy.rights.receiving import ReceiveDeskMixin
from privacy.rights.summary import officer_summary
from privacy.staff import designation
from privacy.staff.mixins import (
    REVEAL_PERMISSION,
    PersonalDataAdminMixin,
    ReadOnlyAdminMixin,
)

VERIFY_CACHE_KEY = "rights:summary:access-log-verification"
VERIFY_CACHE_SECONDS = 10 * 60


@admin.register(RightsRequest)
class RightsRequestAdmin(
    RequestColumnsMixin, ReceiveDeskMixin, PersonalDataAdminMixin, admin.ModelAdmin
):
    list_display = (
        "__str__", "kind", "status", "channel", "received_via", "deadline", "due_date",
        "received_kst", "next_steps",
    )  # fmt: skip
    list_filter = ("kind", "status", DeadlineFilter, "channel", "received_via")
    ordering = ("due_date", "id")
    list_per_page = 50
    inlines = (EventInline,)
    change_form_template = "admin/privacy/rights/change_form.html"
    change_list_template = "admin/privacy/rights/change_list.html"
    actions = (
        "verify_identity", "pause", "resume", "complete", "partly_complete", "refuse",
    )  # fmt: skip
    fieldsets = (
        (
            "요구",
            {
                "fields": (
                    "kind", "status", "channel", "received_via", "member_label", "received_kst",
                    "due_date", "deadline", "paused_at", "paused_days", "closed_at", "entered_by",
                    "lift_link", "lifted_at",
                )
            },
        ),
        (
            "본인 확인",
            {
                "fields": (
                    "identity_verified_at", "identity_method", "identity_note",
                    "identity_checked_by",
                )
            },
        ),
        ("정보주체", {"fields": ("principal_name", "principal_phone")}),
        ("대리인", {"fields": ("proxy_relation", "proxy_name", "proxy_phone")}),
        (
            "요구 내용",
            {"fields": ("detail", "correction_item", "correction_value", "suspend_purposes")},
        ),
        ("처리 결과", {"fields": ("result", "grounds", "objection")}),
    )  # fmt: skip
    readonly_fields = (
        "kind", "status", "channel", "received_via", "member_label", "received_kst", "due_date",
        "deadline", "paused_at", "paused_days", "identity_verified_at", "closed_at",
        "proxy_relation", "suspend_purposes", "entered_by", "identity_checked_by", "lift_link",
        "lifted_at", "identity_method",
    )  # fmt: skip

    def get_changelist(self, request, **kwargs):
        return RightsChangeList

    def has_add_permission(self, request) -> bool:
        # Requests arrive from members and proxies, or through the desk's 접수 등록 page
        # (receive_view) for those received by phone, letter or in person: never a blank form.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    # --- Steps ---
    #
    # Each step is offered only where the request's state allows it (steps.rights_step_problem,
    # the same rule the services enforce): the change page shows just those buttons, the list
    # shows them per row, and a step chosen from the list for requests it does not fit says so
    # before anything is typed. When a submission is refused anyway (the form is incomplete, or
    # another officer moved the request meanwhile), the same form comes back bound, with the
    # reason: what the officer typed is never thrown away.

    @admin.display(description="할 수 있는 단계")
    def next_steps(self, obj: RightsRequest) -> str:
        return " · ".join(DESK_STEPS[s].short for s in steps.rights_steps_allowed(obj)) or "-"

    def _run_step(self, request, queryset, name: str):
        step = DESK_STEPS[name]
        fits, misfits = [], []
        for obj in queryset:
            problem = steps.rights_step_problem(obj, name)
            if problem:
                misfits.append((obj, problem))
            else:
                fits.append(obj)
        # A submitted step form (as opposed to the step chosen from the list or a button).
        confirmed = step.form is not None and bool(request.POST.get("confirm_step"))
        form = None
        if step.form is not None and (fits or confirmed):
            form = step.form(request.POST if confirmed else None)
            if not form.is_valid():
                return self._step_page(request, step, form, fits, misfits)
        done, refused = [], []
        for obj in fits:
            member_id = obj.member_id
            try:
                step.apply(obj, request.user, form.cleaned_data if form else {})
            except steps.RightsError as error:
                refused.append((obj, str(error)))
                continue
            done.append(obj)
            access_log_record_access(
                request=request,
                action=AccessLogAction.CHANGE,
                model=RightsRequest,
                subjects=[member_id],
                target_id=obj.pk,
                detail={"step": name},
            )
        if done:
            self.message_user(request, f"{len(done)}건을 처리했어요.", messages.SUCCESS)
        if confirmed and (misfits or refused):
            # Moved on since the form was shown (another officer, say), or refused by the
            # service: say why above what was typed.
            for obj, problem in [*misfits, *refused]:
                form.add_error(None, f"{obj}: {problem}")
            return self._step_page(request, step, form, [obj for obj, _ in refused], [])
        for obj, problem in [*misfits, *refused]:
            self.message_user(request, f"{obj}: {problem}", messages.WARNING)
        return None

    def _step_page(self, request, step, form, targets, misfits):
        return TemplateResponse(
            request,
            "admin/privacy/rights/step.html",
            {
                **self.admin_site.each_context(request),
                "title": step.title,
                "help_text": step.help_text,
                "opts": self.opts,
                "form": form,
                "action": step.name,
                "requests": targets,
                "misfits": misfits,
                # Only the requests the step fits go round again, named one by one.
                "selected": [obj.pk for obj in targets],
                "select_across": "0",
            },
        )

    @admin.action(description="본인(대리인) 확인 완료 · 처리 시작", permissions=["change"])
    def verify_identity(self, request, queryset):
        return self._run_step(request, queryset, "verify_identity")

    @admin.action(description="보완 요청 · 기한 정지 (요청인 응답 대기)", permissions=["change"])
    def pause(self, request, queryset):
        return self._run_step(request, queryset, "pause")

    @admin.action(description="요청인 회신 · 처리 재개", permissions=["change"])
    def resume(self, request, queryset):
        return self._run_step(request, queryset, "resume")

    @admin.action(description="처리 완료", permissions=["change"])
    def complete(self, request, queryset):
        return self._run_step(request, queryset, "complete")

    @admin.action(description="일부 처리 (나머지 거절, 사유 필요)", permissions=["change"])
    def partly_complete(self, request, queryset):
        return self._run_step(request, queryset, "partly_complete")

    @admin.action(description="거절 (사유 필요)", permissions=["change"])
    def refuse(self, request, queryset):
        return self._run_step(request, queryset, "refuse")

    def step_view(self, request, object_id, step):
        """One request's step, from the buttons on its change page."""
        if step not in DESK_STEPS:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        designation.staff_access_check(request, model=RightsRequest, subjects=[obj.member_id])
        change_url = reverse("admin:privacy_rightsrequest_change", args=[obj.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        response = self._run_step(request, RightsRequest.objects.filter(pk=obj.pk), step)
        return response or HttpResponseRedirect(change_url)

    # --- Extra pages ---

    def get_urls(self):
        return [
            path(
                "summary/",
                self.admin_site.admin_view(self.summary_view),
                name="privacy_rightsrequest_summary",
            ),
            path(
                "receive/",
                self.admin_site.admin_view(self.receive_view),
                name="privacy_rightsrequest_receive",
            ),
            path(
                "<path:object_id>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="privacy_rightsrequest_step",
            ),
            path(
                "<path:object_id>/attorney/",
                self.admin_site.admin_view(self.attorney_view),
                name="privacy_rightsrequest_attorney",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pk = unquote(object_id)
        has_attorney = pk.isdigit() and PowerOfAttorney.objects.filter(request_id=pk).exists()
        extra_context = {
            **(extra_context or {}),
            "has_attorney": has_attorney,
            # Nothing on this page is edited (staff move a request by its steps only): no 저장
            # or 삭제 button, whatever the account's permissions.
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
            "title": "권리 행사 요구",
        }
        obj = (
            RightsRequest.objects.only(*LIST_FIELDS).filter(pk=pk).first() if pk.isdigit() else None
        )
        if obj is not None:
            designation.staff_access_check(request, model=RightsRequest, subjects=[obj.member_id])
        if obj is not None and self.has_change_permission(request, obj):
            extra_context["steps"] = [DESK_STEPS[s] for s in steps.rights_steps_allowed(obj)]
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        designation.staff_access_check(request, model=RightsRequest)
        extra_context = {
            **(extra_context or {}),
            "can_receive": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def attorney_view(self, request, object_id):
        """The 위임장, decrypted, as a download: a reveal of personal data, so it needs the
        reveal permission and is recorded in the access log."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not (
            self.has_view_permission(request, obj) and request.user.has_perm(REVEAL_PERMISSION)
        ):
            raise PermissionDenied
        designation.staff_access_check(request, model=RightsRequest, subjects=[obj.member_id])
        found = filing.attorney_bytes(obj)
        if found is None:
            raise Http404
        data, content_type = found
        access_log_record_access(
            request=request,
            action=AccessLogAction.DOWNLOAD,
            model=RightsRequest,
            subjects=[obj.member_id],
            target_id=obj.pk,
            reason=f"위임장 확인 (권리 행사 요구 #{obj.pk})",
        )
        extension = {"application/pdf": "pdf", "image/png": "png"}.get(content_type, "jpg")
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="attorney-{obj.pk}.{extension}"'
        response["Cache-Control"] = "no-store"
        return response

    def summary_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            cache.delete(VERIFY_CACHE_KEY)
        verification = cache.get(VERIFY_CACHE_KEY)
        if verification is None:
            result = access_log_verify()
            verification = {
                "ok": result.ok,
                "problems": [str(p) for p in result.problems],
                "entries": sum(c.entries for c in result.chains),
                "seconds": result.seconds,
                "at": timezone.now(),
            }
            cache.set(VERIFY_CACHE_KEY, verification, VERIFY_CACHE_SECONDS)
        return TemplateResponse(
            request,
            "admin/privacy/rights/summary.html",
            {
                **self.admin_site.each_context(request),
                "title": "개인정보 보호책임자 요약",
                "opts": self.opts,
                "summary": officer_summary(),
                "verification": verification,
                "changelist_url": reverse("admin:privacy_rightsrequest_changelist"),
            },
        )


@admin.register(RightsReminder)
class RightsReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Deadline reminders the daily job sent to staff (in-app, until the messaging app)."""

    list_display = ("created_at", "kind", "request_id", "due_date")
    list_filter = ("kind",)
