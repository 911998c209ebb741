"""A chain's numbered, signed checkpoints, and their copies in the external witness."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from privacy.accesslog import witness
from privacy.accesslog.hashing import checkpoint_mac, utc_timestamp
from privacy.accesslog.models import AccessLogChain, AccessLogCheckpoint, AccessLogHead

logger = logging.getLogger(__name__)


def record_checkpoint(*, chain: str, kind: str, seq: int, hash_: str, pruned: int = 0):
    """The next numbered checkpoint of `chain`, signing the previous one. Callers hold the
    chain's head lock, so numbers are handed out one at a time (the unique constraint on
    (chain, number) is the backstop). The witness gets its copy once the transaction commits."""
    previous = (
        AccessLogCheckpoint.objects.filter(chain=chain)
        .order_by("-number")
        .values_list("number", "mac")
        .first()
    )
    checkpoint = AccessLogCheckpoint(
        chain=chain,
        kind=kind,
        seq=seq,
        hash=hash_,
        created_at=timezone.now(),
        pruned=pruned,
        number=previous[0] + 1 if previous else 1,
        prev_mac=previous[1] if previous else "",
    )
    checkpoint.mac = checkpoint_mac(checkpoint)
    checkpoint.save(force_insert=True)
    transaction.on_commit(_witness_after_commit, robust=True)
    return checkpoint


def _witness_after_commit() -> None:
    access_log_witness_sync()


@dataclass
class WitnessSync:
    written: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)


def witness_record(cp: AccessLogCheckpoint, head: dict | None) -> dict:
    """What the witness keeps of a checkpoint: all of it, signed, and the chain head as it was
    when the record was written (also signed, with its time)."""
    return {
        "format": 1,
        "chain": cp.chain,
        "number": cp.number,
        "kind": cp.kind,
        "seq": cp.seq,
        "hash": cp.hash,
        "created_at": utc_timestamp(cp.created_at),
        "pruned": cp.pruned,
        "prev_mac": cp.prev_mac,
        "mac": cp.mac,
        "head": None
        if head is None
        else {
            "seq": head["seq"],
            "hash": head["hash"],
            "at": utc_timestamp(head["at"]) if head["at"] else "",
            "mac": head["mac"],
        },
        "written_at": utc_timestamp(timezone.now()),
    }


def access_log_witness_sync() -> WitnessSync:
    """Write to the witness every checkpoint it does not hold yet, oldest first. A write that
    fails leaves the checkpoint in the database, blocks nothing, and is retried by the next
    call (after each checkpoint, and by the daily jobs); the verifier reports what is pending."""
    result = WitnessSync()
    backend = witness.configured()
    if backend is None:
        return result
    for chain in AccessLogChain.values:
        try:
            held = set(backend.numbers(chain))
        except witness.WitnessError as error:
            result.errors.append(f"{chain}: {error}")
            result.pending += AccessLogCheckpoint.objects.filter(chain=chain).count()
            logger.warning("access log witness unreadable (chain %s): %s", chain, error)
            continue
        missing = list(
            AccessLogCheckpoint.objects.filter(chain=chain)
            .exclude(number__in=held)
            .order_by("number")
        )
        if not missing:
            continue
        head = AccessLogHead.objects.filter(chain=chain).values("seq", "hash", "at", "mac").first()
        for position, cp in enumerate(missing):
            try:
                backend.put(
                    witness.record_name(chain, cp.number),
                    json.dumps(witness_record(cp, head), sort_keys=True).encode(),
                    same=lambda existing, cp=cp: json.loads(existing).get("mac") == cp.mac,
                )
            except witness.WitnessError as error:
                result.errors.append(f"{chain} #{cp.number}: {error}")
                result.pending += len(missing) - position
                logger.warning(
                    "access log witness write failed (chain %s, checkpoint %s): %s",
                    chain,
                    cp.number,
                    error,
                )
                break
            result.written += 1
    return result
