import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone

from privacy.admin_mixins import ReadOnlyAdminMixin
from retention.models import DestructionRun, RetainedRecord

CSV_COLUMNS = (
    "id", "job", "category", "legal_basis", "method", "count", "started_at", "finished_at",
    "errors",
)  # fmt: skip


def _csv_cell(value) -> str:
    if hasattr(value, "isoformat"):
        value = timezone.localtime(value).isoformat()
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell that starts like a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@admin.register(DestructionRun)
class DestructionRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The ledger, read-only; the privacy officer needs `retention.view_destructionrun`."""

    list_display = ("started_at", "finished_at", "category", "count", "method", "job", "errors")
    list_filter = ("category", "job")
    date_hierarchy = "started_at"
    actions = ["export_csv"]

    @admin.action(description="선택한 파기 기록을 CSV로 내려받기", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="destruction-ledger.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 Korean only with a BOM
        writer = csv.writer(response)
        writer.writerow([str(DestructionRun._meta.get_field(c).verbose_name) for c in CSV_COLUMNS])
        for run in queryset.order_by("started_at", "pk"):
            writer.writerow([_csv_cell(getattr(run, c)) for c in CSV_COLUMNS])
        return response


@admin.register(RetainedRecord)
class RetainedRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The separate store, listed by what it is and when it goes; the payload never appears
    here (reading it, with a logged reason, is for a retention role not built yet)."""

    list_display = ("id", "source", "context", "retained_at", "destroy_on")
    list_filter = ("source",)
    exclude = ("payload",)
    readonly_fields = ("subject", "source", "source_id", "context", "retained_at", "destroy_on")
