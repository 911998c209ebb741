"""Writes: drafting and publishing a policy version, keeping the entrustment table, notices, the
re-consent after a policy change, and cookie choices."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from privacy.consents.models import ConsentChannel, ConsentRecord
from privacy.consents.purposes import COOKIE_PURPOSES, Purpose
from privacy.consents.services import consent_change, consent_record, current_consents
from privacy.notices.document import text_errors
from privacy.notices.models import Entrustment, Notice, NoticeKind, PolicyVersion
from privacy.notices.selectors import policy_draft_next, policy_timeline_forget
from privacy.notices.signals import policy_version_published
from privacy.notices.snapshots import snapshot_take

# 개인정보처리방침 (개인정보 처리방침 변경): "변경 사항의 시행 7일 전부터 공지사항을 통하여 고지".
NOTICE_DAYS = 7

ENTRUSTMENT_FIELDS = ("trustee", "task", "retention")


def policy_earliest_effective_date(now: datetime.datetime) -> datetime.date:
    """Published on day D (KST), a change may take effect on D + 7 at the earliest."""
    return timezone.localdate(now) + datetime.timedelta(days=NOTICE_DAYS)


def policy_effective_date_errors(
    effective_date: datetime.date,
    *,
    now: datetime.datetime,
    exclude: PolicyVersion | None = None,
) -> list[str]:
    """The one place the notice period is checked (the admin form and the service ask)."""
    errors = []
    earliest = policy_earliest_effective_date(now)
    if effective_date < earliest:
        errors.append(
            f"시행일은 공지일로부터 {NOTICE_DAYS}일 뒤인 "
            f"{date_format(earliest, 'Y년 n월 j일')} 이후로 정해 주세요 "
            "(시행 7일 전부터 공지사항으로 알려야 해요)."
        )
    published = PolicyVersion.objects.filter(published_at__isnull=False)
    if exclude is not None and exclude.pk:
        published = published.exclude(pk=exclude.pk)
    latest = published.order_by("-effective_date").first()
    if latest and effective_date <= latest.effective_date:
        errors.append(
            f"시행일은 가장 최근 버전({latest.version})의 시행일 "
            f"{date_format(latest.effective_date, 'Y년 n월 j일')}보다 뒤여야 해요."
        )
    return errors


def _forget_timeline() -> None:
    # Now (so this process reads the new row at once) and after commit (so a request that
    # re-filled the cache from the old state meanwhile does not keep it).
    policy_timeline_forget()
    transaction.on_commit(policy_timeline_forget)


PUBLISHED_IS_FINAL = "공지한 버전은 고칠 수 없어요. 바로잡으려면 새 버전을 작성해 주세요."


@transaction.atomic
def policy_draft_save(
    *,
    draft: PolicyVersion | None = None,
    version: str,
    effective_date: datetime.date,
    summary: str,
    text: str,
    reconsent_required: bool,
) -> PolicyVersion:
    """Write a draft (new, or one not yet published). Drafts are not in force and not
    announced; the snapshot of the page's tables is taken from the code and the entrustment
    table as they are now, and again when it is published."""
    if draft is not None and draft.pk:
        draft = PolicyVersion.objects.select_for_update().get(pk=draft.pk)
        if not draft.is_draft:
            raise ValidationError(PUBLISHED_IS_FINAL)
    else:
        draft = PolicyVersion(published_at=None)
    draft.version = version
    draft.effective_date = effective_date
    draft.summary = summary
    draft.text = text
    draft.reconsent_required = reconsent_required
    draft.published_at = None
    draft.snapshot = snapshot_take(draft)
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def policy_draft_delete(*, draft: PolicyVersion) -> None:
    """Throw a draft away. A published version is never deleted: it is what members were told."""
    locked = PolicyVersion.objects.select_for_update().get(pk=draft.pk)
    if not locked.is_draft:
        raise ValidationError(PUBLISHED_IS_FINAL)
    locked.delete()


@transaction.atomic
def policy_draft_publish(
    *, draft: PolicyVersion, now: datetime.datetime | None = None
) -> PolicyVersion:
    """Publish a draft from this moment on: its tables are frozen as they are now, the notice
    goes on the notice board dated today, and it takes effect on its date (7 days at least)."""
    now = now or timezone.now()
    policy = PolicyVersion.objects.select_for_update().get(pk=draft.pk)
    if not policy.is_draft:
        raise ValidationError(PUBLISHED_IS_FINAL)
    errors = policy_effective_date_errors(policy.effective_date, now=now, exclude=policy)
    if errors:
        raise ValidationError({"effective_date": errors})
    # The text is the page members will read: every marker in it must be one the page fills.
    errors = text_errors(policy.text)
    if errors:
        raise ValidationError({"text": errors})
    policy.snapshot = snapshot_take(policy)
    policy.published_at = now
    policy.save(update_fields=["snapshot", "published_at"])
    day = date_format(policy.effective_date, "Y년 n월 j일")
    body = f"개인정보처리방침이 {day}부터 바뀌어요.\n\n{policy.summary}"
    if policy.reconsent_required:
        body += (
            "\n\n회원가입 때 동의하신 필수 항목의 내용이 바뀌어서, 시행일 이후 처음 방문하실 때 "
            "다시 동의를 받을게요."
        )
    Notice.objects.create(
        title=f"개인정보처리방침 변경 안내 ({day} 시행)",
        body=body,
        kind=NoticeKind.POLICY_CHANGE,
        published_at=now,
        policy_version=policy,
    )
    _forget_timeline()
    # Members are told 7 days before it takes effect (notifications' daily job); a version
    # published on that very day is told now, by the receiver, not tomorrow.
    policy_version_published.send(
        sender=PolicyVersion,
        version=policy.version,
        effective_date=policy.effective_date,
        published_at=now,
    )
    return policy


@transaction.atomic
def policy_version_publish(
    *,
    version: str,
    effective_date: datetime.date,
    summary: str,
    text: str,
    reconsent_required: bool,
    now: datetime.datetime | None = None,
) -> PolicyVersion:
    """Draft and publish in one step (seeds and tests; the admin drafts, previews, then
    publishes)."""
    now = now or timezone.now()
    errors = policy_effective_date_errors(effective_date, now=now)
    if errors:
        raise ValidationError({"effective_date": errors})
    draft = policy_draft_save(
        version=version,
        effective_date=effective_date,
        summary=summary,
        text=text,
        reconsent_required=reconsent_required,
    )
    return policy_draft_publish(draft=draft, now=now)


def notice_publish(*, title: str, body: str) -> Notice:
    return Notice.objects.create(title=title, body=body, kind=NoticeKind.GENERAL)


def _entrustment_line(entrustment: Entrustment) -> str:
    return (
        f"수탁자: {entrustment.trustee} / 위탁 업무: {entrustment.task} / "
        f"보유 및 이용기간: {entrustment.retention}"
    )


def _next_draft_label(effective_date: datetime.date) -> str:
    label = effective_date.isoformat()
    taken = set(
        PolicyVersion.objects.filter(version__startswith=label).values_list("version", flat=True)
    )
    n = 2
    candidate = label
    while candidate in taken:
        candidate = f"{label}-{n}"
        n += 1
    return candidate


def _draft_the_entrustment_change(line: str) -> PolicyVersion:
    """An entrustment change goes into the next version's draft, never onto the live page: the
    page shows the table of the version in force, and the change is announced when the draft
    is published (처리방침: 위탁 변경은 이 방침을 통하여 공개; 변경: 시행 7일 전부터 공지)."""
    draft = policy_draft_next()
    if draft is None:
        now = timezone.now()
        effective = policy_earliest_effective_date(now)
        latest = (
            PolicyVersion.objects.filter(published_at__isnull=False)
            .order_by("-effective_date")
            .first()
        )
        if latest is not None and effective <= latest.effective_date:
            effective = latest.effective_date + datetime.timedelta(days=1)
        draft = PolicyVersion(
            version=_next_draft_label(effective),
            effective_date=effective,
            published_at=None,
            summary="개인정보 처리 위탁이 바뀌어요.",
            text=latest.text if latest else "",
            reconsent_required=False,
        )
    else:
        draft = PolicyVersion.objects.select_for_update().get(pk=draft.pk)
    draft.summary = f"{draft.summary.rstrip()}\n- {line}"
    draft.snapshot = snapshot_take(draft)
    draft.save()
    return draft


@transaction.atomic
def entrustment_save(*, entrustment: Entrustment) -> PolicyVersion | None:
    """Add or change a row of the entrustment table. The change goes into the next version's
    draft (created if there is none), which the officer previews and publishes with its
    notice; returns that draft, or None when nothing the policy states changed."""
    previous = (
        Entrustment.objects.select_for_update().filter(pk=entrustment.pk).first()
        if entrustment.pk
        else None
    )
    entrustment.updated_at = timezone.now()
    entrustment.save()
    if previous is None:
        return _draft_the_entrustment_change("위탁 추가: " + _entrustment_line(entrustment))
    if any(getattr(previous, f) != getattr(entrustment, f) for f in ENTRUSTMENT_FIELDS):
        return _draft_the_entrustment_change(
            "위탁 변경: 이전 "
            + _entrustment_line(previous)
            + " → 변경 "
            + _entrustment_line(entrustment)
        )
    if previous.order != entrustment.order:
        return _draft_the_entrustment_change("위탁 표의 순서를 바꿨어요.")
    return None


@transaction.atomic
def entrustment_end(*, entrustment: Entrustment) -> PolicyVersion:
    """Remove a row (the entrustment ended); the next version's draft says so."""
    line = _entrustment_line(entrustment)
    entrustment.delete()
    return _draft_the_entrustment_change("위탁 종료: " + line)


def policy_reconsent_agree(*, member) -> None:
    """The member agrees to the required consent again under the version now in force."""
    consent_record(
        member=member,
        purpose=Purpose.MEMBERSHIP,
        granted=True,
        channel=ConsentChannel.POLICY_CHANGE,
    )


def member_consent_covers(*, member, versions: set[str]) -> bool:
    """Whether the member's latest membership consent names one of `versions`."""
    latest = (
        ConsentRecord.objects.filter(member=member, purpose=Purpose.MEMBERSHIP)
        .order_by("-recorded_at", "-id")
        .first()
    )
    return bool(latest and latest.granted and latest.policy_version in versions)


@transaction.atomic
def cookie_choice_record(*, member, statistics: bool, marketing: bool) -> None:
    """A member's cookie choice, one ledger row per purpose.

    The first answer is recorded even when it is a refusal (the ledger says what was asked and
    answered, as at sign-up); later answers go through consent_change, which skips repeats.
    """
    state = current_consents(member)
    for purpose, granted in zip(COOKIE_PURPOSES, (statistics, marketing), strict=True):
        if state.get(purpose) is None:
            consent_record(
                member=member,
                purpose=purpose,
                granted=granted,
                channel=ConsentChannel.COOKIE_BANNER,
            )
        else:
            consent_change(
                member=member,
                purpose=purpose,
                granted=granted,
                channel=ConsentChannel.COOKIE_BANNER,
            )
