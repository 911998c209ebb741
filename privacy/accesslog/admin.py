import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
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
    fold_lists,
    kst,
    page_accounts,
    role_label,
    row_subjects,
    target_label,
    what_label,
)
from privacy.accesslog.models import (
    AccessLogAction,
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogEntry,
    AccessLogSubject,
)
from privacy.accesslog.review import KST, access_log_review, previous_month
from privacy.accesslog.verify import access_log_verify
from privacy.consents.models import ConsentRecord
from privacy.staff.designation import staff_access_check
from privacy.staff.exports import csv_response
from privacy.staff.members import staff_member_search
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


class StaffAccountFilter(admin.SimpleListFilter):
    """Staff accounts by role and username (a handful); any account id from a link works too."""

    title = "계정 (직원)"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        staff = get_user_model()._base_manager.filter(is_staff=True).order_by("username")
        return [
            (str(pk), f"{role_label(role)} {username}")
            for pk, role, username in staff.values_list("pk", "role", "username")
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            return queryset.filter(actor_id=int(self.value()))
        except (TypeError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class MemberPhoneFilter(InputFilter):
    """A member by phone number: the blind index finds them (privacy.staff.members), and the
    search is itself an entry of the log (회원 검색, 목적 접속기록 조회)."""

    title = "회원 (전화번호)"
    parameter_name = "phone"
    placeholder = "예: 010-1234-5678"
    input_type = "tel"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        if sum(ch.isdigit() for ch in value) < 9:
            messages.error(request, "전화번호를 확인해 주세요 (예: 010-1234-5678).")
            return queryset.none()
        hits = staff_member_search(request, phone=value, purpose="접속기록 조회")
        if not hits:
            messages.warning(request, "이 전화번호로 가입한 회원을 찾지 못했어요.")
            return queryset.none()
        messages.info(
            request, "찾은 회원: " + ", ".join(f"{h.masked_name} ({h.masked_phone})" for h in hits)
        )
        members = [h.pk for h in hits]
        named = Q()
        for member in members:
            named |= Q(subjects__contains=f",{member},")
        # The subject index finds the entries; the hashed text must name the member too.
        return queryset.filter(
            named,
            pk__in=AccessLogSubject.objects.filter(subject__in=members).values("entry_id"),
        )


class SubjectFilter(InputFilter):
    """A member by account id: what a link from a member's page or a rights request carries."""

    title = "정보주체 (회원 번호)"
    parameter_name = "subject"
    placeholder = "회원 화면의 링크로 채워져요"

    def filter(self, queryset, value):
        # The subject index finds the entries (one row per member, no LIKE scan of the log);
        # the hashed text must name the member too, so a forged index row shows nothing.
        member = int(value)
        return queryset.filter(subject_rows__subject=member, subjects__contains=f",{member},")


class FoldFilter(admin.SimpleListFilter):
    """목록 조회 folded (the default) or every entry on its own row. Folding is only how the
    page is shown: the query and its filters are the same either way."""

    title = "목록 조회"
    parameter_name = "fold"

    def lookups(self, request, model_admin):
        return (("1", "이어진 목록 조회를 한 줄로"), ("0", "하나씩 모두 보기"))

    def choices(self, changelist):
        current = self.value() or "1"
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        return queryset


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


class AccessLogChangeList(ChangeList):
    """The log's list without counting it. A page reads its rows and one more (is there a next
    page?) and nothing else of the table: no COUNT, however long the log (kept two years).
    Paging stops at MAX_PAGES; older entries are reached by narrowing the list (dates,
    account, member, action), which the indexes answer. Runs of 목록 조회 are folded
    (privacy.accesslog.display.fold_lists) unless the officer asks for every entry."""

    MAX_PAGES = 100

    def get_results(self, request):
        per_page = self.list_per_page
        if not 1 <= self.page_num <= self.MAX_PAGES:
            raise IncorrectLookupParameters("page beyond the paging limit")
        start = (self.page_num - 1) * per_page
        rows = list(self.queryset[start : start + per_page + 1])
        self.has_next = len(rows) > per_page
        entries = rows[:per_page]
        self.folding = request.GET.get(FoldFilter.parameter_name) != "0"
        if self.folding:
            shown = fold_lists(entries)
        else:
            shown = entries
            for entry in shown:
                entry.fold = None
        names = Names.load(page_accounts(shown))
        for entry in shown:
            entry.names = names
        self.result_list = shown
        # Never counted: the page's own rows stand in (the admin's "N개 중 0개 선택" note), and
        # one more when there are more pages, so "select all matching" can still be offered.
        more = self.has_next or self.page_num > 1
        self.result_count = len(shown) + (1 if more else 0)
        self.full_result_count = None
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.can_show_all = False
        self.multi_page = more
        self.paginator = None
        self.at_limit = self.has_next and self.page_num >= self.MAX_PAGES
        self.prev_url = (
            self.get_query_string({PAGE_VAR: self.page_num - 1}) if self.page_num > 1 else ""
        )
        self.next_url = (
            self.get_query_string({PAGE_VAR: self.page_num + 1})
            if self.has_next and not self.at_limit
            else ""
        )
        self.unfold_url = self.get_query_string({FoldFilter.parameter_name: "0"}, [PAGE_VAR])
        self.fold_url = self.get_query_string({}, [FoldFilter.parameter_name, PAGE_VAR])


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
        FoldFilter, "action", MemberPhoneFilter, StaffAccountFilter, RecentFilter,
        DateFromFilter, DateToFilter, SubjectFilter, "chain",
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
        staff_access_check(request, model=AccessLogEntry)
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
