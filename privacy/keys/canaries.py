"""Canaries: a check value per key from the environment, so a key id with other bytes is refused.

Why (issue 17): the right key id with the wrong bytes used to start fine. Every personal page
then failed, phone look-ups matched nobody, and, worst, the data keys of members who joined
meanwhile were wrapped under the wrong key and were lost once the right key was back.

So each key from the environment (a master key of FIELD_ENCRYPTION_KEYS, a blind-index epoch
of BLIND_INDEX_KEYS) has a canary in privacy.KeyCanary: a known value sealed (AES-GCM) under
the master key, or an HMAC under the blind-index key, written the first time the key is seen.
A master key first seen with data keys already wrapped under its id (installations older than
the canaries) must first unwrap one of them; a blind-index epoch that already indexes rows
must first reproduce one row's index from its decrypted source.

Checked before a data key is wrapped or a row is indexed (privacy.keys.datakeys.wrap,
privacy.keys.blind_index.blind_index), once per process and key: a start with a wrong key is
refused before any write.
Every key at once, at start and in the system check: privacy.keys.keyguard.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction

from privacy.keys.blind_index import BlindIndexKey, blind_index
from privacy.keys.datakeys import WRAP_AAD, WRAP_V2, wrap_aad
from privacy.keys.errors import DecryptionFailed, KeyMismatch
from privacy.keys.masters import NONCE_BYTES, MasterKey

logger = logging.getLogger(__name__)

CANARY_PLAINTEXT = b"lifemento key canary v1"
PROOF_ROWS = 20  # rows tried when a blind-index epoch without a canary must prove its key


@dataclass(frozen=True)
class Problem:
    code: str  # the system check id
    kid: str
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.message} {self.hint}"


def _aad(kind: str, kid: str) -> bytes:
    return f"lifemento key canary v1|{kind}|{kid}".encode()


def master_canary(kek: MasterKey) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek.key).encrypt(nonce, CANARY_PLAINTEXT, _aad("master", kek.kid))


def master_canary_opens(kek: MasterKey, value: bytes) -> bool:
    value = bytes(value)
    try:
        plain = AESGCM(kek.key).decrypt(
            value[:NONCE_BYTES], value[NONCE_BYTES:], _aad("master", kek.kid)
        )
    except (InvalidTag, ValueError):
        return False
    return plain == CANARY_PLAINTEXT


def blind_index_canary(key: BlindIndexKey) -> bytes:
    return hmac.new(key.key, _aad("blind_index", key.epoch), hashlib.sha256).digest()


def blind_index_canary_matches(key: BlindIndexKey, value: bytes) -> bool:
    return hmac.compare_digest(bytes(value), blind_index_canary(key))


# --- Tables ---------------------------------------------------------------------------------


def _tables(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    with connections[using].cursor() as cursor:
        return set(connections[using].introspection.table_names(cursor))


def tables_ready(using: str = DEFAULT_DB_ALIAS) -> tuple[bool, bool]:
    """(data keys table exists, canary table exists): before `migrate` neither may."""
    from privacy.keys.models import DataKey, KeyCanary

    tables = _tables(using)
    return DataKey._meta.db_table in tables, KeyCanary._meta.db_table in tables


def _stored_canary(kind: str, kid: str) -> bytes | None:
    from privacy.keys.models import KeyCanary

    value = (
        KeyCanary.objects.filter(kind=kind, kid=kid).values_list("check_value", flat=True).first()
    )
    return None if value is None else bytes(value)


def _write_canary(kind: str, kid: str, value: bytes) -> bytes:
    """Store the canary; if another process stored one first, return that one."""
    from privacy.keys.models import KeyCanary

    try:
        with transaction.atomic():
            KeyCanary.objects.create(kind=kind, kid=kid, check_value=value)
    except IntegrityError:
        return _stored_canary(kind, kid) or value
    logger.info("key canary written for the %s key %s", kind, kid)
    return value


# --- One key --------------------------------------------------------------------------------


def _wrong_master(kid: str) -> Problem:
    return Problem(
        "privacy.E020",
        kid,
        f"Master key {kid!r} in FIELD_ENCRYPTION_KEYS does not match the key stored data was "
        "protected with under that id (its check value does not open).",
        f"Set the original bytes of {kid!r}. A new key needs a new id, listed first; never "
        "reuse an id with other bytes.",
    )


def master_key_problem(kek: MasterKey, *, canaries: bool = True) -> Problem | None:
    """Whether `kek` is the key its id stands for in this database; writes its canary the
    first time the key is seen (when `canaries`, i.e. the canary table exists)."""
    from privacy.keys.models import DataKey, KeyKind

    stored = _stored_canary(KeyKind.MASTER, kek.kid) if canaries else None
    if stored is not None:
        return None if master_canary_opens(kek, stored) else _wrong_master(kek.kid)
    # No canary yet: data keys wrapped under this id before canaries existed (or a deleted
    # canary) must open, or these bytes are not the key that wrapped them.
    sample = (
        DataKey.objects.filter(kek_id=kek.kid)
        .exclude(wrapped_key=b"")  # a key being created in this transaction, not yet wrapped
        .values_list("wrapped_key", "subject", "pk", "wrap_format")
        .first()
    )
    if sample is not None and not _unwraps(kek, *sample):
        return _wrong_master(kek.kid)
    if canaries:
        stored = _write_canary(KeyKind.MASTER, kek.kid, master_canary(kek))
        if not master_canary_opens(kek, stored):  # another process wrote other bytes first
            return _wrong_master(kek.kid)
    return None


def _unwraps(kek: MasterKey, wrapped, subject, key_id: int, wrap_format: int) -> bool:
    """Whether `kek` itself opens this stored data key, in the wrapping it was written in (v1:
    the fixed associated data; v2: bound to its subject and id)."""
    wrapped = bytes(wrapped)
    aad = WRAP_AAD if wrap_format != WRAP_V2 else wrap_aad(subject, key_id)
    try:
        AESGCM(kek.key).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError):
        return False
    return True


def _wrong_epoch(epoch: str) -> Problem:
    return Problem(
        "privacy.E021",
        epoch,
        f"Blind-index key {epoch!r} in BLIND_INDEX_KEYS does not match the key the stored "
        "indexes of that epoch were computed with (its check value differs).",
        f"Set the original bytes of {epoch!r}. A new key needs a new epoch, listed first, "
        "then `manage.py rotate_blind_index`.",
    )


def blind_index_key_problem(key: BlindIndexKey, *, canaries: bool = True) -> Problem | None:
    from privacy.keys.models import KeyKind

    stored = _stored_canary(KeyKind.BLIND_INDEX, key.epoch) if canaries else None
    if stored is not None:
        return None if blind_index_canary_matches(key, stored) else _wrong_epoch(key.epoch)
    if _index_disproves(key):
        return _wrong_epoch(key.epoch)
    if canaries:
        stored = _write_canary(KeyKind.BLIND_INDEX, key.epoch, blind_index_canary(key))
        if not blind_index_canary_matches(key, stored):
            return _wrong_epoch(key.epoch)
    return None


def _index_disproves(key: BlindIndexKey) -> bool:
    """A row indexed under this epoch whose decrypted source gives another index: the bytes
    are not the epoch's key. (Rows whose source no longer opens prove nothing.)"""
    from privacy.keys.fields import SHREDDED, UNREADABLE, blind_index_fields

    prefix = f"{key.epoch}$"
    for model, field in blind_index_fields():
        rows = model._default_manager.filter(**{f"{field.name}__startswith": prefix}).order_by(
            "pk"
        )[:PROOF_ROWS]
        for row in rows:
            try:
                source = getattr(row, field.source) or ""
            except (InvalidTag, DecryptionFailed, ImproperlyConfigured):
                continue  # a master key is wrong or missing: reported on its own
            if source in (SHREDDED, UNREADABLE) or not field.normalize(source):
                continue
            expected = blind_index(field.normalize(source), key)
            return not hmac.compare_digest(expected, getattr(row, field.attname))
    return False


# Keys this process has checked, by kind, id and bytes: a wrong key is refused again on every
# use, the right one costs its queries once.
_verified: set[tuple[str, str, bytes]] = set()


def verify_master_key(kek: MasterKey) -> None:
    """Raise KeyMismatch unless `kek` matches its canary; before anything is wrapped."""
    _verify(
        ("master", kek.kid, kek.key), lambda canaries: master_key_problem(kek, canaries=canaries)
    )


def verify_blind_index_key(key: BlindIndexKey) -> None:
    """Raise KeyMismatch unless `key` matches its canary; before any row is indexed."""
    _verify(
        ("blind_index", key.epoch, key.key),
        lambda canaries: blind_index_key_problem(key, canaries=canaries),
    )


def _verify(token: tuple[str, str, bytes], check) -> None:
    if token in _verified:
        return
    data_keys, canaries = tables_ready()
    if not data_keys:
        return  # the schema is being built (migrate): nothing is stored under any key yet
    problem = check(canaries)
    if problem is not None:
        logger.critical("%s", problem)
        raise KeyMismatch(str(problem))
    if canaries:  # before the canary table exists, check again once it does
        _verified.add(token)


def forget_verified_keys() -> None:
    """Tests: check keys again, as a freshly started process would."""
    _verified.clear()
