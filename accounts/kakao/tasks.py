"""The withdrawal Kakao's unlink callback asked for, run outside the callback's 3 seconds
(listed in CELERY_IMPORTS): a task queued when the callback commits, and a sweep over the
notices still owed, for a task that was lost."""

import datetime

from celery import shared_task
from django.utils import timezone

# A notice this old with its member not withdrawn had its task lost (or failed): the sweep runs
# it. Younger ones are left to their own task.
OWED_AFTER = datetime.timedelta(minutes=2)


def _withdraw(account_id: int) -> bool:
    from accounts.models import KakaoUnlinkNotice, User
    from privacy.withdrawal.runner import member_withdraw

    if not KakaoUnlinkNotice.objects.filter(user_id=account_id).exists():
        return False  # done already (the withdrawal deleted the account and its notice)
    member = User.objects.filter(pk=account_id, withdrawn_at=None).first()
    if member is None:
        return False  # withdrawn meanwhile, or a redelivery
    member_withdraw(member=member)
    return True


@shared_task(name="accounts.kakao.withdraw_after_unlink")
def withdraw_after_kakao_unlink(account_id: int, referrer_type: str) -> bool:
    return _withdraw(account_id)


@shared_task(name="accounts.kakao.withdraw_owed")
def withdraw_owed(now: str | None = None) -> int:
    """Every withdrawal an unlink callback asked for whose task never ran it."""
    from accounts.models import KakaoUnlinkNotice

    moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
    owed = KakaoUnlinkNotice.objects.filter(
        received_at__lt=moment - OWED_AFTER, user__withdrawn_at=None
    ).values_list("user_id", flat=True)
    return sum(_withdraw(account_id) for account_id in list(owed[:500]))
