"""The quarterly self-audit in the admin: the list with what is due, the quarter's page that
prepares the audit, the work page (snapshot, findings and actions, completion), and the
printable page and CSV/JSON downloads of a completed audit.

Exports are not written to the access log: an audit holds no member's personal data (counts
and record ids only), and the access log records access to members' data (제8조).
"""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from privacy.audit.models import AuditReminder, AuditSection, QuarterlyAudit
from privacy.audit.quarters import KST, Quarter
from privacy.audit.selectors import audit_for_quarter, audit_next_due, audit_reminders_recent
from privacy.audit.services import (
    FINDING_MAX,
    AuditError,
    audit_complete,
    audit_findings_save,
    audit_prepare,
)
from privacy.staff.exports import csv_response
from privacy.staff.mixins import ReadOnlyAdminMixin


def _kst(value) -> str:
    return timezone.localtime(value, KST).strftime("%Y-%m-%d %H:%M") if value else "-"


def findings_from_post(data) -> dict:
    return {
        section: {
            "finding": data.get(f"{section}-finding", ""),
            "action": data.get(f"{section}-action", ""),
        }
        for section in AuditSection.values
    }


def sections_for(audit: QuarterlyAudit, findings: dict | None = None) -> list[dict]:
    findings = findings if findings is not None else audit.findings
    return [
        {
            "key": key,
            "label": label,
            "data": audit.snapshot.get(key, {}),
            "finding": (findings.get(key) or {}).get("finding", ""),
            "action": (findings.get(key) or {}).get("action", ""),
        }
        for key, label in AuditSection.choices
    ]


CSV_HEADER = ("항목", "구분", "내용")


def _flat(value, prefix: str = ""):
    """(path, value) pairs of a snapshot section, for a spreadsheet."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flat(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        if not value:
            yield prefix, ""
        for i, item in enumerate(value, 1):
            yield from _flat(item, f"{prefix}[{i}]")
    else:
        yield prefix, value


def csv_rows(audit: QuarterlyAudit):
    yield ("감사 분기", "", str(audit))
    yield ("완료", "", f"{_kst(audit.completed_at)} {audit.completed_by_name}")
    for section in sections_for(audit):
        for key, value in _flat(section["data"]):
            yield (section["label"], key, value)
        yield (section["label"], "발견 사항", section["finding"])
        yield (section["label"], "조치", section["action"])


@admin.register(QuarterlyAudit)
class QuarterlyAuditAdmin(admin.ModelAdmin):
    list_display = ("quarter_label", "state", "prepared", "completed", "completed_by_name")
    list_display_links = ("quarter_label",)
    change_list_template = "admin/privacy/audit/change_list.html"

    @admin.display(description="감사 분기", ordering="-year")
    def quarter_label(self, audit: QuarterlyAudit) -> str:
        return Quarter(audit.year, audit.quarter).label

    @admin.display(description="상태")
    def state(self, audit: QuarterlyAudit) -> str:
        return "완료" if audit.is_completed else "작성 중"

    @admin.display(description="자료 준비 일시", ordering="prepared_at")
    def prepared(self, audit: QuarterlyAudit) -> str:
        return _kst(audit.prepared_at)

    @admin.display(description="완료 일시", ordering="completed_at")
    def completed(self, audit: QuarterlyAudit) -> str:
        return _kst(audit.completed_at)

    def has_add_permission(self, request) -> bool:
        return False  # prepared from the quarter's page, never typed in

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # kept 3 years, then destroyed by the daily job only

    def changelist_view(self, request, extra_context=None):
        today = timezone.localdate()
        context = {
            "due": audit_next_due(today),
            "reminders": audit_reminders_recent(),
            "last_quarter": Quarter.of(today).previous,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "quarter/<int:year>/<int:number>/",
                view(self.quarter_view),
                name="privacy_quarterlyaudit_quarter",
            ),
            path("<int:pk>/print/", view(self.print_view), name="privacy_quarterlyaudit_print"),
            path(
                "<int:pk>/export.<str:fmt>",
                view(self.export_view),
                name="privacy_quarterlyaudit_export",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.opts, **extra}

    def quarter_view(self, request, year: int, number: int):
        """The quarter's audit: prepared here (POST), or shown if it exists."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if number not in (1, 2, 3, 4):
            raise Http404
        quarter = Quarter(year, number)
        audit = audit_for_quarter(quarter)
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            try:
                audit = audit_prepare(quarter=quarter, by=request.user)
            except AuditError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"{quarter.label} 감사 자료를 준비했습니다.")
                return HttpResponseRedirect(self._change_url(audit))
        elif audit is not None:
            return HttpResponseRedirect(self._change_url(audit))
        return TemplateResponse(
            request,
            "admin/privacy/audit/quarter.html",
            self._context(
                request,
                title=f"{quarter.label} 자체 감사",
                quarter=quarter,
                ended=timezone.localdate() > quarter.last_day,
            ),
        )

    def _change_url(self, audit: QuarterlyAudit) -> str:
        return reverse("admin:privacy_quarterlyaudit_change", args=[audit.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The work page: the snapshot by section, with the officer's findings and actions;
        read-only once completed (no 저장 button then)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        audit = get_object_or_404(QuarterlyAudit, pk=object_id)
        findings = None
        errors = []
        if request.method == "POST" and not audit.is_completed:
            if not self.has_change_permission(request, audit):
                raise PermissionDenied
            findings = findings_from_post(request.POST)
            try:
                if "_complete" in request.POST:
                    audit = audit_complete(audit_id=audit.pk, findings=findings, by=request.user)
                    messages.success(request, f"{audit}를 완료했습니다. 이제 고칠 수 없습니다.")
                elif "_prepare" in request.POST:
                    audit_findings_save(audit_id=audit.pk, findings=findings)
                    audit = audit_prepare(
                        quarter=Quarter(audit.year, audit.quarter), by=request.user
                    )
                    messages.success(
                        request, "감사 자료를 다시 준비했습니다. 적은 내용은 그대로입니다."
                    )
                else:
                    audit = audit_findings_save(audit_id=audit.pk, findings=findings)
                    messages.success(request, "발견 사항과 조치를 저장했습니다.")
                return HttpResponseRedirect(self._change_url(audit))
            except AuditError as error:
                errors.append(str(error))
                audit.refresh_from_db()
        elif request.method == "POST":
            messages.error(request, "완료된 감사는 고칠 수 없습니다.")
            return HttpResponseRedirect(self._change_url(audit))
        editable = not audit.is_completed and self.has_change_permission(request, audit)
        return TemplateResponse(
            request,
            "admin/privacy/audit/work.html",
            self._context(
                request,
                title=str(audit),
                audit=audit,
                sections=sections_for(audit, findings),
                editable=editable,
                errors=errors,
                finding_max=FINDING_MAX,
                prepared=_kst(audit.prepared_at),
                completed=_kst(audit.completed_at),
            ),
        )

    def _completed(self, request, pk: int) -> QuarterlyAudit:
        if not self.has_view_permission(request):
            raise PermissionDenied
        audit = get_object_or_404(QuarterlyAudit, pk=pk)
        if not audit.is_completed:
            raise Http404("완료된 감사만 내보낼 수 있습니다.")
        return audit

    def print_view(self, request, pk: int):
        audit = self._completed(request, pk)
        return TemplateResponse(
            request,
            "admin/privacy/audit/print.html",
            {
                "audit": audit,
                "sections": sections_for(audit),
                "prepared": _kst(audit.prepared_at),
                "completed": _kst(audit.completed_at),
            },
        )

    def export_view(self, request, pk: int, fmt: str):
        audit = self._completed(request, pk)
        name = f"self-audit-{audit.year}-q{audit.quarter}"
        if fmt == "csv":
            return csv_response(f"{name}.csv", CSV_HEADER, csv_rows(audit))
        if fmt != "json":
            raise Http404
        body = {
            "audit": str(audit),
            "year": audit.year,
            "quarter": audit.quarter,
            "prepared_at": _kst(audit.prepared_at),
            "completed_at": _kst(audit.completed_at),
            "completed_by": audit.completed_by_name,
            "keep_until": audit.keep_until.isoformat() if audit.keep_until else None,
            "sections": [
                {k: s[k] for k in ("key", "label", "data", "finding", "action")}
                for s in sections_for(audit)
            ],
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response


@admin.register(AuditReminder)
class AuditReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reminders the daily job gave staff that a quarter's audit is due."""

    list_display = ("__str__", "kind", "due_date", "created")

    @admin.display(description="알림 일시", ordering="created_at")
    def created(self, reminder: AuditReminder) -> str:
        return _kst(reminder.created_at)
