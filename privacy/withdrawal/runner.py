"""회원 탈퇴, run: every app's registered steps in one transaction, then the rows deleted."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from privacy.retention.engine import destroy_accounts
from privacy.withdrawal.registry import withdrawal_registry

logger = logging.getLogger(__name__)


def member_withdraw(*, member, now: datetime.datetime | None = None, handler: str = "") -> None:
    """회원 탈퇴: the member's data is destroyed at once (privacy policy: 회원 탈퇴 시 즉시 파기).

    The one destruction path: the member's own withdrawal (accounts) and a completed deletion
    request (privacy.rights) both come here.

    Two steps. The first transaction runs every registered step, stage by stage
    (privacy.withdrawal.registry.Stage), and does what must never be half-done: records the
    policy keeps (지원 내역, 입사 제안: 5 years) are copied to the separate retention store under
    a key of their own, then the member's data key is destroyed (crypto-shredding: from this
    commit on no copy of their ciphertext, backups included, can be read), every session, each
    engagement and each queued message end and the Kakao unlink call is queued, the usage
    records' 3-month clock starts, the Kakao link goes, and the account is marked
    withdrawn with its name, phone and phone index blanked; a step that fails undoes them all.
    The second deletes the rows, by the retention registry (privacy.retention.engine); if it is
    interrupted, the marked account is due and the daily destruction job finishes it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        for step in withdrawal_registry.steps():
            step.run(member=member, now=now)
    try:
        # `handler`: the staff member who completed a deletion request, for the 파기 대장's 처리
        # 담당자 (masked); blank for the member's own withdrawal.
        destroy_accounts(account_ids=[member.pk], now=now, handler=handler)
    except Exception:
        logger.exception("withdrawal of account %s: rows left to the daily destruction", member.pk)
