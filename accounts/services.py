from django.db import transaction

from accounts.models import MemberSession, User


@transaction.atomic
def member_withdraw(*, member: User) -> None:
    """회원 탈퇴: destroy the member's data at once, in one transaction.

    Privacy policy, 회원가입 row: 회원 탈퇴 시 즉시 파기. Deleting the account cascades to
    everything keyed to it (Kakao link, consent ledger, and the domain data later issues add);
    sessions are not keyed by a foreign key, so they are deleted here explicitly. Nothing is
    kept for now: the retention store for application records comes with recruiting.
    """
    MemberSession.objects.filter(user_id=member.pk).delete()
    member.delete()
