"""Writes of the recruiting app: applying, withdrawing, sending and answering an offer, and
staff moving an application along (the member is told of the last two, in the same
transaction: notifications.notify)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coverletters.models import CoverLetter
from notifications.services import notify
from privacy.api import COMPANY_APPLICATION, hold_reason
from profiles.models import Profile
from recruiting.models import (
    WITHDRAWABLE,
    Application,
    ApplicationStatus,
    Offer,
    OfferStatus,
    Posting,
)


class RecruitingError(Exception):
    """A refusal a member can read (Korean, 해요체)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _date(value) -> str:
    return value.isoformat() if value else ""


def letter_snapshot(cover_letter: CoverLetter) -> dict:
    """The cover letter as the company receives it: title, job title, each question's prompt
    and answer, in the member's order."""
    return {
        "title": cover_letter.title,
        "job_title": cover_letter.job_title,
        "questions": [
            {"prompt": q.prompt, "answer": q.answer} for q in cover_letter.questions.all()
        ],
    }


def profile_snapshot(profile: Profile) -> dict:
    """The policy's profile items (이름, 희망 직무, 생년월일, 학력, 경력, 희망 산업, 현재 상황 및
    고민) as they are now."""
    return {
        "name": profile.name,
        "desired_job": profile.desired_job,
        "birth_date": _date(profile.birth_date),
        "desired_industry": profile.desired_industry,
        "situation": profile.situation,
        "educations": [
            {
                "school": e.school,
                "major": e.major,
                "status": e.get_status_display(),
                "start_date": _date(e.start_date),
                "end_date": _date(e.end_date),
            }
            for e in profile.educations.all()
        ],
        "careers": [
            {
                "company": c.company,
                "role": c.role,
                "start_date": _date(c.start_date),
                "end_date": _date(c.end_date),
                "is_current": c.is_current,
                "description": c.description,
            }
            for c in profile.careers.all()
        ],
    }


def application_preview(*, member, posting: Posting, cover_letter: CoverLetter) -> dict:
    """What application_submit() would send, for the confirm page; refuses what it would
    refuse. The confirm page and the submit build the snapshot the same way, so the member
    sees exactly what is sent."""
    if cover_letter.member_id != member.pk:
        raise RecruitingError("내 자기소개서만 보낼 수 있어요.")
    if not posting.is_open():
        raise RecruitingError("마감된 공고라 지원할 수 없어요.")
    if Application.objects.filter(member=member, posting=posting).exists():
        raise RecruitingError("이미 지원한 공고예요. 지원 내역에서 확인해 주세요.")
    profile = Profile.objects.filter(member=member).first()
    if profile is None:
        raise RecruitingError(
            "지원하려면 프로필을 먼저 작성해 주세요. 회사에 이름과 희망 직무가 함께 전달돼요."
        )
    return {"letter": letter_snapshot(cover_letter), "profile": profile_snapshot(profile)}


@transaction.atomic
def application_submit(*, member, posting: Posting, cover_letter: CoverLetter) -> Application:
    """Apply to `posting` with a copy of `cover_letter` and the member's profile, as they are
    now: later edits or deletion of either do not change what was sent."""
    # Applying provides the member's data to a company: not while a correction or deletion
    # request is open, nor when the member suspended it (privacy.holds, the one check).
    reason = hold_reason(member, COMPANY_APPLICATION)
    if reason:
        raise RecruitingError(
            f"지금은 회사에 지원서를 보낼 수 없어요 ({reason}). 처리가 끝나면 다시 지원해 주세요."
        )
    # Lock the posting row so closing it and applying to it do not interleave.
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    snapshot = application_preview(member=member, posting=posting, cover_letter=cover_letter)
    try:
        with transaction.atomic():
            return Application.objects.create(
                member=member,
                posting=posting,
                letter_snapshot=snapshot["letter"],
                profile_snapshot=snapshot["profile"],
            )
    except IntegrityError:  # a second tab submitted in the meantime
        raise RecruitingError("이미 지원한 공고예요. 지원 내역에서 확인해 주세요.") from None


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    # Conditional update: a staff decision saved meanwhile wins over the withdrawal.
    updated = Application.objects.filter(pk=application.pk, status__in=WITHDRAWABLE).update(
        status=ApplicationStatus.WITHDRAWN, updated_at=timezone.now()
    )
    if not updated:
        raise RecruitingError("결과가 나온 지원이나 이미 취소한 지원은 취소할 수 없어요.")
    application.refresh_from_db()
    return application


@transaction.atomic
def offer_answer(*, offer: Offer, accept: bool) -> Offer:
    """수락 or 거절, once: an answered offer keeps its answer."""
    updated = Offer.objects.filter(pk=offer.pk, status=OfferStatus.RECEIVED).update(
        status=OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED,
        answered_at=timezone.now(),
    )
    if not updated:
        raise RecruitingError("이미 응답한 제안이에요.")
    offer.refresh_from_db()
    return offer


@transaction.atomic
def offer_send(*, offer: Offer) -> Offer:
    """Staff send an offer (the admin): saved, and the member told in the same transaction, so
    an offer exists exactly when its notification does."""
    offer.save()
    company = offer.company.name
    notify(
        offer.member,
        "recruiting.offer",
        text=f"{company}에서 입사 제안을 보냈어요. 확인하고 수락하거나 거절할 수 있어요.",
        key=f"recruiting.offer:{offer.pk}",
        url=reverse("recruiting:offers"),
        params={"회사": company},
    )
    return offer


def application_status_notify(*, application: Application) -> None:
    """Tell the member that staff moved their application to its current status. Called by
    staff's change only: a member's own withdrawal (application_withdraw) is theirs and tells
    nobody. The key names the moment of the change, so a status that comes back (a correction)
    is told again, while the same save is told once."""
    posting = application.posting
    company = posting.company.name
    status = application.get_status_display()
    notify(
        application.member,
        "recruiting.status",
        text=f"{company} '{posting.title}' 지원이 [{status}] 단계가 되었어요.",
        key=(
            f"recruiting.status:{application.pk}:{application.status}:"
            f"{application.updated_at.isoformat()}"
        ),
        url=application.get_absolute_url(),
        params={"회사": company, "공고": posting.title, "상태": status},
    )


@transaction.atomic
def application_status_set(*, application: Application, status: str) -> bool:
    """Staff move an application to `status`; the member is told. False when it already had
    that status (nothing changed, nobody told)."""
    updated = (
        Application.objects.filter(pk=application.pk)
        .exclude(status=status)
        .update(status=status, updated_at=timezone.now())
    )
    if not updated:
        return False
    application.refresh_from_db()
    application_status_notify(application=application)
    return True
