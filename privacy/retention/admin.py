import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from privacy.accesslog.append import actor_from_request
from privacy.retention import engine
from privacy.retention.forms import RetainedReadForm
from privacy.retention.models import DestructionRun, PendingSummary, RetainedRecord
from privacy.retention.selectors import (
    DESTROYED,
    READ_PERMISSION,
    ReadGround,
    retained_record_read,
    retained_record_unreadable,
    source_label,
)
from privacy.staff.exports import csv_response
from privacy.staff.mixins import ReadOnlyAdminMixin

# A summary older than this missed at least one daily run (03:00 KST, plus time to finish).
STALE_AFTER = datetime.timedelta(hours=26)

CSV_COLUMNS = (
    "id", "job", "category", "legal_basis", "method", "count", "started_at", "finished_at",
    "errors",
)  # fmt: skip


@admin.register(DestructionRun)
class DestructionRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The ledger, read-only; the privacy officer needs `retention.view_destructionrun`."""

    list_display = ("started_at", "finished_at", "category", "count", "method", "job", "errors")
    list_filter = ("category", "job")
    date_hierarchy = "started_at"
    actions = ["export_csv"]

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
            **(extra_context or {}),
            "summary": summary,
            "stale": summary is not None and timezone.now() - summary.computed_at > STALE_AFTER,
            "last_run": last,
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "pending/refresh/",
                self.admin_site.admin_view(self.refresh_pending_view),
                name="retention_destructionrun_refresh_pending",
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

    @admin.action(description="선택한 파기 기록을 CSV로 내려받기", permissions=["view"])
    def export_csv(self, request, queryset):
        header = [DestructionRun._meta.get_field(c).verbose_name for c in CSV_COLUMNS]
        rows = (
            [getattr(run, c) for c in CSV_COLUMNS] for run in queryset.order_by("started_at", "pk")
        )
        return csv_response("destruction-ledger.csv", header, rows)


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
