import datetime

from allauth.socialaccount.models import SocialAccount
from django.db import transaction

from accounts.models import MemberSession, PendingSignup, User
from privacy.keys.datakeys import destroy_subject_keys

# A withdrawal's steps for the account (registered in accounts/privacy.py, run by
# privacy.withdrawal.runner.member_withdraw in its transaction).


def member_sessions_end(*, member: User, now: datetime.datetime) -> None:
    """Every session of the member ends: each device is signed out."""
    MemberSession.objects.filter(user_id=member.pk).delete()


def member_kakao_unlink(*, member: User, now: datetime.datetime) -> None:
    """The sign-in link goes now, so the person can join again at once as a new member."""
    SocialAccount.objects.filter(user_id=member.pk).delete()


def member_mark_withdrawn(*, member: User, now: datetime.datetime) -> None:
    """The account is marked withdrawn (every withdrawal clock starts here), its name, phone
    and phone index blanked; privacy.retention.engine deletes the row."""
    User.objects.filter(pk=member.pk).update(
        withdrawn_at=now, is_active=False, name="", phone="", phone_index=""
    )


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
