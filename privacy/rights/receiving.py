"""접수 등록: a request a member made by phone, letter, e-mail or in person (시행령 제41조①),
typed in by staff on the rights desk (privacy.rights.admin mixes ReceiveDeskMixin in).

The member is found by phone number through the blind index (privacy.staff.members, logged as
회원 검색) and shown masked. ‘회원 찾기’ only searches; ‘접수 등록’ searches again and files
through privacy.rights.filing.rights_request_receive. Whatever goes wrong (no one found, several
people, a date in the future), the typed form comes back with the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from core.forms import KoreanForm
from privacy.accesslog.append import access_log_record_access
from privacy.accesslog.models import AccessLogAction
from privacy.rights import filing, steps
from privacy.rights.forms import RightsDetailMixin, _korean_messages, _phone
from privacy.rights.models import STAFF_ENTERED_VIA, ReceivedVia, RightsKind, RightsRequest
from privacy.staff import designation
from privacy.staff.members import staff_member_search

SEARCH_PURPOSE = "열람 등 요구 접수"

# How staff confirmed the requester is the member (시행령 제46조). "확인 전" leaves the request
# at 본인 확인 중, to be confirmed before anything is disclosed or changed.
IDENTITY_METHODS = (
    ("", "아직 확인하지 않았어요 (처리 전에 확인)"),
    (
        "전화 — 가입 정보(이름·전화번호·가입 시기) 대조",
        "전화 — 가입 정보(이름·전화번호·가입 시기) 대조",
    ),
    ("방문 — 신분증 원본 확인", "방문 — 신분증 원본 확인"),
    ("우편·전자우편 — 신분증 사본 확인", "우편·전자우편 — 신분증 사본 확인"),
)


class StaffReceiveForm(RightsDetailMixin, KoreanForm):
    """A request a member made by phone, letter, e-mail or in person, typed in by staff. The
    member is found by phone number (the blind index, privacy.staff.members) in the view; the
    form itself holds only what was typed, so nothing is lost when the search finds no one or
    several people."""

    received_via = forms.ChoiceField(
        label="접수 경로",
        choices=[(v.value, v.label) for v in STAFF_ENTERED_VIA],
        widget=forms.RadioSelect,
    )
    received_at = forms.DateTimeField(
        label="접수 일시",
        help_text="요구를 받은 때예요 (한국 시간). 처리 기한은 이날부터 10일이에요.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    phone = forms.CharField(
        label="회원 전화번호",
        max_length=20,
        help_text="가입할 때 쓴 카카오계정 전화번호로 회원을 찾아요. 검색은 접속기록에 남아요.",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    identity_method = forms.ChoiceField(
        label="본인 확인 방법", choices=IDENTITY_METHODS, required=False
    )
    identity_note = forms.CharField(
        label="본인 확인 메모",
        max_length=100,
        required=False,
        help_text="예: 생년월일과 최근 지원 기업을 확인함",
    )
    lifts = forms.IntegerField(
        label="해제할 처리정지 요구 번호",
        required=False,
        min_value=1,
        help_text="처리정지 해제를 받았고 회원의 처리정지가 여러 건일 때만 적어 주세요.",
    )

    field_order = (
        "received_via", "received_at", "phone", "kind", "detail", "correction_item",
        "correction_value", "suspend_purposes", "lifts", "identity_method", "identity_note",
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_kind_fields()
        self.fields["kind"].choices = RightsKind.choices
        self.fields["detail"].help_text = "요청인이 말하거나 적어 보낸 내용을 적어 주세요."
        _korean_messages(self)
        self.order_fields(self.field_order)

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        self.clean_kind_fields(cleaned)
        method = cleaned.get("identity_method") or ""
        note = (cleaned.get("identity_note") or "").strip()
        if note and not method:
            self.add_error(
                "identity_method", "본인 확인 메모를 적었다면 확인한 방법을 골라 주세요."
            )
        cleaned["identity_note"] = note
        return cleaned


class ReceiveDeskMixin:
    """The 접수 등록 page of the rights desk's ModelAdmin (its URL is in get_urls there)."""

    def receive_view(self, request):
        """Staff enter a request received by phone, letter, e-mail or in person. The member is
        found by phone number through the blind index (logged as 회원 검색) and shown masked;
        ‘회원 찾기’ only searches, ‘접수 등록’ searches again and files. Whatever goes wrong
        (no one found, several people, a date in the future), the typed form comes back."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        designation.staff_access_check(request, model=RightsRequest)
        finding = "_find" in request.POST
        form = StaffReceiveForm(
            request.POST if request.method == "POST" else None,
            initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        )
        hits, chosen, phone = [], None, None
        if request.method == "POST":
            valid = form.is_valid()
            phone = form.cleaned_data.get("phone")
            if phone:
                hits = staff_member_search(request, phone=phone, purpose=SEARCH_PURPOSE)
                chosen = self._chosen_member(form, hits, request.POST.get("member", ""))
            if finding:
                # Only the search was asked for: the rest of the form is not judged yet.
                form._errors = {k: v for k, v in form.errors.items() if k == "phone"}
            elif valid and chosen is not None and not form.errors:
                filed = self._file_received(request, form, chosen)
                if filed is not None:
                    self.message_user(
                        request,
                        f"{filed} 을(를) 접수했어요. 처리 기한은 {filed.due_date:%Y-%m-%d}이에요.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:privacy_rightsrequest_change", args=[filed.pk])
                    )
        return TemplateResponse(
            request,
            "admin/privacy/rights/receive.html",
            {
                **self.admin_site.each_context(request),
                "title": "접수 등록 (전화·우편·방문·전자우편)",
                "opts": self.opts,
                "form": form,
                "hits": hits,
                "chosen": chosen,
                "searched": bool(phone),
            },
        )

    def _chosen_member(self, form, hits, posted: str):
        """The one member the search settles on, or None with the reason on the form."""
        if not hits:
            form.add_error(
                "phone",
                "이 전화번호로 가입한 회원을 찾지 못했어요. 번호를 다시 확인해 주세요. "
                "회원이 아니라면 보유한 개인정보가 없다고 안내해 주세요.",
            )
            return None
        if len(hits) == 1:
            return hits[0]
        for hit in hits:
            if posted == str(hit.pk):
                return hit
        form.add_error(
            "phone",
            f"이 전화번호로 가입한 회원이 {len(hits)}명이에요. 요청인에게 이름과 가입 시기를 "
            "확인한 뒤 아래에서 한 명을 골라 주세요.",
        )
        return None

    def _file_received(self, request, form, hit):
        data = form.cleaned_data
        member = get_user_model().objects.get(pk=hit.pk)
        designation.staff_access_check(request, model=RightsRequest, subjects=[member.pk])
        lifts = None
        if data["kind"] == RightsKind.LIFT_SUSPENSION:
            lifts = self._suspension_to_lift(form, member, data.get("lifts"))
            if lifts is None:
                return None
        try:
            filed = filing.rights_request_receive(
                member=member,
                kind=data["kind"],
                received_via=data["received_via"],
                received_at=data["received_at"],
                actor=request.user,
                detail=data["detail"],
                correction_item=data["correction_item"],
                correction_value=data["correction_value"],
                suspend_purposes=data["suspend_purposes"],
                lifts=lifts,
                identity_method=data["identity_method"],
                identity_note=data["identity_note"],
            )
        except steps.RightsError as error:
            form.add_error(None, str(error))
            return None
        access_log_record_access(
            request=request,
            action=AccessLogAction.CHANGE,
            model=RightsRequest,
            subjects=[member.pk],
            target_id=filed.pk,
            detail={"step": "receive", "via": ReceivedVia(filed.received_via).label},
        )
        return filed

    def _suspension_to_lift(self, form, member, number):
        active = filing.active_suspensions(member)
        if not active:
            form.add_error("kind", "이 회원에게는 해제할 처리정지가 없어요.")
            return None
        if len(active) == 1 and number in (None, active[0].pk):
            return active[0]
        for suspension in active:
            if suspension.pk == number:
                return suspension
        listed = ", ".join(f"#{s.pk} ({', '.join(s.get_purposes_display())})" for s in active)
        form.add_error(
            "lifts", f"해제할 처리정지 요구 번호를 적어 주세요. 이 회원의 처리정지: {listed}"
        )
        return None
