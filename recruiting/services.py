"""Writes of the recruiting app: applying, withdrawing, sending and answering an offer, and
staff moving an application along (the member is told of the last two, in the same
transaction: notifications.notify)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coverletters.checks import letter_findings
from coverletters.models import CoverLetter, Question
from coverletters.versions.services import letter_submitted_copy
from notifications.services import notify
from privacy.api import (
    COMPANY_APPLICATION,
    Purpose,
    SharingPurpose,
    hold_reason,
    object_consent_give,
    object_consent_in_force,
    object_consent_withdraw,
    object_consents,
    provision_stated,
    provision_stated_from,
)
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


@dataclass(frozen=True)
class ProfileItem:
    """A profile item a member may send a company, in the policy's words (본인 프로필)."""

    key: str  # the profile snapshot's key
    label: str
    required: bool = False  # always sent: a company cannot read an application without it
    default: bool = True  # ticked when the apply page opens


# The policy's profile items, in its order. 이름 and 희망 직무 are what an application is; 생년월일
# and 현재 상황 및 고민 are the member's private notes as much as data, and stay home unless the
# member ticks them (issue 14: the profile page says "프로필은 나만 볼 수 있어요").
PROFILE_ITEMS: tuple[ProfileItem, ...] = (
    ProfileItem("name", "이름", required=True),
    ProfileItem("desired_job", "희망 직무", required=True),
    ProfileItem("birth_date", "생년월일", default=False),
    ProfileItem("educations", "학력"),
    ProfileItem("careers", "경력"),
    ProfileItem("desired_industry", "희망 산업"),
    ProfileItem("situation", "현재 상황 및 고민", default=False),
)
ITEMS_BY_KEY = {item.key: item for item in PROFILE_ITEMS}
REQUIRED_ITEMS = tuple(item.key for item in PROFILE_ITEMS if item.required)
DEFAULT_ITEMS = tuple(item.key for item in PROFILE_ITEMS if item.required or item.default)


def chosen_items(keys) -> tuple[str, ...]:
    """The profile items to send: the required ones and those of `keys` the policy knows, in
    the policy's order (None: the defaults)."""
    wanted = set(DEFAULT_ITEMS if keys is None else keys) | set(REQUIRED_ITEMS)
    return tuple(item.key for item in PROFILE_ITEMS if item.key in wanted)


def item_labels(keys) -> list[str]:
    return [ITEMS_BY_KEY[key].label for key in keys if key in ITEMS_BY_KEY]


def snapshot_items(profile: dict) -> list[dict]:
    """The profile items a snapshot holds, in the policy's order, each with its label and
    value: what the company received (only the chosen items), for the pages and the staff
    copy."""
    return [
        {"key": item.key, "label": item.label, "value": profile[item.key]}
        for item in PROFILE_ITEMS
        if item.key in profile
    ]


def profile_snapshot(profile: Profile, items=None) -> dict:
    """The policy's profile items (이름, 희망 직무, 생년월일, 학력, 경력, 희망 산업, 현재 상황 및
    고민) as they are now; only `items` when given (keys of PROFILE_ITEMS)."""
    snapshot = {
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
    if items is None:
        return snapshot
    return {key: value for key, value in snapshot.items() if key in items}


REFUSAL_TEXT = (
    "동의하지 않으셔도 돼요. 다만 동의하지 않으면 라이프멘토를 통해 이 회사에 지원할 수 없어요 "
    "(회사에 직접 지원하는 건 언제든 할 수 있어요)."
)


def consent_notice(posting: Posting, items) -> dict:
    """The consent a provision to a third party needs (개인정보 보호법 제17조 제2항), as the
    apply page shows it for `items`: who receives, why, what, how long, and the right to
    refuse with its consequence. Kept in the consent ledger as shown."""
    company = posting.company
    provided = ["자기소개서 (지원 시점의 사본)", *item_labels(items)]
    return {
        "recipient": company.name,
        "purpose": company.purpose_text,
        "items": ", ".join(provided),
        "retention": company.retention_text,
        "refusal": REFUSAL_TEXT,
        "posting": posting.title,
        "item_keys": list(items),
    }


@dataclass
class ApplicationPreview:
    letter: dict  # what is sent of the letter (its current text)
    profile: dict  # every profile item as it is now, for the choice
    items: tuple[str, ...]  # the items chosen
    sent_profile: dict  # what is sent of the profile: the chosen items only
    notice: dict  # the consent's statement for these items
    findings: list = field(default_factory=list)  # coverletters.checks.Finding

    def choices(self) -> list[dict]:
        """Each profile item with its value, whether it is ticked and whether it must be."""
        return [
            {
                "key": item.key,
                "label": item.label,
                "required": item.required,
                "chosen": item.key in self.items,
                "value": self.profile.get(item.key),
            }
            for item in PROFILE_ITEMS
        ]


def application_refusal(*, member, posting: Posting, cover_letter: CoverLetter) -> str | None:
    """Why `member` cannot send `cover_letter` to `posting` now (Korean), or None."""
    if cover_letter.member_id != member.pk:
        return "내 자기소개서만 보낼 수 있어요."
    if not posting.is_open():
        return "마감된 공고라 지원할 수 없어요."
    if not provision_stated(SharingPurpose.COMPANY):
        starts = provision_stated_from(SharingPurpose.COMPANY)
        when = f"{starts.month}월 {starts.day}일부터" if starts else "개인정보처리방침이 바뀐 뒤에"
        return (
            f"라이프멘토를 통한 지원은 {when} 할 수 있어요. 회사에 지원서를 보내는 일을 "
            "개인정보처리방침에 먼저 알려 드려야 해서, 바뀐 방침이 시행되는 날부터 열려요."
        )
    if Application.objects.filter(member=member, posting=posting).exists():
        return "이미 지원한 공고예요. 지원 내역에서 확인해 주세요."
    return None


def application_preview(
    *, member, posting: Posting, cover_letter: CoverLetter, items=None
) -> ApplicationPreview:
    """What application_submit() would send with `items` (None: the defaults), for the apply
    page; refuses what it would refuse. The page and the submit build the snapshot the same
    way, so the member sees exactly what is sent."""
    refusal = application_refusal(member=member, posting=posting, cover_letter=cover_letter)
    if refusal:
        raise RecruitingError(refusal)
    profile = Profile.objects.filter(member=member).first()
    if profile is None:
        raise RecruitingError(
            "지원하려면 프로필을 먼저 작성해 주세요. 회사에 이름과 희망 직무가 함께 전달돼요."
        )
    chosen = chosen_items(items)
    whole = profile_snapshot(profile)
    return ApplicationPreview(
        letter=letter_snapshot(cover_letter),
        profile=whole,
        items=chosen,
        sent_profile={key: value for key, value in whole.items() if key in chosen},
        notice=consent_notice(posting, chosen),
        findings=list(letter_findings(cover_letter, company=posting.company.name)),
    )


@transaction.atomic
def application_submit(
    *, member, posting: Posting, cover_letter: CoverLetter, consented: bool, items=None
) -> Application:
    """Apply to `posting` with a copy of `cover_letter` and the chosen profile `items` (None:
    the defaults), as they are now: later edits or deletion of either do not change what was
    sent. `consented`: the member agreed, on the apply page, to the provision to this company
    as `consent_notice` states it; without it nothing is sent (제17조 제2항). The consent is
    appended to the ledger for this application, with what was shown, in this transaction."""
    if not consented:
        raise RecruitingError(
            f"{posting.company.name}에 지원서를 보내려면 제3자 제공에 동의해 주세요. "
            "동의하지 않으면 라이프멘토를 통해 지원할 수 없어요."
        )
    # Applying provides the member's data to a company: not while a correction or deletion
    # request is open, nor when the member suspended it (privacy.holds, the one check).
    reason = hold_reason(member, COMPANY_APPLICATION)
    if reason:
        raise RecruitingError(
            f"지금은 회사에 지원서를 보낼 수 없어요 ({reason}). 처리가 끝나면 다시 지원해 주세요."
        )
    # Lock the posting row so closing it and applying to it do not interleave.
    posting = (
        Posting.objects.select_related("company").select_for_update(of=("self",)).get(pk=posting.pk)
    )
    # The company's copy and the 제출본 are two reads of the letter: lock it and its questions
    # first, so an autosave from another tab waits for this transaction instead of landing
    # between the reads (the two would then differ). Re-read, so no copy prefetched before the
    # lock is used.
    cover_letter = CoverLetter.objects.select_for_update().get(pk=cover_letter.pk)
    list(Question.objects.select_for_update().filter(cover_letter=cover_letter).values("pk"))
    preview = application_preview(
        member=member, posting=posting, cover_letter=cover_letter, items=items
    )
    company = posting.company.name
    try:
        with transaction.atomic():
            application = Application.objects.create(
                member=member,
                posting=posting,
                letter_snapshot=preview.letter,
                profile_snapshot=preview.sent_profile,
                shared_items=list(preview.items),
            )
    except IntegrityError:  # a second tab submitted in the meantime
        raise RecruitingError("이미 지원한 공고예요. 지원 내역에서 확인해 주세요.") from None
    object_consent_give(
        member=member,
        purpose=Purpose.COMPANY_APPLICATION,
        ref=application.pk,
        details=preview.notice,
    )
    version = letter_submitted_copy(
        cover_letter, reason="application", label=f"{company} 지원 제출본"
    )
    if version is not None:
        application.letter_version_ref = version
        application.save(update_fields=["letter_version_ref"])
    return application


def application_consent(application: Application):
    """The consent this application was sent on (privacy.api.ObjectConsent: as given, with
    what the page showed, and its withdrawal if any), or None for an application made before
    the consent was asked."""
    state = object_consents(application.member, Purpose.COMPANY_APPLICATION, refs=[application.pk])
    return state.get(application.pk)


def application_consent_withdraw(*, application: Application, channel: str) -> bool:
    """The member withdraws the consent to provide this application to its company. The
    company already has what it received (LifeMento cannot take it back); from now on
    LifeMento provides it nothing more of this application: staff can no longer open the copy
    that goes to the company. False when it was already withdrawn."""
    return object_consent_withdraw(
        member=application.member,
        purpose=Purpose.COMPANY_APPLICATION,
        ref=application.pk,
        channel=channel,
    )


def application_copy_available(application: Application) -> bool:
    """Whether staff may open the copy that goes to the company: the member's consent for it
    is in force, and nothing holds providing the member's data. Applications made before the
    consent was asked have none, and get no copy."""
    if hold_reason(application.member, COMPANY_APPLICATION):
        return False
    return object_consent_in_force(
        application.member_id, Purpose.COMPANY_APPLICATION, application.pk
    )


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
