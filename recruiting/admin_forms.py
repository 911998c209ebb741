"""The offer form staff fill in the admin: the member is found by phone number (the blind index,
logged as a 회원 검색) or taken from one of their applications, never picked by an opaque id."""

from __future__ import annotations

from django import forms
from django.db.models import Subquery

from privacy.api import member_hit, staff_member_search
from recruiting.models import Application, ApplicationStatus, Offer

SEARCH_PURPOSE = "입사 제안 작성"
# The applications offered to choose from: the most recent ones still in progress.
APPLICATION_CHOICES = 200


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Application) -> str:
        posting = obj.posting
        return f"{posting.title} ({posting.company.name}) · {member_hit(obj.member).label}"


def offerable_applications():
    recent = (
        Application.objects.exclude(status=ApplicationStatus.WITHDRAWN)
        .order_by("-applied_at", "-id")
        .values("pk")[:APPLICATION_CHOICES]
    )
    return (
        Application.objects.filter(pk__in=Subquery(recent))
        .select_related("posting__company", "member")
        .order_by("-applied_at", "-id")
    )


class OfferAddForm(forms.ModelForm):
    """Set `request` on the class (OfferAdmin.get_form) so the phone search is logged as the
    staff member who made it."""

    request = None

    member_phone = forms.CharField(
        label="회원 휴대폰 번호",
        required=False,
        max_length=20,
        help_text=(
            "회원이 카카오계정에 등록한 번호로 찾아요. 예: 010-1234-5678. 검색은 접속기록에 남아요."
        ),
    )
    application = ApplicationChoiceField(
        label="또는 지원 내역에서 선택",
        queryset=Application.objects.none(),
        required=False,
        help_text="이 회원이 지원한 공고로 제안해요. 회사와 공고는 비워 두면 지원한 공고로 채워요.",
    )

    class Meta:
        model = Offer
        fields = ("company", "posting", "message", "contact")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = offerable_applications()
        self.fields["company"].required = False  # may come from the application

    def clean(self):
        cleaned = super().clean()
        phone = (cleaned.get("member_phone") or "").strip()
        application = cleaned.get("application")
        if phone and application:
            raise forms.ValidationError("휴대폰 번호와 지원 내역 중 하나로만 회원을 찾아 주세요.")
        if not phone and application is None:
            if "application" not in self.errors:
                raise forms.ValidationError(
                    "제안을 받을 회원을 휴대폰 번호로 찾거나 지원 내역에서 골라 주세요."
                )
            return cleaned
        if application is not None:
            self._take_application(cleaned, application)
        else:
            self._find_by_phone(phone)
        if cleaned.get("company") is None and "company" not in self.errors:
            self.add_error("company", "제안하는 회사를 골라 주세요.")
        posting = cleaned.get("posting")
        if posting and cleaned.get("company") and posting.company_id != cleaned["company"].pk:
            self.add_error("posting", "이 공고는 고른 회사의 공고가 아니에요.")
        return cleaned

    def _take_application(self, cleaned, application: Application) -> None:
        company = cleaned.get("company")
        if company is not None and company.pk != application.posting.company_id:
            self.add_error(
                "application",
                f"이 지원 내역은 {application.posting.company.name}의 공고에 낸 것이에요. "
                "회사를 맞게 골라 주세요.",
            )
            return
        cleaned["company"] = application.posting.company
        cleaned.setdefault("posting", None)
        if cleaned["posting"] is None:
            cleaned["posting"] = application.posting
        self.instance.member_id = application.member_id
        self.found = member_hit(application.member)

    def _find_by_phone(self, phone: str) -> None:
        hits = staff_member_search(self.request, phone=phone, purpose=SEARCH_PURPOSE)
        if not hits:
            self.add_error(
                "member_phone", "이 번호로 가입한 회원이 없어요. 번호를 다시 확인해 주세요."
            )
        elif len(hits) > 1:
            self.add_error(
                "member_phone",
                f"이 번호로 가입한 회원이 {len(hits)}명이에요. 지원 내역에서 회원을 골라 주세요.",
            )
        else:
            self.instance.member_id = hits[0].pk
            self.found = hits[0]
