import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from privacy.accesslog.append import actor_from_request
from privacy.retention import engine
from privacy.retention.forms import LedgerConfirmForm, RetainedReadForm
from privacy.retention.models import (
    DestructionRun,
    EntryKind,
    LedgerConfirmation,
    PendingSummary,
    RetainedRecord,
)
from privacy.retention.periods import month_bounds, month_label, month_start, previous_month
from privacy.retention.selectors import (
    DESTROYED,
    READ_PERMISSION,
    ReadGround,
    ledger_unconfirmed_periods,
    retained_record_read,
    retained_record_unreadable,
    source_label,
)
from privacy.retention.services import CONFIRM_PERMISSION, ConfirmRefused, ledger_confirm_period
from privacy.staff.designation import staff_access_check
from privacy.staff.exports import csv_response
from privacy.staff.mixins import ReadOnlyAdminMixin

# A summary older than this missed at least one daily run (03:00 KST, plus time to finish).
STALE_AFTER = datetime.timedelta(hours=26)

# The ledger's export: the columns of the guideline's 파기 관리대장, then what backs them.
CSV_HEADER = (
    "번호", "파기 일시", "구분", "파기 대상 (분류)", "건수", "보관 기한", "파기 방법",
    "처리 담당자", "책임자 확인", "근거", "오류",
)  # fmt: skip


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def ledger_row(run: DestructionRun) -> list[object]:
    done = _when(run.done_at) + ("" if run.finished_at else " (진행 중)")
    return [
        run.pk,
        done,
        run.get_kind_display(),
        run.category,
        run.count,
        f"{run.keep_until:%Y-%m-%d}" if run.keep_until else "",
        run.method,
        run.handler_label,
        run.confirmation_label,
        run.legal_basis,
        run.errors,
    ]


class ConfirmedFilter(admin.SimpleListFilter):
    title = "책임자 확인"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return (("no", "미확인"), ("yes", "확인됨"))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(confirmation__isnull=True)
        if self.value() == "yes":
            return queryset.filter(confirmation__isnull=False)
        return queryset


class MonthFilter(admin.SimpleListFilter):
    """The month (KST) of the entries: the period the officer confirms."""

    title = "기간 (월)"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        today = timezone.localdate()
        months, month = [], month_start(today)
        for _ in range(12):
            months.append((f"{month:%Y-%m}", month_label(month)))
            month = previous_month(month)
        return months

    def queryset(self, request, queryset):
        month = parse_month(self.value())
        if month is None:
            return queryset
        start, end = month_bounds(month)
        return queryset.filter(started_at__gte=start, started_at__lt=end)


def parse_month(value) -> datetime.date | None:
    """ "2026-11" → 1 November 2026; None for anything else."""
    year, _, month = str(value or "").partition("-")
    if not (len(year) == 4 and year.isdigit() and month.isdigit() and len(month) <= 2):
        return None
    try:
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


@admin.register(DestructionRun)
class DestructionRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The ledger in the form of the 파기 관리대장 (개인정보 안전성 확보조치 기준 해설의 서식),
    read-only; the privacy officer needs `retention.view_destructionrun`, and
    `retention.confirm_destruction` to confirm a month. It holds categories and counts, never
    members' data, so reading it is not an access to personal data (nothing to log)."""

    list_display = (
        "col_when", "col_kind", "col_target", "col_method", "col_handler", "col_confirmation",
    )  # fmt: skip
    list_filter = ("kind", ConfirmedFilter, MonthFilter, "category")
    list_select_related = ("confirmation",)
    list_per_page = 100
    # The entry's page: the same columns, then what backs them (never the raw job name).
    fields = (
        "col_when", "col_kind", "col_target", "col_method", "col_handler", "col_confirmation",
        "col_note", "legal_basis", "started_at", "finished_at", "errors",
    )  # fmt: skip
    readonly_fields = fields
    actions = ["export_csv"]
    confirm_template = "admin/retention/destructionrun/confirm.html"

    @admin.display(description="파기 일시", ordering="started_at")
    def col_when(self, run):
        return _when(run.done_at) + ("" if run.finished_at else " (진행 중)")

    @admin.display(description="구분", ordering="kind")
    def col_kind(self, run):
        return run.get_kind_display()

    @admin.display(description="파기 대상")
    def col_target(self, run):
        return run.target_label

    @admin.display(description="파기 방법")
    def col_method(self, run):
        return run.method

    @admin.display(description="처리 담당자")
    def col_handler(self, run):
        return run.handler_label

    @admin.display(description="책임자 확인")
    def col_confirmation(self, run):
        return run.confirmation_label

    @admin.display(description="확인 의견")
    def col_note(self, run):
        return run.confirmation.note if run.confirmation_id else "-"

    def can_confirm(self, request) -> bool:
        return self.has_view_permission(request) and request.user.has_perm(CONFIRM_PERMISSION)

    def changelist_view(self, request, extra_context=None):
        # What the next runs will destroy, from the registry's rules, and when the daily job
        # last finished: a backlog (rows due now after a finished run) is visible at once.
        # Counted by the daily job (or the refresh button), not on each view: counting every
        # registered table cost 47 queries and grew with the members.
        last = (
            DestructionRun.objects.filter(job=engine.JOB, finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        summary = PendingSummary.objects.filter(pk=1).first()
        extra_context = {
            # Django's "Select %s to view" reads "보기위한 1파기 대장 를(을) 선택" in Korean.
            "title": "파기 대장",
            **(extra_context or {}),
            "summary": summary,
            "stale": summary is not None and timezone.now() - summary.computed_at > STALE_AFTER,
            "last_run": last,
            "unconfirmed": ledger_unconfirmed_periods(timezone.localdate()),
            "can_confirm": self.can_confirm(request),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "pending/refresh/",
                self.admin_site.admin_view(self.refresh_pending_view),
                name="retention_destructionrun_refresh_pending",
            ),
            path(
                "confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="retention_destructionrun_confirm",
            ),
            *super().get_urls(),
        ]

    def refresh_pending_view(self, request):
        """The privacy officer's "지금 다시 계산": the same count the daily job makes."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        engine.pending_summary_refresh(now=timezone.now())
        messages.success(request, "파기 예정 건수를 지금 기준으로 다시 계산했어요.")
        return HttpResponseRedirect(reverse("admin:retention_destructionrun_changelist"))

    def confirm_view(self, request):
        """책임자 확인 of one month (`?period=YYYY-MM`): what it covers, then one button."""
        if not self.can_confirm(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        form = LedgerConfirmForm(data or None)
        period = parse_month(data.get("period"))
        error = None
        if request.method == "POST":
            if form.is_valid() and period is not None:
                try:
                    confirmation = ledger_confirm_period(
                        user=request.user,
                        period=period,
                        note=form.cleaned_data["note"],
                        now=timezone.now(),
                    )
                except ConfirmRefused as refused:
                    error = str(refused)
                else:
                    messages.success(
                        request,
                        f"{confirmation.period_label} 파기 대장 {confirmation.entry_count}건을 "
                        "책임자로서 확인했어요.",
                    )
                    url = reverse("admin:retention_destructionrun_changelist")
                    return HttpResponseRedirect(f"{url}?month={period:%Y-%m}")
            elif period is None:
                error = "확인할 달을 YYYY-MM 형식으로 골라 주세요 (예: 2026-11)."
        elif period is None:
            error = "확인할 달을 YYYY-MM 형식으로 골라 주세요 (예: 2026-11)."
        entries = []
        if period is not None:
            start, end = month_bounds(period)
            entries = list(
                DestructionRun.objects.filter(
                    started_at__gte=start,
                    started_at__lt=end,
                    finished_at__isnull=False,
                    confirmation__isnull=True,
                )
                .values("kind")
                .annotate(n=Count("pk"), total=Sum("count"))
                .order_by("kind")
            )
            labels = dict(EntryKind.choices)
            for row in entries:
                row["label"] = labels.get(row["kind"], row["kind"])
        context = {
            **self.admin_site.each_context(request),
            "title": (f"{month_label(period)} " if period else "") + "파기 대장 책임자 확인",
            "opts": self.opts,
            "form": form,
            "period": period,
            "period_value": f"{period:%Y-%m}" if period else data.get("period", ""),
            "entries": entries,
            "error": error,
            "changelist_url": reverse("admin:retention_destructionrun_changelist"),
        }
        return TemplateResponse(
            request, self.confirm_template, context, status=400 if error and data else 200
        )

    @admin.action(description="선택한 파기 기록을 CSV로 내려받기", permissions=["view"])
    def export_csv(self, request, queryset):
        rows = (
            ledger_row(run)
            for run in queryset.select_related("confirmation").order_by("started_at", "pk")
        )
        return csv_response("destruction-ledger.csv", CSV_HEADER, rows)


@admin.register(LedgerConfirmation)
class LedgerConfirmationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The officer's confirmations, as they were made: nobody can change or delete one."""

    list_display = ("col_period", "confirmed_by_label", "col_at", "entry_count", "note")

    def has_view_permission(self, request, obj=None) -> bool:
        # Whoever may confirm the ledger sees the confirmations made.
        return super().has_view_permission(request, obj) or request.user.has_perm(
            CONFIRM_PERMISSION
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "파기 대장 책임자 확인", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description="확인 기간", ordering="period")
    def col_period(self, confirmation):
        return confirmation.period_label

    @admin.display(description="확인 일시", ordering="confirmed_at")
    def col_at(self, confirmation):
        return _when(confirmation.confirmed_at)


@admin.register(RetainedRecord)
class RetainedRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The separate store, listed by what it is and when it goes; the payload never appears
    here. Reading it is a page of its own (`…/<id>/read/`) for holders of
    `retention.read_retained`, after a ground and a reason are logged
    (privacy.retention.selectors)."""

    list_display = ("id", "source", "context", "retained_at", "destroy_on")
    list_filter = ("source",)
    exclude = ("payload",)
    readonly_fields = ("subject", "source", "source_id", "context", "retained_at", "destroy_on")
    change_form_template = "admin/retention/retainedrecord/change_form.html"
    read_template = "admin/retention/retainedrecord/read.html"

    def get_queryset(self, request):
        # Lists and record pages never decrypt: the payload is loaded on the reading page only.
        return super().get_queryset(request).defer("payload")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_read": self.can_read(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def can_read(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj) and request.user.has_perm(READ_PERMISSION)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/read/",
                self.admin_site.admin_view(self.read_view),
                name="retention_retainedrecord_read",
            ),
            *super().get_urls(),
        ]

    def read_view(self, request, object_id):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        # A withdrawn member's kept records, decrypted: designated, educated staff only.
        staff_access_check(request, model=RetainedRecord)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{record} 보관 내용 열람",
            "opts": self.opts,
            "original": record,
            "source_label": source_label(record),
            "change_url": reverse("admin:retention_retainedrecord_change", args=[record.pk]),
        }
        if not self.can_read(request, record):
            return self._read_response(request, {**context, "refused": True}, status=403)
        gone = retained_record_unreadable(record)
        form = RetainedReadForm(request.POST if request.method == "POST" else None)
        if not gone and form.is_valid():
            ground, reason = form.cleaned_data["ground"], form.cleaned_data["reason"]
            lines = retained_record_read(
                actor=actor_from_request(request), record=record, ground=ground, reason=reason
            )
            if lines is not None:
                context.update(lines=lines, ground=ReadGround(ground).label, reason=reason)
                return self._read_response(request, context)
            gone = DESTROYED  # its key went between the check and the read
        if gone:
            return self._read_response(request, {**context, "gone": gone}, status=410)
        return self._read_response(request, {**context, "form": form})

    def _read_response(self, request, context, status=200):
        response = TemplateResponse(request, self.read_template, context, status=status)
        # Plaintext (and the reason typed) must not linger in a shared browser's cache.
        response["Cache-Control"] = "no-store"
        return response
