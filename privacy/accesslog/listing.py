"""The access log's list page: its filters (member by phone or id, staff account, KST dates,
recent days, the 목록 조회 fold toggle) and its changelist, which never counts the log."""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from privacy.accesslog.display import Names, fold_lists, page_accounts, role_label
from privacy.accesslog.models import AccessLogSubject
from privacy.accesslog.review import KST
from privacy.staff.members import staff_member_search


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


CHOICE_FILTER_TEMPLATE = "admin/privacy/choice_filter.html"


class ChoicesFilter(admin.ChoicesFieldListFilter):
    """A field's choices (수행 업무, 기록 구분), titled plainly."""

    template = CHOICE_FILTER_TEMPLATE


class StaffAccountFilter(admin.SimpleListFilter):
    """Staff accounts by role and username (a handful); any account id from a link works too."""

    template = CHOICE_FILTER_TEMPLATE
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
    template = CHOICE_FILTER_TEMPLATE

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
    template = CHOICE_FILTER_TEMPLATE
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
