from django.db import transaction

from accounts.models import MemberSession, User
from privacy.crypto import destroy_subject_keys
from retention.store import retention_store_on_withdrawal
from usage.services import usage_mark_withdrawn


@transaction.atomic
def member_withdraw(*, member: User) -> None:
    """회원 탈퇴: destroy the member's data at once, in one transaction.

    Privacy policy, 회원가입 row: 회원 탈퇴 시 즉시 파기. Deleting the account cascades to
    everything keyed to it (Kakao link, consent ledger, and the domain data later issues add);
    sessions are not keyed by a foreign key, so they are deleted here explicitly, and the
    member's data key is destroyed (crypto-shredding). What the policy keeps after
    withdrawal (지원 내역, 입사 제안: 5 years) is first copied to the separate retention store
    under a key of its own (retention.store); usage records start their 3-month clock.
    """
    # Keys first: once the data key is gone, no copy of the member's ciphertext (backups,
    # replicas, dead tuples) can be read again, whatever happens to the rows below.
    # 분리 보관 first: records the policy keeps 5 years move to the retention store under a key
    # of their own, while the member's key can still read them.
    retention_store_on_withdrawal(member=member)
    destroy_subject_keys(member.subject)
    MemberSession.objects.filter(user_id=member.pk).delete()
    usage_mark_withdrawn(member_id=member.pk)  # 서비스 이용기록: kept 3 months at most
    member.delete()
