"""What both the request and "다시 공유하기" use: the choice of what to share, and the consent
screen of 개인정보 보호법 제17조 제2항 with its digest (the agreement is taken only for the notice
the screen showed)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone

from consulting.catalog import SERVICES
from consulting.member.forms import ShareForm
from consulting.member.services import notice_digest, notice_for
from consulting.models import ConsultantProfile
from consulting.snapshots import Selection, SelectionInvalid
from coverletters.models import CoverLetter
from experiences.selectors import experience_list
from privacy.api import (
    CONSULTANT_VIEW,
    SharingPurpose,
    hold_reason,
    provision_stated,
    provision_stated_from,
)
from profiles.models import Profile


def while_stated(view):
    """Only once a policy version in force states the provision to consultants: before its
    effective date nothing may be shared, so the request pages say when consulting starts."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not provision_stated(SharingPurpose.CONSULTANT):
            starts = provision_stated_from(SharingPurpose.CONSULTANT)
            return render(request, "consulting/member/not_yet.html", {"starts": starts})
        return view(request, *args, **kwargs)

    return wrapper


CHANGED = (
    "확인하신 뒤에 동의 내용이 바뀌었어요 (고른 항목, 제목이나 날짜). 바뀐 내용을 다시 "
    "확인하고 동의해 주세요."
)
UNSHAREABLE = "공유할 수 없는 항목이 있어요. 다시 골라 주세요."


def share_form(request, *, initial: dict, with_note: bool) -> ShareForm:
    member = request.user
    return ShareForm(
        request.POST or None,
        initial=initial,
        has_profile=Profile.objects.filter(member=member).exists(),
        letters=CoverLetter.objects.filter(member=member).order_by("-updated_at", "-pk"),
        experiences=experience_list(member),
        with_note=with_note,
    )


@dataclass(frozen=True)
class ConsentTarget:
    """Who the consent screen is for and where its buttons go."""

    consultant: ConsultantProfile
    service: str
    selection: Selection
    action: str
    back: str
    note: str = ""  # the request note, shared (and listed on the screen) with the rest


def consent_page(request, target: ConsentTarget, *, extra: dict, status: int = 200, now=None):
    """Render the consent screen for `target`, or None when the selection is no longer valid
    (the caller sends the member back to choose)."""
    now = now or timezone.now()
    try:
        _, notice = notice_for(
            member=request.user,
            consultant=target.consultant,
            service=target.service,
            selection=target.selection,
            now=now,
            note=target.note,
        )
    except SelectionInvalid as invalid:
        messages.error(request, invalid.message)
        return None
    context = {
        "notice": notice,
        "digest": notice_digest(notice, consultant=target.consultant, service=target.service),
        "target": target,
        "service": SERVICES[target.service],
        "held": hold_reason(request.user, CONSULTANT_VIEW),
        **extra,
    }
    return render(request, "consulting/member/consent.html", context, status=status)


def agreed_notice(request, target: ConsentTarget, now):
    """(chosen, notice) recomputed now, if it is what the screen showed; else None."""
    chosen, notice = notice_for(
        member=request.user,
        consultant=target.consultant,
        service=target.service,
        selection=target.selection,
        now=now,
        note=target.note,
    )
    shown = request.POST.get("notice_digest", "")
    if shown != notice_digest(notice, consultant=target.consultant, service=target.service):
        return None
    return chosen, notice
