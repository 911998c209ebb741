"""The access log's canonical form and its hashes and signatures (HMAC, ACCESS_LOG_HMAC_KEY):
of an entry, of a chain's head, of a checkpoint, and the keyed digest of a typed username."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

from privacy.accesslog.models import AccessLogCheckpoint

GENESIS_HASH = "0" * 64
# 1: entries written before issue 17 (the hash covers the reason's plaintext); 2: the hash covers
# the stored ciphertext of the reason, so verification needs no key and leaks nothing about it.
FORMAT_VERSION = 2
# Fields covered by the hash, in the canonical form's key order (keys are sorted anyway).
HASHED_FIELDS = (
    "chain",
    "seq",
    "at",
    "actor_id",
    "actor_role",
    "ip",
    "action",
    "subjects",
    "target_type",
    "target_id",
    "reason",
    "detail",
    "prev_hash",
)
# What the verifier reads of an entry (version decides how the reason is hashed).
VERIFIED_FIELDS = (*HASHED_FIELDS, "version", "hash", "mac")


def subjects_text(ids: Iterable[int | None]) -> str:
    """Canonical ",3,17,42,": sorted, unique, comma-delimited on both sides."""
    unique = sorted({int(i) for i in ids if i is not None})
    return f",{','.join(map(str, unique))}," if unique else ""


def utc_timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(values: dict) -> bytes:
    """The bytes an entry's hash covers: JSON of HASHED_FIELDS, keys sorted, no whitespace,
    UTF-8, time in UTC with microseconds, plus a format version. `detail` must hold only
    strings, integers, booleans, lists and objects (no floats) so it round-trips exactly."""
    doc = {name: values[name] for name in HASHED_FIELDS}
    doc["at"] = utc_timestamp(values["at"])
    doc["v"] = values.get("version") or 1
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(values: dict) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def _mac(*parts: object) -> str:
    key = settings.ACCESS_LOG_HMAC_KEY.encode()
    message = "|".join(str(p) for p in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def entry_mac(chain: str, hash_: str) -> str:
    return _mac("entry", chain, hash_)


def head_mac(chain: str, seq: int, hash_: str, at: datetime | None) -> str:
    """Covers the head's time too: a head moved to 2099 no longer verifies (issue 17)."""
    return _mac("head", 2, chain, seq, hash_, utc_timestamp(at) if at else "")


def legacy_head_mac(chain: str, seq: int, hash_: str) -> str:
    """The head's MAC before issue 17 (without its time), as processes on the previous code
    still write it during a deploy: trusted for seq and hash, never for the time."""
    return _mac("head", chain, seq, hash_)


def checkpoint_mac(cp: AccessLogCheckpoint) -> str:
    """Covers the checkpoint's number and the previous checkpoint's MAC: the checkpoints are a
    signed chain of their own, so one removed, rewritten or reordered breaks it."""
    return _mac(
        "checkpoint",
        2,
        cp.chain,
        cp.number,
        cp.kind,
        cp.seq,
        cp.hash,
        utc_timestamp(cp.created_at),
        cp.pruned,
        cp.prev_mac,
    )


def keyed_digest(text: str) -> str:
    """A keyed digest of a value that must be recognisable but not stored (a username typed at
    a failed sign-in is often a password typed into the wrong box)."""
    return _mac("username", text)[:32]
