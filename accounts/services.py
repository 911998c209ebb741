import datetime
import logging

from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils import timezone

from accounts.models import MemberSession, PendingSignup, User
from privacy.keys.datakeys import destroy_subject_keys
from privacy.retention.engine import destroy_accounts
from privacy.retention.store import retention_store_on_withdrawal
from usage.services import usage_mark_withdrawn

logger = logging.getLogger(__name__)


def member_withdraw(*, member: User, now: datetime.datetime | None = None) -> None:
    """회원 탈퇴: the member's data is destroyed at once (privacy policy: 회원 탈퇴 시 즉시 파기).

    Two steps. The first transaction does what must never be half-done: records the policy
    keeps (지원 내역, 입사 제안: 5 years) are copied to the separate retention store under a
    key of their own, then the member's data key is destroyed (crypto-shredding: from this
    commit on no copy of their ciphertext, backups included, can be read), every session and
    the Kakao link end, the usage records' 3-month clock starts, and the account is marked
    withdrawn with its name, phone and phone index blanked. The second deletes the rows, by
    the retention registry (privacy.retention.engine); if it is interrupted, the marked account is
    due and the daily destruction job finishes it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        retention_store_on_withdrawal(member=member, now=now)
        destroy_subject_keys(member.subject)
        MemberSession.objects.filter(user_id=member.pk).delete()
        # The sign-in link goes now, so the person can join again at once as a new member.
        SocialAccount.objects.filter(user_id=member.pk).delete()
        usage_mark_withdrawn(member_id=member.pk, now=now)
        User.objects.filter(pk=member.pk).update(
            withdrawn_at=now, is_active=False, name="", phone="", phone_index=""
        )
    try:
        destroy_accounts(account_ids=[member.pk], now=now)
    except Exception:
        logger.exception("withdrawal of account %s: rows left to the daily destruction", member.pk)


def pending_signup_joined(*, subject) -> None:
    """The pending sign-up became a member: its data key is theirs now, shredded only when
    they withdraw. Same transaction as the account's creation (accounts.adapters)."""
    PendingSignup.objects.filter(subject=subject).delete()


@transaction.atomic
def pending_signup_abandon(*, subject) -> None:
    """The person refused the consent: the key that sealed what Kakao told us goes at once,
    so a copy of the session taken before opens to nothing personal. Never a member's key."""
    if User.objects.filter(subject=subject).exists():
        return
    destroy_subject_keys(subject)
    PendingSignup.objects.filter(subject=subject).delete()
