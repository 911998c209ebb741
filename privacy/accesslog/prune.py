"""The end of retention: entries past their period deleted, a prefix of a chain at a time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from privacy.accesslog.checkpoints import record_checkpoint
from privacy.accesslog.head import locked_head
from privacy.accesslog.models import (
    AccessLogChain,
    AccessLogCheckpointKind,
    AccessLogEntry,
    AccessLogPruneAllowance,
    AccessLogSubject,
)

PG_PRUNE_SETTING = "lifemento.access_log_prune_before"


def retention_days(chain: str) -> int:
    if chain == AccessLogChain.PERMISSION:
        return settings.ACCESS_LOG_PERMISSION_RETENTION_DAYS
    return settings.ACCESS_LOG_RETENTION_DAYS


@contextmanager
def _prune_allowance(before: datetime) -> Iterator[None]:
    """Let the delete triggers pass rows older than `before`, for this transaction only. The
    triggers still refuse anything younger than 365 days, whatever the allowance says."""
    if not connection.in_atomic_block:
        raise RuntimeError("the prune allowance must be used inside a transaction")
    # Withdrawn again at the end; when the block failed, the transaction is rolled back,
    # which withdraws it (and no query may run before that).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config(%s, %s, true)", [PG_PRUNE_SETTING, before.isoformat()]
            )
            try:
                yield
            finally:
                if not connection.needs_rollback:
                    cursor.execute("SELECT set_config(%s, '', true)", [PG_PRUNE_SETTING])
    else:
        allowance = AccessLogPruneAllowance.objects.create(before=before)
        try:
            yield
        finally:
            if not connection.needs_rollback:
                AccessLogPruneAllowance.objects.filter(pk=allowance.pk).delete()


@transaction.atomic
def access_log_prune(*, now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Delete entries past their retention period (access 2 years, permissions 3 years).

    Only a prefix of a chain is ever cut, and a signed checkpoint at the last removed entry is
    recorded first, so verification starts from it and still covers everything kept.

    With `limit`, at most that many entries per chain go: a shorter prefix, with its own prune
    checkpoint, so each bounded call leaves a chain that verifies and the next call carries on
    from there (the daily job prunes this way, one batch per transaction).
    """
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    now = now or timezone.now()
    removed: dict[str, int] = {}
    for chain in AccessLogChain.values:
        cutoff = now - timedelta(days=retention_days(chain))
        head = locked_head(chain)
        first_kept = (
            AccessLogEntry.objects.filter(chain=chain, at__gte=cutoff)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        last_removed = first_kept - 1 if first_kept is not None else head.seq
        doomed = AccessLogEntry.objects.filter(chain=chain, seq__lte=last_removed)
        if limit is not None:
            bound = list(doomed.order_by("seq").values_list("seq", flat=True)[limit - 1 : limit])
            if bound:
                last_removed = bound[0]
                doomed = doomed.filter(seq__lte=last_removed)
        count = doomed.count()
        if not count:
            removed[chain] = 0
            continue
        last = AccessLogEntry.objects.get(chain=chain, seq=last_removed)
        record_checkpoint(
            chain=chain,
            kind=AccessLogCheckpointKind.PRUNE,
            seq=last.seq,
            hash_=last.hash,
            pruned=count,
        )
        with _prune_allowance(cutoff):
            # The index rows first: the database's foreign key would refuse the entries
            # while their rows remain.
            AccessLogSubject.objects.filter(entry__in=doomed.values("pk")).delete()
            removed[chain], _ = doomed.delete()
    return removed
