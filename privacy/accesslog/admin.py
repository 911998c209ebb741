import datetime
from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from privacy.accesslog.append import (
    ReasonRequired,
    access_log_record_access,
    access_log_record_export,
)
from privacy.accesslog.display import (
    Names,
    detail_label,
    kst,
    role_label,
    row_subjects,
    target_label,
    what_label,
)
from privacy.accesslog.listing import (
    AccessLogChangeList,
    ChoicesFilter,
    DateFromFilter,
    DateToFilter,
    FoldFilter,
    MemberPhoneFilter,
    RecentFilter,
    StaffAccountFilter,
    SubjectFilter,
)
from privacy.accesslog.models import (
    AccessLogAction,
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogEntry,
    AccessLogReview,
)
from privacy.accesslog.review import (
    KST,
    RECORD_PERMISSION,
    ReviewNotRecorded,
    access_log_review,
    access_log_review_record,
    previous_month,
)
from privacy.accesslog.verify import access_log_verify
from privacy.consents.models import ConsentRecord
from privacy.staff.designation import staff_access_check
from privacy.staff.exports import csv_response
from privacy.staff.mixins import AccessLoggedAdminMixin, ReadOnlyAdminMixin
from privacy.staff.reasons import ReasonFormMixin, reason_field


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdminMixin, AccessLoggedAdminMixin, admin.ModelAdmin):
    """The ledger is append-only: staff may read it, never edit or delete rows."""

    list_display = ("member", "purpose", "granted", "policy_version", "channel", "recorded_at")
    list_filter = ("purpose", "granted", "channel", "policy_version")
    list_select_related = ("member",)

    # Members' consents: only staff who may handle personal data (privacy.staff.designation).
    def changelist_view(self, request, extra_context=None):
        staff_access_check(request, model=ConsentRecord)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        staff_access_check(request, model=ConsentRecord)
        return super().change_view(request, object_id, form_url, extra_context)


# --- Access log (접속기록) -------------------------------------------------------------------
# The list page's filters and paging: privacy.accesslog.listing.


class ExportReasonForm(ReasonFormMixin, forms.Form):
    reason = reason_field(
        label="내보내기 사유",
        help_text="예: 2026년 3분기 접속기록 점검 보관용. 사유는 접속기록에 남아요.",
    )


CSV_HEADER = (
    "기록 구분", "일련번호", "일시(KST)", "계정 ID", "계정 역할", "IP", "수행 업무",
    "정보주체(회원 ID)", "대상", "대상 ID", "사유", "세부 내용", "이전 해시", "해시",
    "분류", "역할",
)  # fmt: skip


def _names(entry: AccessLogEntry, *, all_subjects: bool = False) -> Names:
    names = getattr(entry, "names", None)
    if names is None or all_subjects:
        subjects = entry.subject_ids[:DETAIL_SUBJECTS] if all_subjects else entry.subject_ids[:1]
        names = Names.load([entry.actor_id, *subjects])
        entry.names = names
    return names


DETAIL_SUBJECTS = 20  # members named one by one on an entry's page; the rest are counted


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The access log, read-only for everyone (the database refuses changes anyway). Reading
    needs the view permission; the privacy officer holds it. Each row reads in Korean (누가,
    누구의 정보, 분류, 한 일, 일시 KST: privacy.accesslog.display); what is stored, and hashed,
    stays as it was written."""

    list_display = ("when_shown", "actor_shown", "subjects_shown", "category_shown", "what_shown")
    list_display_links = ("when_shown",)
    fields = (
        "when_shown", "actor_shown", "subjects_detail", "category_shown", "what_shown",
        "reason_shown", "ip", "chain", "seq", "target_id", "detail_shown", "prev_hash", "hash",
    )  # fmt: skip
    readonly_fields = fields
    list_filter = (
        FoldFilter, ("action", ChoicesFilter), MemberPhoneFilter, StaffAccountFilter,
        RecentFilter, DateFromFilter, DateToFilter, SubjectFilter, ("chain", ChoicesFilter),
    )  # fmt: skip
    # No date_hierarchy: it scans the whole log for the dates it offers (RecentFilter and the
    # date filters are index ranges instead). No count either (AccessLogChangeList).
    show_full_result_count = False
    # Newest first; the id breaks ties (two chains may share a moment), and (at, id) is indexed
    # with each filter's column in front (migration: access_log_list_indexes).
    ordering = ("-at", "-id")
    list_per_page = 100
    actions = ("export_csv",)

    def get_changelist(self, request, **kwargs):
        return AccessLogChangeList

    def changelist_view(self, request, extra_context=None):
        staff_access_check(request, model=AccessLogEntry)
        response = super().changelist_view(
            request, extra_context={"title": "접속기록", **(extra_context or {})}
        )
        cl = (
            getattr(response, "context_data", {}).get("cl") if response.status_code == 200 else None
        )
        if cl is not None and request.method == "GET":
            # The page shows members' names (masked): reading the log is an access like any
            # other list, and its runs fold like any other list's.
            shown = [row_subjects(entry)[0] for entry in cl.result_list if row_subjects(entry)]
            access_log_record_access(
                request=request,
                action=AccessLogAction.LIST,
                model=AccessLogEntry,
                subjects=shown,
                detail={"rows": len(cl.result_list)},
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = self.get_object(request, object_id)
        if entry is not None:
            named = entry.subject_ids[:DETAIL_SUBJECTS]
            staff_access_check(request, model=AccessLogEntry, subjects=named)
        response = super().change_view(
            request,
            object_id,
            form_url,
            extra_context={"title": "접속기록 상세", **(extra_context or {})},
        )
        if entry is not None and response.status_code == 200:
            access_log_record_access(
                request=request,
                action=AccessLogAction.VIEW,
                model=AccessLogEntry,
                subjects=entry.subject_ids[:DETAIL_SUBJECTS],
                target_id=entry.pk,
            )
        return response

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # A folded row stands for every entry of its run: selecting it selects them all
        # (response_action unpacks the list).
        fold = getattr(obj, "fold", None)
        value = ",".join(str(e.pk) for e in fold.entries) if fold is not None else str(obj.pk)
        attrs = {"class": "action-select", "aria-label": f"{kst(obj.at)} 기록 선택"}
        return forms.CheckboxInput(attrs, lambda value: False).render(ACTION_CHECKBOX_NAME, value)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if any("," in value for value in selected):
            post = request.POST.copy()
            post.setlist(
                ACTION_CHECKBOX_NAME, [pk for value in selected for pk in value.split(",") if pk]
            )
            request.POST = post
        return super().response_action(request, queryset)

    @admin.display(description="일시 (KST)", ordering="at")
    def when_shown(self, entry: AccessLogEntry) -> str:
        return kst(entry.at)

    @admin.display(description="누가")
    def actor_shown(self, entry: AccessLogEntry) -> str:
        return _names(entry).actor(entry)

    @admin.display(description="누구의 정보")
    def subjects_shown(self, entry: AccessLogEntry) -> str:
        return _names(entry).subjects(row_subjects(entry))

    @admin.display(description="누구의 정보")
    def subjects_detail(self, entry: AccessLogEntry) -> str:
        ids = entry.subject_ids
        if not ids:
            return "-"
        names = _names(entry, all_subjects=True)
        shown = ", ".join(names.member(pk) for pk in ids[:DETAIL_SUBJECTS])
        more = len(ids) - DETAIL_SUBJECTS
        return f"{shown} 외 {more}명 (모두 {len(ids)}명)" if more > 0 else f"{shown} ({len(ids)}명)"

    @admin.display(description="분류")
    def category_shown(self, entry: AccessLogEntry) -> str:
        return target_label(entry.target_type)

    @admin.display(description="한 일")
    def what_shown(self, entry: AccessLogEntry) -> str:
        return what_label(entry)

    @admin.display(description="세부 내용")
    def detail_shown(self, entry: AccessLogEntry) -> str:
        return detail_label(entry.detail)

    @admin.display(description="사유")
    def reason_shown(self, entry: AccessLogEntry) -> str:
        return entry.reason_text or "-"

    @admin.action(description="CSV로 내보내기", permissions=["view"])
    def export_csv(self, request, queryset):
        staff_access_check(request, model=AccessLogEntry)
        form = ExportReasonForm(request.POST if request.POST.get("confirm_export") else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/privacy/accesslogentry/export.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "접속기록 CSV로 내보내기",
                    "opts": self.opts,
                    "form": form,
                    "count": queryset.count(),
                    "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                    "select_across": request.POST.get("select_across", "0"),
                },
            )
        entries = list(queryset.order_by("chain", "seq"))
        subjects = {s for entry in entries for s in entry.subject_ids}
        try:
            access_log_record_export(
                request=request,
                reason=form.cleaned_data["reason"],
                model=AccessLogEntry,
                subjects=subjects,
                rows=len(entries),
            )
        except ReasonRequired as error:  # whitespace only: the form allowed it, we do not
            raise PermissionDenied(str(error)) from error
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        rows = (
            (
                entry.get_chain_display(),
                entry.seq,
                timezone.localtime(entry.at, KST).isoformat(),
                entry.actor_id,
                entry.actor_role,
                entry.ip,
                entry.get_action_display(),
                " ".join(map(str, entry.subject_ids)),
                entry.target_type,
                entry.target_id,
                entry.reason_text,
                entry.detail or "",
                entry.prev_hash,
                entry.hash,
                target_label(entry.target_type),
                role_label(entry.actor_role) if entry.actor_id is not None else "-",
            )
            for entry in entries
        )
        return csv_response(f"access-log-{stamp}.csv", CSV_HEADER, rows)

    def get_urls(self):
        return [
            path(
                "verify/",
                self.admin_site.admin_view(self.verify_view),
                name="privacy_accesslogentry_verify",
            ),
            path(
                "review/",
                self.admin_site.admin_view(self.review_view),
                name="privacy_accesslogentry_review",
            ),
            *super().get_urls(),
        ]

    def verify_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        staff_access_check(request, model=AccessLogEntry)
        # The officer's button: the whole chain, not only since the last checkpoint.
        result = access_log_verify(full=True) if request.method == "POST" else None
        chains = []
        if result is not None:
            chains = [{"label": AccessLogChain(s.chain).label, "summary": s} for s in result.chains]
        return TemplateResponse(
            request,
            "admin/privacy/accesslogentry/verify.html",
            {
                **self.admin_site.each_context(request),
                "title": "접속기록 체인 검증",
                "opts": self.opts,
                "result": result,
                "chains": chains,
            },
        )

    def review_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        staff_access_check(request, model=AccessLogEntry)
        try:
            year, month = (int(p) for p in request.GET.get("month", "").split("-"))
            month_start = datetime.date(year, month, 1)
        except ValueError:
            month_start = previous_month()
        can_record = request.user.has_perm(RECORD_PERMISSION)
        error, findings = "", ""
        if request.method == "POST":
            if not can_record:
                raise PermissionDenied
            findings = request.POST.get("findings", "")
            try:
                access_log_review_record(month=month_start, by=request.user, findings=findings)
            except ReviewNotRecorded as refused:
                error = refused.message
            else:
                messages.success(request, f"{month_start:%Y년 %m월} 점검을 기록했어요.")
                return HttpResponseRedirect(f"{request.path}?month={month_start:%Y-%m}")
        report = access_log_review(month=month_start)
        _label_review_accounts(report)
        return TemplateResponse(
            request,
            "admin/privacy/accesslogentry/review.html",
            {
                **self.admin_site.each_context(request),
                "title": "접속기록 월간 점검 보고서",
                "opts": self.opts,
                "report": report,
                "record": AccessLogReview.objects.filter(month=month_start).first(),
                "can_record": can_record,
                "error": error,
                "findings": findings,
                "changelist_url": reverse("admin:privacy_accesslogentry_changelist"),
            },
            status=400 if error else 200,
        )


@admin.register(AccessLogCheckpoint)
class AccessLogCheckpointAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "chain", "number", "kind", "seq", "hash", "pruned")
    list_filter = ("chain", "kind")


def _label_review_accounts(report) -> None:
    """Who each row of the monthly report is, as the list says it (관리자 officer, 컨설턴트 박**),
    and the target's Korean name: the names of the page's accounts in one query."""
    entries = [*report.off_hours, *report.exports]
    ids = {e.actor_id for e in entries} | {row.actor_id for row in report.many_members}
    ids |= {row.actor_id for row in report.failed_sign_ins}
    names = Names.load(ids)
    for entry in entries:
        entry.actor_label = names.actor(entry)
        entry.target_text = target_label(entry.target_type)
    for row in report.many_members:
        row.actor_label = names.actor(
            SimpleNamespace(actor_id=row.actor_id, actor_role=row.actor_role, action="")
        )
    for row in report.failed_sign_ins:
        row.actor_label = (
            names.actor(SimpleNamespace(actor_id=row.actor_id, actor_role="staff", action=""))
            if row.actor_id is not None
            else "없는 아이디"
        )
