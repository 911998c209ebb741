"""The blind index: equality lookups (a phone number) without the plaintext.

HMAC-SHA256 under a blind-index key of its own (BLIND_INDEX_KEYS="epoch1:base64,...", first
current; not derived from the master keys), stored as "<epoch>$<hex>"; lookups compute it under
every configured epoch so they keep working while `rotate_blind_index` recomputes the rows.
Values written before epochs existed ("<master kid>$<hex>", keyed by HKDF of the master key)
stay matchable until recomputed.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from privacy.keys.masters import MasterKey, master_keys, parse_keys

BLIND_INDEX_INFO = b"lifemento blind index v1"


# --- Blind index ----------------------------------------------------------------------------
# Its own keys, not the master keys': the phone range (010-XXXX-XXXX) is about 10^8 values, so
# whoever holds the index key can invert every stored index in minutes. A separate key can be
# held by fewer places than the master keys (which every process that reads personal data
# needs) and rotated by epochs without re-wrapping a single data key: a new epoch goes first in
# BLIND_INDEX_KEYS, `manage.py rotate_blind_index` recomputes every row from its decrypted
# source field (an index cannot be recomputed any other way), then the old epoch is removed.


@dataclass(frozen=True)
class BlindIndexKey:
    epoch: str
    key: bytes


def parse_blind_index_keys(raw: list[str] | str) -> list[BlindIndexKey]:
    """BLIND_INDEX_KEYS: "epoch:base64key" items, first current. Raises on a bad entry."""
    return [BlindIndexKey(epoch, key) for epoch, key in parse_keys(raw, "BLIND_INDEX_KEYS")]


def blind_index_keys() -> list[BlindIndexKey]:
    return _parsed_index_keys(tuple(settings.BLIND_INDEX_KEYS), tuple(k.kid for k in master_keys()))


@cache
def _parsed_index_keys(raw: tuple[str, ...], master_kids: tuple[str, ...]) -> list[BlindIndexKey]:
    keys = parse_blind_index_keys(list(raw))
    # A stored value names its epoch, and legacy values name a master key id: the two must
    # never be confused.
    shared = sorted({k.epoch for k in keys} & set(master_kids))
    if shared:
        raise ImproperlyConfigured(
            f"BLIND_INDEX_KEYS: epoch {shared[0]!r} is also a master key id in "
            "FIELD_ENCRYPTION_KEYS; give the blind-index epoch another name."
        )
    return keys


def current_blind_index_key() -> BlindIndexKey:
    return blind_index_keys()[0]


def _hmac_hex(key: bytes, normalized: str) -> str:
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def blind_index(normalized: str, key: BlindIndexKey | None = None) -> str:
    """The index to store: under the current epoch, whose key this process has checked against
    its canary (so a wrong key never indexes a row); or under `key` (lookups)."""
    if key is None:
        key = current_blind_index_key()
        _verify_blind_index_key(key)
    return f"{key.epoch}${_hmac_hex(key.key, normalized)}"


@cache
def _index_key(kid: str, key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=BLIND_INDEX_INFO).derive(key)


def legacy_blind_index(normalized: str, kek: MasterKey) -> str:
    """The index as written before BLIND_INDEX_KEYS: keyed from the master key, "<kid>$<hex>".
    Only matched, never written; `rotate_blind_index` replaces such values."""
    return f"{kek.kid}${_hmac_hex(_index_key(kek.kid, kek.key), normalized)}"


def blind_index_candidates(normalized: str) -> list[str]:
    """The index under every configured epoch, and in the legacy form under every master key:
    lookups keep working while rows are recomputed."""
    return [blind_index(normalized, key) for key in blind_index_keys()] + [
        legacy_blind_index(normalized, kek) for kek in master_keys()
    ]


def _verify_blind_index_key(key: BlindIndexKey) -> None:
    from privacy.keys import canaries

    canaries.verify_blind_index_key(key)
