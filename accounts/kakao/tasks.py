"""The withdrawal Kakao's unlink callback asked for, run outside the callback's 3 seconds
(listed in CELERY_IMPORTS)."""

from celery import shared_task


@shared_task(name="accounts.kakao.withdraw_after_unlink")
def withdraw_after_kakao_unlink(account_id: int, referrer_type: str) -> bool:
    from accounts.models import User
    from privacy.withdrawal.runner import member_withdraw

    member = User.objects.filter(pk=account_id, withdrawn_at=None).first()
    if member is None:
        return False  # withdrawn meanwhile, or a redelivery
    member_withdraw(member=member)
    return True
