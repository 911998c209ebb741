"""A chain's head: locked by every write, installed once (refused when the log was wiped),
trusted for its time only when signed; and the daily checkpoint of every chain's head."""

from __future__ import annotations

import hmac
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction

from privacy.accesslog import witness
from privacy.accesslog.checkpoints import record_checkpoint
from privacy.accesslog.hashing import GENESIS_HASH, head_mac, legacy_head_mac
from privacy.accesslog.models import (
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogCheckpointKind,
    AccessLogEntry,
    AccessLogHead,
)

logger = logging.getLogger(__name__)


class AccessLogBroken(Exception):
    """The chain's head is missing while entries exist: appending would fork the chain."""


def locked_head(chain: str) -> AccessLogHead:
    """The chain's head row, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite
    has a single writer). The unique (chain, seq) constraint is the backstop either way."""
    head = _select_for_update(chain)
    if head is not None:
        return head
    # No head: either the chain was never installed, or its head was deleted (with or without
    # everything else). Entries or checkpoints already there mean the head was deleted, and
    # records of this chain in the witness mean the whole log was wiped or rewound: starting
    # again at 1 would hide that, so refuse (the database refuses such an INSERT too).
    # Each refusal looks at the head once more first: another process may have installed the
    # chain (and appended, and been witnessed) since the look above.
    if (
        AccessLogEntry.objects.filter(chain=chain).exists()
        or AccessLogCheckpoint.objects.filter(chain=chain).exists()
    ):
        if (head := _installed_meanwhile(chain)) is not None:
            return head
        raise AccessLogBroken(
            f"접속기록 체인({chain})의 끝 기록이 없어요. "
            "기록을 멈추고 verify_access_log로 확인하세요."
        )
    if _witnessed_numbers(chain):
        if (head := _installed_meanwhile(chain)) is not None:
            return head
        raise AccessLogBroken(
            f"접속기록 체인({chain})이 데이터베이스에서 비었는데 외부 증인 저장소에는 "
            "기록이 있어요 (전체 삭제 또는 백업으로 되돌림). "
            "기록을 멈추고 verify_access_log로 확인하세요."
        )
    head = AccessLogHead(
        chain=chain, seq=0, hash=GENESIS_HASH, mac=head_mac(chain, 0, GENESIS_HASH, None)
    )
    try:
        with transaction.atomic():
            head.save(force_insert=True)
    except IntegrityError:  # another process started the chain first: wait for its head
        return AccessLogHead.objects.select_for_update().get(chain=chain)
    except DatabaseError as error:  # the install-only trigger: rows appeared meanwhile
        # Usually another process installed the chain and appended between our look and our
        # INSERT (its rows are what the trigger saw): then its head is there to wait for.
        if (head := _installed_meanwhile(chain)) is not None:
            return head
        raise AccessLogBroken(f"접속기록 체인({chain})을 새로 시작할 수 없어요: {error}") from error
    # The installation record: from its day on, a daily checkpoint is due every day.
    record_checkpoint(chain=chain, kind=AccessLogCheckpointKind.INSTALL, seq=0, hash_=GENESIS_HASH)
    return head


_SELECT_FOR_UPDATE = (
    "SELECT chain, seq, hash, at, mac FROM privacy_accessloghead WHERE chain = %s FOR UPDATE"
)


def _select_for_update(chain: str) -> AccessLogHead | None:
    """The head row, locked. On PostgreSQL one prepared statement without the ORM's compiling,
    since every append starts here (the same query the ORM would write)."""
    if connection.vendor != "postgresql":
        return AccessLogHead.objects.select_for_update().filter(chain=chain).first()
    with connection.cursor() as cursor:
        cursor.execute(_SELECT_FOR_UPDATE, [chain])
        row = cursor.fetchone()
    if row is None:
        return None
    return AccessLogHead.from_db(connection.alias, ["chain", "seq", "hash", "at", "mac"], row)


def _installed_meanwhile(chain: str) -> AccessLogHead | None:
    return AccessLogHead.objects.select_for_update().filter(chain=chain).first()


def _witnessed_numbers(chain: str) -> set[int]:
    """Checkpoint numbers of `chain` in the witness; empty when none is configured. Raises
    AccessLogBroken when it cannot be read."""
    backend = witness.configured()
    if backend is None:
        return set()
    try:
        return set(backend.numbers(chain))
    except witness.WitnessError as error:
        # Installing blind would let a wiped log start again at 1 unseen: wait for the witness
        # (this happens once per chain; appends to an installed chain never ask it).
        logger.error("access log witness unreadable while installing chain %s: %s", chain, error)
        raise AccessLogBroken(
            f"접속기록 체인({chain})을 시작하기 전에 외부 보관 사본을 읽을 수 없어요. "
            "ACCESS_LOG_WITNESS 설정과 저장소 연결을 확인하세요."
        ) from error


def head_time(head: AccessLogHead, now: datetime) -> datetime | None:
    """The head's time if it may be trusted: signed (with its time) and not beyond the clock
    plus ACCESS_LOG_CLOCK_SKEW_SECONDS; otherwise the append uses the clock. A head signed by
    the previous code (seq and hash only) is trusted for those, not for its time; a signed head
    beyond the clock is logged; a head whose signature fails (edited in the database) is an
    alert: logged, and a numbered, signed alert checkpoint the verifier reports from then on."""
    if head.at is None:
        return None
    skew = timedelta(seconds=settings.ACCESS_LOG_CLOCK_SKEW_SECONDS)
    signed = hmac.compare_digest(head.mac, head_mac(head.chain, head.seq, head.hash, head.at))
    if signed and head.at <= now + skew:
        return head.at
    if not signed and hmac.compare_digest(
        head.mac, legacy_head_mac(head.chain, head.seq, head.hash)
    ):
        return None
    if signed:
        # Signed by the application itself, so a server whose clock ran ahead: said loudly,
        # and while it lasts the verifier fails on it; nothing was forged, so no alert stays.
        logger.error(
            "access log head of chain %s is beyond the clock (head time %s, clock %s): "
            "appending at the clock's time",
            head.chain,
            head.at.isoformat(),
            now.isoformat(),
        )
        return None
    logger.error(
        "access log head of chain %s fails its signature (head time %s, clock %s): "
        "appending at the clock's time, alert checkpoint recorded",
        head.chain,
        head.at.isoformat(),
        now.isoformat(),
    )
    record_checkpoint(
        chain=head.chain, kind=AccessLogCheckpointKind.ALERT, seq=head.seq, hash_=head.hash
    )
    return None


@transaction.atomic
def access_log_checkpoint() -> list[AccessLogCheckpoint]:
    """The daily checkpoint: each chain's head (seq, hash), HMAC-signed."""
    checkpoints = []
    for chain in AccessLogChain.values:
        head = locked_head(chain)
        checkpoints.append(
            record_checkpoint(
                chain=chain, kind=AccessLogCheckpointKind.DAILY, seq=head.seq, hash_=head.hash
            )
        )
    return checkpoints
