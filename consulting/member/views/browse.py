"""The member's consulting home, the services and the consultants' public cards."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from consulting.catalog import SERVICES, service_for
from consulting.member.selectors import (
    consultant_ratings,
    listed_consultants,
    member_engagements,
    specialty_labels,
)
from consulting.member.services import SHAREABLE
from consulting.models import ConsultantProfile, Engagement, EngagementState
from core.decorators import member_required

S = EngagementState

# What happens next, for the member, by state (the scheduled service's accepted state has its
# own: the member confirms a time).
NEXT_STEP = {
    S.REQUESTED: "컨설턴트가 요청을 확인하고 있어요. 수락하면 알려 드릴게요.",
    S.ACCEPTED: "컨설턴트가 수락했어요. 기한 안에 피드백을 드려요.",
    S.IN_REVIEW: "컨설턴트가 공유한 내용을 검토하고 있어요.",
    S.SCHEDULED: "확정한 시간에 모의면접을 진행해요.",
    S.DELIVERED: "피드백이 도착했어요. 확인한 뒤 수정을 요청하거나 컨설팅을 끝내 주세요.",
    S.REVISION: "컨설턴트가 고친 내용을 다시 보고 있어요.",
    S.CLOSED: "컨설팅이 끝났어요.",
    S.DECLINED: "컨설턴트가 이번 요청을 받지 못했어요. 다른 컨설턴트에게 요청해 보세요.",
    S.CANCELLED: "취소한 요청이에요.",
}
SCHEDULE_STEP = "컨설턴트가 면접 시간을 제안하면 그중 하나를 골라 확정해 주세요."


def next_step(engagement: Engagement) -> str:
    if engagement.state == S.ACCEPTED and service_for(engagement.service).scheduled:
        return SCHEDULE_STEP
    return NEXT_STEP[engagement.state]


def _consultant_name(engagement: Engagement) -> str:
    profile = getattr(engagement.consultant, "consultant_profile", None)
    return profile.display_name if profile is not None else "컨설턴트"


def consultant_card(profile: ConsultantProfile, busy: set[int] | None = None) -> dict:
    return {
        "profile": profile,
        **specialty_labels(profile),
        "busy": busy is not None and profile.consultant_id in busy,
    }


@member_required
def home(request):
    rows = [
        {
            "engagement": e,
            "service": SERVICES[e.service],
            "consultant": _consultant_name(e),
            "next": next_step(e),
            "open": e.state in SHAREABLE,
        }
        for e in member_engagements(request.user)
    ]
    return render(request, "consulting/member/home.html", {"rows": rows})


@member_required
def services(request):
    return render(request, "consulting/member/services.html", {"services": SERVICES.values()})


@member_required
def consultants(request):
    cards = [consultant_card(p) for p in listed_consultants()]
    return render(request, "consulting/member/consultants.html", {"cards": cards})


@member_required
def consultant(request, pk: int):
    profile = get_object_or_404(listed_consultants(), pk=pk)
    context = {"card": consultant_card(profile), "ratings": consultant_ratings(profile)}
    return render(request, "consulting/member/consultant.html", context)
