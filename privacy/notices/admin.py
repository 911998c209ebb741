"""Staff publish policy versions, write notices and keep the entrustment table. Each save
goes through privacy.notices.services, which also announces what the members must be told."""

from django.contrib import admin, messages
from django.utils import timezone

from privacy.notices.forms import EntrustmentForm, PolicyVersionForm
from privacy.notices.models import Entrustment, Notice, PolicyVersion
from privacy.notices.services import (
    entrustment_end,
    entrustment_save,
    notice_publish,
    policy_version_publish,
)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    form = PolicyVersionForm
    list_display = ("version", "effective_date", "published_at", "reconsent_required")
    ordering = ("-effective_date",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        now = timezone.now()

        class WithClock(form):
            def __init__(self, *args, **inner):
                inner.setdefault("now", now)
                super().__init__(*args, **inner)

        return WithClock

    def get_changeform_initial_data(self, request):
        # Start from the latest text: staff edit the paragraphs that change.
        initial = super().get_changeform_initial_data(request)
        latest = PolicyVersion.objects.order_by("-effective_date").first()
        if latest is not None:
            initial.setdefault("text", latest.text)
        return initial

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        published = policy_version_publish(
            version=data["version"],
            effective_date=data["effective_date"],
            summary=data["summary"],
            text=data["text"],
            reconsent_required=data["reconsent_required"],
            now=form.now,
        )
        form.instance = published
        obj.pk = published.pk
        messages.info(request, "공지사항에 변경 안내를 올렸어요.")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text", "summary")

    # What members were told stays as it was: a published version is read-only and stays in
    # the archive. A correction is a newer version, with its own 7 days of notice.
    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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

    def has_delete_permission(self, request, obj=None) -> bool:
        # Announcements of policy and entrustment changes are the record that members were
        # told; they stay.
        return False


@admin.register(Entrustment)
class EntrustmentAdmin(admin.ModelAdmin):
    form = EntrustmentForm
    list_display = ("trustee", "task", "retention", "order", "updated_at")

    def save_model(self, request, obj, form, change):
        entrustment_save(entrustment=obj)
        messages.info(request, "개인정보처리방침에 바로 반영하고 공지사항에 알렸어요.")

    def delete_model(self, request, obj):
        entrustment_end(entrustment=obj)

    def delete_queryset(self, request, queryset):
        for entrustment in queryset:
            entrustment_end(entrustment=entrustment)
