"""Queue, claim and send Kakao unlink calls.

A withdrawal writes the row (kakao_unlink_queue, a withdrawal step) and never calls Kakao: a
slow or failing Kakao cannot hold up or undo a withdrawal. After the commit a task sends it,
and the sweep (every minute, from beat) sends whatever is due: a row whose task was lost, a
retry whose backoff ended, a claim whose worker died.

A row is claimed by a conditional update (PENDING → SENDING with a fresh token), so two
sweeps never send the same row at the same moment; a result is recorded only under the token
that claimed it. Unlink is idempotent at Kakao: a second call for an id no longer linked
answers -101 (not linked to the app), which counts as done, as does -103 (no such Kakao
account, e.g. it was deleted)."""

from __future__ import annotations

import datetime
import logging
import uuid

import requests
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from messaging.models import KakaoUnlink, UnlinkState

logger = logging.getLogger(__name__)

# Kakao's error codes that mean "this id is not linked to the app (any more)".
NOT_LINKED_CODES = frozenset({-101, -103})
# A SENDING claim older than this belongs to a worker that died mid-call: claimable again.
CLAIM_STALE = datetime.timedelta(minutes=5)
# Backoff: 30 s, 1 min, 2 min, … capped below the broker's visibility timeout (and at the
# tasks' own backoff cap), so a retry never outlives its delivery.
FIRST_BACKOFF = datetime.timedelta(seconds=30)
SWEEP_BATCH = 100


def backoff_for(attempts: int) -> datetime.timedelta:
    cap = datetime.timedelta(
        seconds=min(
            settings.CELERY_TASK_RETRY_BACKOFF_MAX, settings.CELERY_BROKER_VISIBILITY_TIMEOUT
        )
    )
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), cap)


def kakao_unlink_queue(*, member, now: datetime.datetime) -> list[int]:
    """Withdrawal step (Stage.END): an unlink row for each Kakao link the member still has.

    A member whose link Kakao itself ended (the unlink callback deletes it first) has none, so
    Kakao is not called back for an unlink it told us about."""
    rows = [
        KakaoUnlink.objects.create(kakao_id=uid, created_at=now, not_before=now)
        for uid in SocialAccount.objects.filter(user_id=member.pk, provider="kakao").values_list(
            "uid", flat=True
        )
    ]
    pks = [row.pk for row in rows]
    if pks:
        transaction.on_commit(lambda: _send_soon(pks))
    return pks


def _send_soon(pks: list[int]) -> None:
    from messaging.kakao_unlink.tasks import kakao_unlink_send

    for pk in pks:
        try:
            kakao_unlink_send.delay(pk)
        except Exception:
            # The broker is away: the sweep sends it.
            logger.warning("kakao unlink %s: not handed to a worker; the sweep sends it", pk)


def _claimable(now: datetime.datetime) -> Q:
    return Q(state=UnlinkState.PENDING, not_before__lte=now) | Q(
        state=UnlinkState.SENDING, claimed_at__lt=now - CLAIM_STALE
    )


def kakao_unlink_claim(pk: int, *, now: datetime.datetime) -> uuid.UUID | None:
    token = uuid.uuid4()
    claimed = (
        KakaoUnlink.objects.filter(_claimable(now), pk=pk)
        .exclude(kakao_id="")
        # The claim's own moment, not the sweep's: a long sweep's last rows must not look stale
        # to the next sweep while this one is still calling Kakao for them.
        .update(state=UnlinkState.SENDING, claim_token=token, claimed_at=max(now, timezone.now()))
    )
    return token if claimed else None


def _call_kakao(kakao_id: str) -> tuple[bool, str, str]:
    """(done, code, message) of one call; raises nothing."""
    try:
        response = requests.post(
            f"{settings.KAKAO_API_BASE_URL}/v1/user/unlink",
            headers={"Authorization": f"KakaoAK {settings.KAKAO_ADMIN_KEY}"},
            data={"target_id_type": "user_id", "target_id": kakao_id},
            timeout=settings.SOCIALACCOUNT_REQUESTS_TIMEOUT,
        )
    except requests.RequestException as error:
        return False, "network", type(error).__name__
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    if response.status_code == 200 and str(body.get("id", "")) == kakao_id:
        return True, "0", "unlinked"
    code = body.get("code")
    message = str(body.get("msg", ""))[:200]
    if isinstance(code, int) and code in NOT_LINKED_CODES:
        return True, str(code), message or "not linked"
    return False, str(code if code is not None else response.status_code), message


def kakao_unlink_send(pk: int, *, now: datetime.datetime | None = None) -> bool:
    """Claim the row, call Kakao once, record the result: True when the link is gone."""
    now = now or timezone.now()
    token = kakao_unlink_claim(pk, now=now)
    if token is None:
        return False
    kakao_id = KakaoUnlink.objects.values_list("kakao_id", flat=True).get(pk=pk)
    if SocialAccount.objects.filter(provider="kakao", uid=kakao_id).exists():
        # The person joined again with the same Kakao account while this call waited (Kakao
        # was failing): unlinking now would cut the new member off. The old account's link
        # went with its withdrawal; nothing is owed to Kakao any more.
        done, code, message = True, "relinked", "다시 가입한 회원이 같은 카카오계정을 쓰고 있어요"
    else:
        done, code, message = _call_kakao(kakao_id)
    claim = KakaoUnlink.objects.filter(pk=pk, claim_token=token, state=UnlinkState.SENDING)
    finished = timezone.now()
    if done:
        claim.update(
            state=UnlinkState.DONE,
            kakao_id="",  # no longer needed: the one purpose it was kept for is served
            done_at=finished,
            result_code=code,
            result_message=message,
            claim_token=None,
        )
        return True
    row = KakaoUnlink.objects.filter(pk=pk).values_list("attempts", flat=True).first() or 0
    claim.update(
        state=UnlinkState.PENDING,
        attempts=row + 1,
        not_before=finished + backoff_for(row + 1),
        result_code=code,
        result_message=message,
        claim_token=None,
        claimed_at=None,
    )
    logger.warning("kakao unlink %s failed (%s); retried after backoff", pk, code)
    return False


def kakao_unlink_sweep(*, now: datetime.datetime | None = None) -> int:
    """Send every due row; the number whose link is now gone."""
    now = now or timezone.now()
    due = list(
        KakaoUnlink.objects.filter(_claimable(now))
        .exclude(kakao_id="")
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(kakao_unlink_send(pk, now=now) for pk in due)
