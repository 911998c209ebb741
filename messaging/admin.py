"""The staff desk of KakaoTalk messaging: the message log and the Kakao unlink calls.

Staff answer a member's question about a message ("왜 못 받았나요?") from the log: what kind,
which template, its state and the provider's codes. The template's variables are the member's
data: masked, shown only through the reveal page with a reason (privacy.staff), and every list
and detail page is in the access log. Nothing is edited here; the one action is resending a
permanently failed message, which needs a reason and is recorded (MessageResend: kept with the
message it explains, destroyed with it)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone

from messaging import catalogue
from messaging.models import KakaoUnlink, Message, MessageResend, State
from privacy.api import (
    AccessLogAction,
    PersonalDataAdminMixin,
    ReadOnlyAdminMixin,
    ReadOnlyPersonalInline,
    access_log_record_access,
)


class FailedOnly(admin.SimpleListFilter):
    title = "실패만"
    parameter_name = "failed"

    def lookups(self, request, model_admin):
        return (("yes", "실패·전달 안 됨"),)

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(state__in=(State.FAILED, State.UNDELIVERED))
        return queryset


class ResendForm(forms.Form):
    reason = forms.CharField(
        label="재발송 사유",
        min_length=5,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="예: 전화번호 정정 후 재발송 (문의 #123). 사유는 재발송 기록에 남아요.",
    )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 5:
            raise forms.ValidationError("재발송 사유를 5자 이상 적어 주세요.")
        return reason


def message_resend(*, message_ids, staff, reason: str, now=None) -> list[int]:
    """Back to QUEUED, for FAILED messages only (a fresh not_before and a fresh round of
    attempts: a message that failed after its last retry would otherwise fail again at the
    first transient error), each with a record of who resent it and why (MessageResend keeps
    the code it had failed with). The ids actually resent."""
    now = now or timezone.now()
    resent = []
    with transaction.atomic():
        for message in Message.objects.select_for_update().filter(
            pk__in=list(message_ids), state=State.FAILED
        ):
            MessageResend.objects.create(
                message=message,
                staff=staff,
                reason=reason,
                previous_result_code=message.result_code,
                created_at=now,
            )
            Message.objects.filter(pk=message.pk, state=State.FAILED).update(
                state=State.QUEUED, not_before=now, claim_token=None, claimed_at=None, attempts=0
            )
            resent.append(message.pk)
    return resent


class MessageResendInline(ReadOnlyPersonalInline):
    model = MessageResend
    fields = ("created_at", "staff", "reason", "previous_result_code")
    readonly_fields = ("created_at", "staff", "previous_result_code")
    verbose_name_plural = "재발송 기록"


@admin.register(Message)
class MessageAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "recipient_masked",
        "kind",
        "template_code",
        "template_title",
        "channel",
        "state",
        "result_code",
        "attempts",
        "created_at",
        "sent_at",
        "delivered_at",
    )
    list_filter = (FailedOnly, "state", "channel")
    # Codes and ids only: nothing a member wrote or is named by.
    search_fields = ("=id", "=template_code", "=request_id", "=result_code")
    list_select_related = ()
    inlines = (MessageResendInline,)
    fields = (
        "recipient",
        "kind",
        "channel",
        "template_code",
        "params",
        "advertising",
        "state",
        "skip_reason",
        "attempts",
        "not_before",
        "gateway",
        "request_id",
        "result_code",
        "result_message",
        "created_at",
        "sent_at",
        "delivered_at",
    )
    readonly_fields = tuple(f for f in fields if f != "params")
    actions = ("resend",)

    @admin.display(description="템플릿")
    def template_title(self, obj: Message) -> str:
        try:
            return catalogue.template(obj.template_code).title
        except catalogue.TemplateError:
            return "-"  # a template since withdrawn from the catalogue

    @admin.display(description="받는 사람")
    def recipient_masked(self, obj: Message) -> str:
        # The account's number, never its name or phone.
        return f"회원 #{obj.recipient_id}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="재발송 (발송 실패만, 사유 필요)", permissions=["change"])
    def resend(self, request, queryset):
        failed = list(queryset.filter(state=State.FAILED))
        others = queryset.exclude(state=State.FAILED).count()
        if not failed:
            self.message_user(
                request, "발송 실패 상태인 메시지만 재발송할 수 있어요.", messages.WARNING
            )
            return None
        confirmed = bool(request.POST.get("confirm_resend"))
        form = ResendForm(request.POST if confirmed else None)
        if not (confirmed and form.is_valid()):
            return TemplateResponse(
                request,
                "admin/messaging/resend.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "카카오톡 메시지 재발송",
                    "opts": self.opts,
                    "form": form,
                    "targets": failed,
                    "others": others,
                },
            )
        resent = message_resend(
            message_ids=[m.pk for m in failed],
            staff=request.user,
            reason=form.cleaned_data["reason"],
        )
        for message in failed:
            if message.pk in resent:
                access_log_record_access(
                    request=request,
                    action=AccessLogAction.CHANGE,
                    model=Message,
                    subjects=[message.recipient_id],
                    target_id=message.pk,
                    reason=form.cleaned_data["reason"],
                    detail={"step": "resend"},
                )
        self.message_user(request, f"{len(resent)}건을 다시 보내도록 했어요.", messages.SUCCESS)
        if others:
            self.message_user(
                request, f"발송 실패가 아닌 {others}건은 재발송하지 않았어요.", messages.WARNING
            )
        return None


@admin.register(KakaoUnlink)
class KakaoUnlinkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Kakao unlink calls after withdrawals: whether Kakao has confirmed, and how often it was
    tried. Kakao's id is not shown (it is blanked once the call succeeded)."""

    list_display = (
        "__str__",
        "state",
        "attempts",
        "result_code",
        "result_message",
        "created_at",
        "not_before",
        "done_at",
    )
    list_filter = ("state",)
    fields = list_display[1:]
    readonly_fields = fields
