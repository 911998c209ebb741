"""The staff desk for consulting: invitations, consultants, engagements and their overdue queue,
reassignment, and ratings moderation. Members' data is masked as on every staff screen
(privacy.api's PersonalDataAdminMixin: each list and page is in the access log, the plaintext
only through a reveal with a reason)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from consulting.catalog import Industry, JobFamily, ServiceKind
from consulting.models import (
    ConsultantInvitation,
    ConsultantProfile,
    Engagement,
    EngagementState,
    Rating,
)
from consulting.overdue import OVERDUE_STATES
from consulting.services import TransitionRefused, engagement_reassign, invitation_create
from privacy.api import AccessLogAction, PersonalDataAdminMixin, access_log_record_access


class InvitationAddForm(forms.ModelForm):
    class Meta:
        model = ConsultantInvitation
        fields = ("name",)


@admin.register(ConsultantInvitation)
class ConsultantInvitationAdmin(admin.ModelAdmin):
    """Staff invite a consultant by name; the one-time link is shown once, on saving, and
    only its keyed hash is kept."""

    list_display = ("__str__", "created_by", "created_at", "expires_at", "accepted_at")
    list_select_related = ("created_by",)
    ordering = ("-created_at",)
    readonly_fields = ("created_by", "created_at", "expires_at", "accepted_at", "consultant")
    fields = readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
            kwargs["fields"] = ("name",)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ("name",) if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitation, token = invitation_create(name=obj.name, created_by=request.user)
        obj.pk = invitation.pk
        obj._state.adding = False
        link = request.build_absolute_uri(reverse("consulting:invitation", args=[token]))
        expires = timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")
        messages.warning(
            request,
            f"초대 링크예요. 이 화면에서 한 번만 보여요: {link} "
            f"({expires}까지, 한 번만 쓸 수 있어요)",
        )


class ConsultantProfileForm(forms.ModelForm):
    job_families = forms.MultipleChoiceField(
        label="전문 직무", choices=JobFamily.choices, required=False
    )
    industries = forms.MultipleChoiceField(
        label="전문 산업", choices=Industry.choices, required=False
    )

    class Meta:
        model = ConsultantProfile
        fields = (
            "display_name",
            "headline",
            "job_families",
            "industries",
            "career_summary",
            "credential_note",
            "is_listed",
        )
        help_texts = {
            "credential_note": (
                "무엇을 어떻게 확인했는지 적어 주세요 (예: 재직증명서 확인, 2026-11-30). "
                "운영진만 보고, 회원에게도 컨설턴트 본인에게도 보이지 않아요. "
                "증명서 원본은 여기에 올리지 않아요."
            ),
        }


def listed_consultants():
    """Consultants a member can be handed to: active, with a card shown to members."""
    return ConsultantProfile.objects.listed().select_related("consultant")


@admin.register(ConsultantProfile)
class ConsultantProfileAdmin(admin.ModelAdmin):
    """The consultant's card, kept by staff. A consultant's profile is their own data, not a
    member's; the credential note (what staff verified) is on this staff screen only: no
    member page and no page of the consultant's shows it."""

    form = ConsultantProfileForm
    list_display = (
        "__str__",
        "name_shown",
        "account_shown",
        "is_listed",
        "is_active",
        "updated_at",
    )
    list_select_related = ("consultant",)
    list_filter = ("is_listed", "consultant__is_active")
    ordering = ("-updated_at",)
    actions = ("deactivate", "activate")

    def has_add_permission(self, request):
        return False  # a profile comes from an accepted invitation

    def has_delete_permission(self, request, obj=None):
        return False  # an account ends by deactivation; its data goes with the account

    @admin.display(description="이름")
    def name_shown(self, profile: ConsultantProfile) -> str:
        return profile.display_name

    @admin.display(description="계정", ordering="consultant__username")
    def account_shown(self, profile: ConsultantProfile) -> str:
        return profile.consultant.username

    @admin.display(description="활동 중", boolean=True)
    def is_active(self, profile: ConsultantProfile) -> bool:
        return profile.consultant.is_active

    @admin.action(
        description="선택한 컨설턴트 비활성화 (모든 세션과 열람 권한이 바로 끝나요)",
        permissions=["change"],
    )
    def deactivate(self, request, queryset):
        count = 0
        for profile in queryset.select_related("consultant"):
            user = profile.consultant
            if user.is_active:
                # save(), not update(): deactivation ends the consultant's sessions
                # (consulting.signals), and every consulting view refuses them from the
                # next request (consulting.decorators).
                user.is_active = False
                user.save(update_fields=["is_active"])
                count += 1
        messages.success(request, f"컨설턴트 {count}명을 비활성화했어요. 모든 세션이 끝났어요.")

    @admin.action(description="선택한 컨설턴트 다시 활성화", permissions=["change"])
    def activate(self, request, queryset):
        count = 0
        for profile in queryset.select_related("consultant"):
            user = profile.consultant
            if not user.is_active:
                user.is_active = True
                user.save(update_fields=["is_active"])
                count += 1
        messages.success(request, f"컨설턴트 {count}명을 다시 활성화했어요.")


class OverdueFilter(admin.SimpleListFilter):
    title = "기한"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", "기한 초과"), ("flagged", "기한 초과 알림 보냄"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(state__in=OVERDUE_STATES, due_at__lt=timezone.now())
        if self.value() == "flagged":
            return queryset.filter(overdue_flagged_at__isnull=False)
        return queryset


class ReassignForm(forms.Form):
    consultant = forms.ModelChoiceField(
        label="새 컨설턴트",
        queryset=ConsultantProfile.objects.none(),
        empty_label="컨설턴트를 골라 주세요",
        error_messages={"required": "넘겨받을 컨설턴트를 골라 주세요."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["consultant"]
        field.queryset = listed_consultants().order_by("pk")
        field.label_from_instance = lambda p: f"{p.display_name} ({p.consultant.username})"


@admin.register(Engagement)
class EngagementAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Engagements by due time, the overdue queue, and reassignment. Nobody edits an engagement
    here: its moves are the member's and the consultant's. The request note is masked; the
    service and state are shown in words, since the desk cannot work its queue without them
    (the list is in the access log like any other)."""

    list_display = (
        "__str__",
        "service_shown",
        "state_shown",
        "consultant_shown",
        "due_at",
        "overdue_shown",
        "requested_at",
    )
    list_select_related = ("consultant",)
    list_filter = (OverdueFilter, "state", "service")
    ordering = ("due_at", "requested_at")
    actions = ("reassign",)
    fields = (
        "member_shown",
        "consultant_shown",
        "service_shown",
        "state_shown",
        "request_note",
        "matched",
        "requested_at",
        "accepted_at",
        "due_at",
        "overdue_flagged_at",
        "revisions_used",
        "ended_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="회원 계정")
    def member_shown(self, engagement: Engagement) -> str:
        return str(engagement.member)

    @admin.display(description="컨설턴트", ordering="consultant__username")
    def consultant_shown(self, engagement: Engagement) -> str:
        return str(engagement.consultant)

    @admin.display(description="서비스", ordering="service")
    def service_shown(self, engagement: Engagement) -> str:
        return ServiceKind(engagement.service).label

    @admin.display(description="상태", ordering="state")
    def state_shown(self, engagement: Engagement) -> str:
        return EngagementState(engagement.state).label

    @admin.display(description="기한 초과")
    def overdue_shown(self, engagement: Engagement) -> str:
        if (
            engagement.state in OVERDUE_STATES
            and engagement.due_at
            and engagement.due_at < (timezone.now())
        ):
            return "기한 초과 (알림 보냄)" if engagement.overdue_flagged_at else "기한 초과"
        return "-"

    @admin.action(description="선택한 요청을 다른 컨설턴트에게 넘기기", permissions=["change"])
    def reassign(self, request, queryset):
        form = ReassignForm(request.POST if request.POST.get("confirm_reassign") else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/consulting/engagement/reassign.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "다른 컨설턴트에게 넘기기",
                    "opts": self.opts,
                    "form": form,
                    "engagements": list(queryset.order_by("pk")),
                    "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                    "select_across": request.POST.get("select_across", "0"),
                },
            )
        new = form.cleaned_data["consultant"].consultant
        now = timezone.now()
        moved = []
        for engagement in queryset.order_by("pk"):
            try:
                successor = engagement_reassign(engagement, consultant=new, now=now)
            except TransitionRefused as refused:
                messages.error(request, f"{engagement}: {refused.message}")
                continue
            moved.append(engagement)
            access_log_record_access(
                request=request,
                action=AccessLogAction.CHANGE,
                model=Engagement,
                subjects=[engagement.member_id],
                target_id=engagement.pk,
                detail={
                    "fields": ["state"],
                    "reassigned_to": new.pk,
                    "successor": successor.pk,
                },
            )
        if moved:
            messages.success(
                request,
                f"{len(moved)}건을 {new.username} 컨설턴트에게 넘겼어요. 이전 컨설턴트의 열람 "
                "권한은 끝났고, 회원에게 새 컨설턴트에게 다시 공유해 달라고 알렸어요.",
            )
        return None


class HiddenFilter(admin.SimpleListFilter):
    title = "공개 여부"
    parameter_name = "hidden"

    def lookups(self, request, model_admin):
        return (("no", "공개"), ("yes", "숨김"))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(hidden_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        return queryset


@admin.register(Rating)
class RatingAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Ratings moderation: a rating that breaks the rules (a name, an insult, an advert) is
    hidden from the consultant's card, not deleted; unhiding shows it again. The score, the
    line and the reply are masked; staff read them through the reveal, with a reason."""

    list_display = ("__str__", "engagement_shown", "created_at", "replied_at", "hidden_shown")
    list_select_related = ("engagement",)
    list_filter = (HiddenFilter,)
    ordering = ("-created_at",)
    actions = ("hide", "unhide")
    fields = (
        "engagement_shown",
        "score",
        "line",
        "reply",
        "created_at",
        "replied_at",
        "hidden_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="컨설팅 요청")
    def engagement_shown(self, rating: Rating) -> str:
        return str(rating.engagement)

    @admin.display(description="공개 여부")
    def hidden_shown(self, rating: Rating) -> str:
        if rating.hidden_at is None:
            return "공개"
        return f"숨김 ({timezone.localtime(rating.hidden_at):%Y-%m-%d %H:%M})"

    def _moderate(self, request, queryset, *, hidden_at, hidden: bool) -> int:
        already = Q(hidden_at__isnull=False) if hidden else Q(hidden_at__isnull=True)
        rows = list(queryset.exclude(already).select_related("engagement"))
        Rating.objects.filter(pk__in=[r.pk for r in rows]).update(hidden_at=hidden_at)
        for rating in rows:
            access_log_record_access(
                request=request,
                action=AccessLogAction.CHANGE,
                model=Rating,
                subjects=[rating.engagement.member_id],
                target_id=rating.pk,
                detail={"fields": ["hidden_at"], "hidden": hidden},
            )
        return len(rows)

    @admin.action(description="선택한 평가 숨기기", permissions=["change"])
    def hide(self, request, queryset):
        count = self._moderate(request, queryset, hidden_at=timezone.now(), hidden=True)
        messages.success(request, f"평가 {count}건을 숨겼어요. 컨설턴트 카드에 더는 보이지 않아요.")

    @admin.action(description="선택한 평가 다시 공개하기", permissions=["change"])
    def unhide(self, request, queryset):
        count = self._moderate(request, queryset, hidden_at=None, hidden=False)
        messages.success(request, f"평가 {count}건을 다시 공개했어요.")
