"""What the rights desk shows of a request (privacy.rights.admin): the deadline filter, the
list's and the page's columns in the officer's words (KST times, the member masked, staff by
their account name), and the history inline, in one query whatever its length."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from privacy.rights.models import (
    LIST_FIELDS,
    OPEN_RIGHTS_STATUSES,
    RightsRequest,
    RightsRequestEvent,
)
from privacy.staff.members import member_hit
from privacy.staff.mixins import ReadOnlyPersonalInline


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


class RequestColumnsMixin:
    """Columns of the rights desk's ModelAdmin."""

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
