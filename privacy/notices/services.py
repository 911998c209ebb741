"""Writes: publishing a policy version, keeping the entrustment table, notices, the
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
from privacy.notices.models import Entrustment, Notice, NoticeKind, PolicyVersion
from privacy.notices.selectors import policy_timeline_forget
from privacy.notices.signals import policy_version_published

# 개인정보처리방침 (개인정보 처리방침 변경): "변경 사항의 시행 7일 전부터 공지사항을 통하여 고지".
NOTICE_DAYS = 7

ENTRUSTMENT_FIELDS = ("trustee", "task", "retention")


def policy_earliest_effective_date(now: datetime.datetime) -> datetime.date:
    """Published on day D (KST), a change may take effect on D + 7 at the earliest."""
    return timezone.localdate(now) + datetime.timedelta(days=NOTICE_DAYS)


def policy_effective_date_errors(
    effective_date: datetime.date, *, now: datetime.datetime
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
    latest = PolicyVersion.objects.order_by("-effective_date").first()
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
    """Publish a version and announce it on the notice board, from this moment on."""
    now = now or timezone.now()
    errors = policy_effective_date_errors(effective_date, now=now)
    if errors:
        raise ValidationError({"effective_date": errors})
    policy = PolicyVersion.objects.create(
        version=version,
        effective_date=effective_date,
        published_at=now,
        summary=summary,
        text=text,
        reconsent_required=reconsent_required,
    )
    day = date_format(effective_date, "Y년 n월 j일")
    body = f"개인정보처리방침이 {day}부터 바뀌어요.\n\n{summary}"
    if reconsent_required:
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


def notice_publish(*, title: str, body: str) -> Notice:
    return Notice.objects.create(title=title, body=body, kind=NoticeKind.GENERAL)


def _entrustment_line(entrustment: Entrustment) -> str:
    return (
        f"수탁자: {entrustment.trustee} / 위탁 업무: {entrustment.task} / "
        f"보유 및 이용기간: {entrustment.retention}"
    )


def _announce_entrustment(title: str, body: str) -> Notice:
    # 처리방침: "위탁 업무의 내용이나 수탁자가 변경될 경우에는 지체 없이 … 공개".
    return Notice.objects.create(
        title=title,
        body=body + "\n\n자세한 내용은 개인정보처리방침의 ‘개인정보 처리 위탁’에서 볼 수 있어요.",
        kind=NoticeKind.ENTRUSTMENT,
    )


@transaction.atomic
def entrustment_save(*, entrustment: Entrustment) -> Entrustment:
    """Add or change a row of the entrustment table and announce it on the notice board."""
    previous = (
        Entrustment.objects.select_for_update().filter(pk=entrustment.pk).first()
        if entrustment.pk
        else None
    )
    entrustment.updated_at = timezone.now()
    entrustment.save()
    if previous is None:
        _announce_entrustment(
            f"개인정보 처리 위탁 추가 안내 ({entrustment.trustee})",
            "다음 업무를 새로 위탁해요.\n" + _entrustment_line(entrustment),
        )
    elif any(getattr(previous, f) != getattr(entrustment, f) for f in ENTRUSTMENT_FIELDS):
        _announce_entrustment(
            f"개인정보 처리 위탁 변경 안내 ({entrustment.trustee})",
            "위탁 내용이 바뀌었어요.\n이전: "
            + _entrustment_line(previous)
            + "\n변경: "
            + _entrustment_line(entrustment),
        )
    return entrustment


@transaction.atomic
def entrustment_end(*, entrustment: Entrustment) -> None:
    """Remove a row (the entrustment ended) and announce it."""
    line = _entrustment_line(entrustment)
    trustee = entrustment.trustee
    entrustment.delete()
    _announce_entrustment(
        f"개인정보 처리 위탁 종료 안내 ({trustee})", "다음 업무의 위탁을 끝냈어요.\n" + line
    )


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
