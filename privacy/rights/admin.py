"""The privacy officer's desk (Django admin): rights requests by due date, their steps, the
deadline reminders and a summary page.

Requests are personal data: the admin masks their personal fields and records every list,
view and step in the access log (privacy.staff.mixins). Staff never edit a request's fields;
they move it through the services in privacy.rights.steps, each step appended to its history.
"""

from __future__ import annotations

import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from privacy.accesslog.append import access_log_record_access
from privacy.accesslog.models import AccessLogAction
from privacy.accesslog.verify import access_log_verify
from privacy.rights import filing, steps
from privacy.rights.desk import DESK_STEPS
from privacy.rights.forms import StaffReceiveForm
from privacy.rights.models import (
    LIST_FIELDS,
    OPEN_RIGHTS_STATUSES,
    PowerOfAttorney,
    ReceivedVia,
    RightsKind,
    RightsReminder,
    RightsRequest,
    RightsRequestEvent,
)
from privacy.rights.summary import officer_summary
from privacy.staff.designation import staff_access_check
from privacy.staff.members import member_hit, staff_member_search
from privacy.staff.mixins import (
    REVEAL_PERMISSION,
    PersonalDataAdminMixin,
    ReadOnlyAdminMixin,
    ReadOnlyPersonalInline,
)

VERIFY_CACHE_KEY = "rights:summary:access-log-verification"
VERIFY_CACHE_SECONDS = 10 * 60
SEARCH_PURPOSE = "열람 등 요구 접수"


class DeadlineFilter(admin.SimpleListFilter):
    title = "기한"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return (
            ("overdue", "기한 초과"),
            ("soon", "3일 이내"),
            ("paused", "기한 정지 (보완 대기)"),
            ("open", "처리 중인 모든 요구"),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_running = queryset.filter(status__in=OPEN_RIGHTS_STATUSES, paused_at__isnull=True)
        if self.value() == "overdue":
            return open_running.filter(due_date__lt=today)
        if self.value() == "soon":
            return open_running.filter(
                due_date__gte=today, due_date__lte=today + datetime.timedelta(days=3)
            )
        if self.value() == "paused":
            return queryset.filter(status__in=OPEN_RIGHTS_STATUSES, paused_at__isnull=False)
        if self.value() == "open":
            return queryset.filter(status__in=OPEN_RIGHTS_STATUSES)
        return queryset


class RightsChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # Each request is encrypted under its own key: a list that loaded the encrypted
        # columns would read one data key per row. The list shows none of them.
        return super().get_queryset(request, exclude_parameters).only(*LIST_FIELDS)


class EventInline(ReadOnlyPersonalInline):
    model = RightsRequestEvent
    fields = ("status", "at_kst", "actor", "note")
    readonly_fields = ("at_kst", "actor")
    verbose_name = "처리 이력"
    verbose_name_plural = "처리 이력 (추가만 되고 바뀌지 않아요)"

    def get_queryset(self, request):
        # The staff account's name in the same query as the events (no query per row).
        username = get_user_model().objects.filter(pk=OuterRef("actor_id")).values("username")
        # The request joined: each event's note is under the request's key
        # (RightsRequestEvent.encryption_subject), and its 처리한 사람 reads the request's channel.
        return (
            super()
            .get_queryset(request)
            .select_related("request")
            .annotate(actor_username=Subquery(username[:1]))
        )

    @admin.display(description="일시")
    def at_kst(self, obj: RightsRequestEvent) -> str:
        return f"{timezone.localtime(obj.at):%Y-%m-%d %H:%M}"

    @admin.display(description="처리한 사람")
    def actor(self, obj: RightsRequestEvent) -> str:
        label = obj.actor_label
        username = getattr(obj, "actor_username", None)
        if obj.actor_role != "member" and username:
            return f"{label} ({username})"
        return label


@admin.register(RightsRequest)
class RightsRequestAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
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
            {"fields": ("identity_verified_at", "identity_method", "identity_checked_by")},
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
        "lifted_at",
    )  # fmt: skip

    def get_changelist(self, request, **kwargs):
        return RightsChangeList

    @admin.display(description="남은 기한", ordering="due_date")
    def deadline(self, obj: RightsRequest) -> str:
        label = obj.dday_label
        if obj.is_overdue:
            return format_html('<strong style="color:#ba2121">⚠ {}</strong>', label)
        if obj.is_open and not obj.is_paused and obj.days_left <= 3:
            return format_html("<strong>{}</strong>", label)
        return label

    @admin.display(description="접수 일시", ordering="received_at")
    def received_kst(self, obj: RightsRequest) -> str:
        return f"{timezone.localtime(obj.received_at):%Y-%m-%d %H:%M}"

    @admin.display(description="회원")
    def member_label(self, obj: RightsRequest) -> str:
        # Masked, as staff pick members elsewhere (privacy.staff.members); the plaintext is
        # on the reveal page, with a reason.
        if obj.member is None:
            return "연결된 회원 없음"
        return member_hit(obj.member).label

    def _staff_name(self, user_id) -> str:
        if user_id is None:
            return "-"
        username = (
            get_user_model().objects.filter(pk=user_id).values_list("username", flat=True).first()
        )
        return f"담당자 ({username})" if username else "담당자 (삭제된 계정)"

    @admin.display(description="접수 등록한 담당자")
    def entered_by(self, obj: RightsRequest) -> str:
        if obj.entered_by_id is None:
            return "요청인이 직접 접수"
        return self._staff_name(obj.entered_by_id)

    @admin.display(description="본인 확인한 사람")
    def identity_checked_by(self, obj: RightsRequest) -> str:
        if obj.identity_checked_by_id is None:
            return "카카오 로그인 (회원 본인)" if obj.identity_verified_at else "-"
        return self._staff_name(obj.identity_checked_by_id)

    @admin.display(description="해제할 처리정지 요구")
    def lift_link(self, obj: RightsRequest) -> str:
        if obj.lifts_id is None:
            return "-"
        url = reverse("admin:privacy_rightsrequest_change", args=[obj.lifts_id])
        return format_html('<a href="{}">처리정지 요구 #{}</a>', url, obj.lifts_id)

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
        staff_access_check(request, model=RightsRequest, subjects=[obj.member_id])
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
            staff_access_check(request, model=RightsRequest, subjects=[obj.member_id])
        if obj is not None and self.has_change_permission(request, obj):
            extra_context["steps"] = [DESK_STEPS[s] for s in steps.rights_steps_allowed(obj)]
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        staff_access_check(request, model=RightsRequest)
        extra_context = {
            **(extra_context or {}),
            "can_receive": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    # --- 접수 등록: received by phone, letter or in person ---

    def receive_view(self, request):
        """Staff enter a request received by phone, letter, e-mail or in person. The member is
        found by phone number through the blind index (logged as 회원 검색) and shown masked;
        ‘회원 찾기’ only searches, ‘접수 등록’ searches again and files. Whatever goes wrong
        (no one found, several people, a date in the future), the typed form comes back."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        staff_access_check(request, model=RightsRequest)
        finding = "_find" in request.POST
        form = StaffReceiveForm(
            request.POST if request.method == "POST" else None,
            initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        )
        hits, chosen, phone = [], None, None
        if request.method == "POST":
            valid = form.is_valid()
            phone = form.cleaned_data.get("phone")
            if phone:
                hits = staff_member_search(request, phone=phone, purpose=SEARCH_PURPOSE)
                chosen = self._chosen_member(form, hits, request.POST.get("member", ""))
            if finding:
                # Only the search was asked for: the rest of the form is not judged yet.
                form._errors = {k: v for k, v in form.errors.items() if k == "phone"}
            elif valid and chosen is not None and not form.errors:
                filed = self._file_received(request, form, chosen)
                if filed is not None:
                    self.message_user(
                        request,
                        f"{filed} 을(를) 접수했어요. 처리 기한은 {filed.due_date:%Y-%m-%d}이에요.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:privacy_rightsrequest_change", args=[filed.pk])
                    )
        return TemplateResponse(
            request,
            "admin/privacy/rights/receive.html",
            {
                **self.admin_site.each_context(request),
                "title": "접수 등록 (전화·우편·방문·전자우편)",
                "opts": self.opts,
                "form": form,
                "hits": hits,
                "chosen": chosen,
                "searched": bool(phone),
            },
        )

    def _chosen_member(self, form, hits, posted: str):
        """The one member the search settles on, or None with the reason on the form."""
        if not hits:
            form.add_error(
                "phone",
                "이 전화번호로 가입한 회원을 찾지 못했어요. 번호를 다시 확인해 주세요. "
                "회원이 아니라면 보유한 개인정보가 없다고 안내해 주세요.",
            )
            return None
        if len(hits) == 1:
            return hits[0]
        for hit in hits:
            if posted == str(hit.pk):
                return hit
        form.add_error(
            "phone",
            f"이 전화번호로 가입한 회원이 {len(hits)}명이에요. 요청인에게 이름과 가입 시기를 "
            "확인한 뒤 아래에서 한 명을 골라 주세요.",
        )
        return None

    def _file_received(self, request, form, hit):
        data = form.cleaned_data
        member = get_user_model().objects.get(pk=hit.pk)
        staff_access_check(request, model=RightsRequest, subjects=[member.pk])
        lifts = None
        if data["kind"] == RightsKind.LIFT_SUSPENSION:
            lifts = self._suspension_to_lift(form, member, data.get("lifts"))
            if lifts is None:
                return None
        try:
            filed = filing.rights_request_receive(
                member=member,
                kind=data["kind"],
                received_via=data["received_via"],
                received_at=data["received_at"],
                actor=request.user,
                detail=data["detail"],
                correction_item=data["correction_item"],
                correction_value=data["correction_value"],
                suspend_purposes=data["suspend_purposes"],
                lifts=lifts,
                identity_method=data["identity"],
            )
        except steps.RightsError as error:
            form.add_error(None, str(error))
            return None
        access_log_record_access(
            request=request,
            action=AccessLogAction.CHANGE,
            model=RightsRequest,
            subjects=[member.pk],
            target_id=filed.pk,
            detail={"step": "receive", "via": ReceivedVia(filed.received_via).label},
        )
        return filed

    def _suspension_to_lift(self, form, member, number):
        active = filing.active_suspensions(member)
        if not active:
            form.add_error("kind", "이 회원에게는 해제할 처리정지가 없어요.")
            return None
        if len(active) == 1 and number in (None, active[0].pk):
            return active[0]
        for suspension in active:
            if suspension.pk == number:
                return suspension
        listed = ", ".join(f"#{s.pk} ({', '.join(s.get_purposes_display())})" for s in active)
        form.add_error(
            "lifts", f"해제할 처리정지 요구 번호를 적어 주세요. 이 회원의 처리정지: {listed}"
        )
        return None

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
        staff_access_check(request, model=RightsRequest, subjects=[obj.member_id])
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
