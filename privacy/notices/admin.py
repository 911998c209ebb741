"""Staff draft, preview and publish policy versions, write notices and keep the entrustment
table. Each save goes through privacy.notices.services.

A version is a draft until it is published: editable, deletable, previewable exactly as members
will see it. Publishing freezes it (text and tables), posts its notice dated today and lets it
take effect on its date, 7 days later at the earliest. A published version is never edited or
deleted; a correction is a new version.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from privacy.notices.document import with_effective_date
from privacy.notices.forms import EntrustmentForm, PolicyVersionForm
from privacy.notices.models import Entrustment, Notice, NoticeKind, PolicyVersion
from privacy.notices.selectors import policy_in_force, policy_version_in_force_row, today
from privacy.notices.services import (
    entrustment_end,
    entrustment_save,
    notice_publish,
    policy_draft_delete,
    policy_draft_publish,
    policy_draft_save,
    policy_earliest_effective_date,
)
from privacy.notices.snapshots import registry_drift


def _kst(moment) -> str:
    return date_format(timezone.localtime(moment), "Y년 n월 j일 H:i") if moment else "-"


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    form = PolicyVersionForm
    list_display = ("version", "state", "effective_date", "published_kst", "reconsent_required")
    ordering = ("-effective_date",)
    change_form_template = "admin/notices/policyversion/change_form.html"

    @admin.display(description="상태")
    def state(self, obj: PolicyVersion) -> str:
        if obj.is_draft:
            return "초안"
        in_force = policy_in_force()
        if in_force and in_force.version == obj.version:
            return "시행 중"
        if obj.effective_date > today():
            return "공지됨 (시행 전)"
        return "지난 버전"

    @admin.display(description="공지 일시 (KST)", ordering="published_at")
    def published_kst(self, obj: PolicyVersion) -> str:
        return _kst(obj.published_at)

    @admin.display(description="방침 화면")
    def page_link(self, obj: PolicyVersion) -> str:
        if obj.is_draft:
            url = reverse("notices:policy_preview", args=[obj.pk])
            return format_html('<a href="{}">미리보기</a>', url)
        url = reverse("notices:policy_page", args=[obj.version])
        return format_html('<a href="{}">이 버전의 방침 화면</a>', url)

    def get_fields(self, request, obj=None):
        fields = ["version", "effective_date", "summary", "text", "reconsent_required"]
        if obj is not None and not obj.is_draft:
            return ["version", "effective_date", "published_kst", *fields[2:], "page_link"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return self.get_fields(request, obj)
        return ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        now = timezone.now()

        class WithClock(form):
            def __init__(self, *args, **inner):
                inner.setdefault("now", now)
                super().__init__(*args, **inner)

        return WithClock

    def get_changeform_initial_data(self, request):
        # Start from the latest published text: staff edit the paragraphs that change.
        initial = super().get_changeform_initial_data(request)
        latest = (
            PolicyVersion.objects.filter(published_at__isnull=False)
            .order_by("-effective_date")
            .first()
        )
        effective_date = policy_earliest_effective_date(timezone.now())
        if latest is not None:
            # The text's own 시행일 line moves to the proposed date; the form holds the two
            # together if the officer picks another day.
            initial.setdefault("text", with_effective_date(latest.text, effective_date))
        initial.setdefault("effective_date", effective_date)
        return initial

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        draft = policy_draft_save(
            draft=obj if change else None,
            version=data["version"],
            effective_date=data["effective_date"],
            summary=data["summary"],
            text=data["text"],
            reconsent_required=data["reconsent_required"],
        )
        form.instance = draft
        obj.pk = draft.pk

    def response_add(self, request, obj, post_url_continue=None):
        # A new draft goes back to its own page, where the officer previews and publishes it.
        messages.info(request, "초안을 저장했어요. 미리보기로 확인한 뒤 공지해 주세요.")
        return HttpResponseRedirect(reverse("admin:notices_policyversion_change", args=[obj.pk]))

    def response_change(self, request, obj):
        messages.info(request, "초안을 고쳤어요. 아직 공지하지 않았어요.")
        return HttpResponseRedirect(reverse("admin:notices_policyversion_change", args=[obj.pk]))

    def get_queryset(self, request):
        return super().get_queryset(request).defer("snapshot")

    # What members were told stays as it was: a published version is read-only and stays in
    # the archive. A correction is a newer version, with its own 7 days of notice.
    def has_change_permission(self, request, obj=None) -> bool:
        return (obj is None or obj.is_draft) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and obj.is_draft and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        policy_draft_delete(draft=obj)

    def get_actions(self, request):
        # No bulk delete: only a draft may go, one at a time, from its own page.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_urls(self):
        publish = self.admin_site.admin_view(require_POST(self.publish_view))
        return [
            path("<int:pk>/publish/", publish, name="notices_policyversion_publish"),
            *super().get_urls(),
        ]

    def publish_view(self, request, pk: int):
        draft = get_object_or_404(PolicyVersion, pk=pk)
        if not self.has_change_permission(request, draft):
            raise PermissionDenied
        back = reverse("admin:notices_policyversion_change", args=[draft.pk])
        try:
            published = policy_draft_publish(draft=draft)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(back)
        day = date_format(published.effective_date, "Y년 n월 j일")
        messages.success(
            request,
            f"버전 {published.version}을 공지했어요. 공지사항에 변경 안내를 올렸고, "
            f"{day}부터 시행돼요.",
        )
        return HttpResponseRedirect(reverse("admin:notices_policyversion_changelist"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            obj = self.get_object(request, object_id)
            if obj is not None and obj.is_draft:
                extra_context["draft"] = obj
                extra_context["preview_url"] = reverse("notices:policy_preview", args=[obj.pk])
                extra_context["publish_url"] = reverse(
                    "admin:notices_policyversion_publish", args=[obj.pk]
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        policy = policy_version_in_force_row()
        drift = registry_drift(policy) if policy is not None else []
        if drift:
            messages.error(
                request,
                f"등록부의 표({', '.join(drift)})가 시행 중인 방침(버전 {policy.version})과 "
                "달라요. 회원이 안내받지 않은 표예요 — 다음 버전을 작성해 공지해 주세요.",
            )
        return super().changelist_view(request, extra_context)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "published_at")
    list_filter = ("kind",)
    fields = ("title", "body")

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        created = notice_publish(title=obj.title, body=obj.body)
        obj.pk = created.pk

    def has_change_permission(self, request, obj=None) -> bool:
        # The notice of a policy or entrustment change is the record of what members were told
        # and from when (the 7 days' notice): it stays as posted; a correction is a new notice.
        if obj is not None and obj.kind != NoticeKind.GENERAL:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Announcements of policy and entrustment changes are the record that members were
        # told; they stay.
        return False


def _draft_message(request, draft: PolicyVersion | None) -> None:
    if draft is None:
        return
    url = reverse("admin:notices_policyversion_change", args=[draft.pk])
    messages.info(
        request,
        format_html(
            '다음 버전의 초안 <a href="{}">{}</a>에 반영했어요. 방침 화면은 그 버전을 공지하고 '
            "시행일이 되면 바뀌어요.",
            url,
            draft.version,
        ),
    )


@admin.register(Entrustment)
class EntrustmentAdmin(admin.ModelAdmin):
    form = EntrustmentForm
    list_display = ("trustee", "task", "retention", "order", "updated_at")

    def save_model(self, request, obj, form, change):
        _draft_message(request, entrustment_save(entrustment=obj))

    def delete_model(self, request, obj):
        _draft_message(request, entrustment_end(entrustment=obj))

    def delete_queryset(self, request, queryset):
        draft = None
        for entrustment in queryset:
            draft = entrustment_end(entrustment=entrustment)
        _draft_message(request, draft)
