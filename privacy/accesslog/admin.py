import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property

from privacy.accesslog.append import ReasonRequired, access_log_record_export
from privacy.accesslog.models import AccessLogChain, AccessLogCheckpoint, AccessLogEntry
from privacy.accesslog.review import KST, access_log_review, previous_month
from privacy.accesslog.verify import access_log_verify
from privacy.consents.models import ConsentRecord
from privacy.staff.exports import csv_response
from privacy.staff.mixins import AccessLoggedAdminMixin, ReadOnlyAdminMixin
from privacy.staff.reasons import ReasonFormMixin, reason_field


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdminMixin, AccessLoggedAdminMixin, admin.ModelAdmin):
    """The ledger is append-only: staff may read it, never edit or delete rows."""

    list_display = ("member", "purpose", "granted", "policy_version", "channel", "recorded_at")
    list_filter = ("purpose", "granted", "channel", "policy_version")
    list_select_related = ("member",)


# --- Access log (접속기록) -------------------------------------------------------------------


class InputFilter(admin.SimpleListFilter):
    """A list filter with a text box instead of a list of choices."""

    template = "admin/privacy/input_filter.html"
    input_type = "text"
    placeholder = ""

    def lookups(self, request, model_admin):
        return ()

    def has_output(self) -> bool:
        return True

    def choices(self, changelist):
        # The other filters' and the search's parameters ride along (the page number not).
        hidden = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name != self.parameter_name
            for value in values
        ]
        yield {
            "parameter": self.parameter_name,
            "value": self.value(),
            "hidden": hidden,
            "input_type": self.input_type,
            "placeholder": self.placeholder,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            return self.filter(queryset, value.strip())
        except (TypeError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def filter(self, queryset, value):
        raise NotImplementedError


class ActorFilter(InputFilter):
    title = "계정 ID"
    parameter_name = "actor"
    placeholder = "예: 12"

    def filter(self, queryset, value):
        return queryset.filter(actor_id=int(value))


class SubjectFilter(InputFilter):
    title = "정보주체 (회원 ID)"
    parameter_name = "subject"
    placeholder = "예: 345"

    def filter(self, queryset, value):
        # The subject index finds the entries (one row per member, no LIKE scan of the log);
        # the hashed text must name the member too, so a forged index row shows nothing.
        member = int(value)
        return queryset.filter(subject_rows__subject=member, subjects__contains=f",{member},")


class DateFromFilter(InputFilter):
    title = "시작일 (KST)"
    parameter_name = "date_from"
    input_type = "date"

    def filter(self, queryset, value):
        day = datetime.date.fromisoformat(value)
        return queryset.filter(at__gte=datetime.datetime.combine(day, datetime.time(), KST))


class DateToFilter(InputFilter):
    title = "종료일 (KST, 포함)"
    parameter_name = "date_to"
    input_type = "date"

    def filter(self, queryset, value):
        day = datetime.date.fromisoformat(value) + datetime.timedelta(days=1)
        return queryset.filter(at__lt=datetime.datetime.combine(day, datetime.time(), KST))


class RecentFilter(admin.SimpleListFilter):
    """Quick ranges over the indexed `at` column, in place of a date hierarchy (which lists the
    years, months and days that hold entries: a DISTINCT over the whole log on every view)."""

    title = "기간"
    parameter_name = "recent"
    DAYS = {"1": 1, "7": 7, "30": 30}

    def lookups(self, request, model_admin):
        return (("1", "최근 24시간"), ("7", "최근 7일"), ("30", "최근 30일"))

    def queryset(self, request, queryset):
        days = self.DAYS.get(self.value() or "")
        if days is None:
            return queryset
        return queryset.filter(at__gte=timezone.now() - datetime.timedelta(days=days))


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows: `SELECT count(*) FROM (… LIMIT CAP + 1)`, so the count, and the
    deepest page's OFFSET, stop growing with a log that is kept for two years. Older entries
    are reached by narrowing the list (dates, account, member), which the indexes answer."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: self.CAP + 1].count()
        self.capped = found > self.CAP
        return min(found, self.CAP)

    capped = False


class ExportReasonForm(ReasonFormMixin, forms.Form):
    reason = reason_field(
        label="내보내기 사유",
        help_text="예: 2026년 3분기 접속기록 점검 보관용. 사유는 접속기록에 남아요.",
    )


CSV_HEADER = (
    "기록 구분", "일련번호", "일시(KST)", "계정 ID", "계정 역할", "IP", "수행 업무",
    "정보주체(회원 ID)", "대상", "대상 ID", "사유", "세부 내용", "이전 해시", "해시",
)  # fmt: skip


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The access log, read-only for everyone (the database refuses changes anyway). Reading
    needs the view permission; the privacy officer holds it."""

    list_display = (
        "at", "chain", "seq", "actor_id", "actor_role", "ip", "action", "subject_summary",
        "target_type", "target_id", "reason_shown",
    )  # fmt: skip
    # The stored reason is ciphertext (issue 17); the officer reads it decrypted.
    exclude = ("reason",)
    readonly_fields = ("reason_shown",)
    list_filter = (
        "chain", "action", RecentFilter, ActorFilter, SubjectFilter, DateFromFilter,
        DateToFilter,
    )  # fmt: skip
    # No date_hierarchy: it scans the whole log for the dates it offers (RecentFilter and the
    # date filters are index ranges instead). The log grows without bound, so neither the
    # full count ("N of M") nor the filtered one is taken beyond CappedCountPaginator.CAP.
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 100
    actions = ("export_csv",)

    @admin.display(description="사유")
    def reason_shown(self, entry: AccessLogEntry) -> str:
        return entry.reason_text

    @admin.display(description="정보주체 (회원 ID)")
    def subject_summary(self, entry: AccessLogEntry) -> str:
        ids = entry.subject_ids
        if len(ids) > 5:
            return f"{', '.join(map(str, ids[:5]))} 외 {len(ids) - 5}명"
        return ", ".join(map(str, ids)) or "-"

    @admin.action(description="CSV로 내보내기", permissions=["view"])
    def export_csv(self, request, queryset):
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
        result = access_log_verify() if request.method == "POST" else None
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
        try:
            year, month = (int(p) for p in request.GET.get("month", "").split("-"))
            month_start = datetime.date(year, month, 1)
        except ValueError:
            month_start = previous_month()
        report = access_log_review(month=month_start)
        return TemplateResponse(
            request,
            "admin/privacy/accesslogentry/review.html",
            {
                **self.admin_site.each_context(request),
                "title": "접속기록 월간 점검 보고서",
                "opts": self.opts,
                "report": report,
                "changelist_url": reverse("admin:privacy_accesslogentry_changelist"),
            },
        )


@admin.register(AccessLogCheckpoint)
class AccessLogCheckpointAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "chain", "number", "kind", "seq", "hash", "pruned")
    list_filter = ("chain", "kind")
