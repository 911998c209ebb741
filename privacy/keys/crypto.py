"""Field encryption: AES-GCM under per-subject data keys, wrapped by master keys.

Key hierarchy
- Master keys (KEKs) come from the environment: FIELD_ENCRYPTION_KEYS="kid1:base64,kid2:base64",
  32-byte keys, the first one current. They never touch the database.
- Each data subject (a member, or a record in the retention store) has a data key (DEK): 32
  random bytes, stored only wrapped by a master key (privacy.keys.models.DataKey, with the KEK id).
- A personal field is stored as "lmenc2$<data key id>$<base64(nonce | ciphertext | tag)>",
  encrypted with the subject's DEK; the associated data names the subject, the table, the
  column, the row's pk and the row's version (binding(), issue 17), so a ciphertext moved to
  another column, row or member, or an older one of the same row, does not decrypt, and a key
  of another subject than the row's is refused before decrypting. "lmenc1$" values (the column
  "app.model.field" only) are read only while v1 is accepted (v1_accepted()).
- Each DEK's wrap names its subject and its own id (wrap_bound()), so a wrapped key copied into
  another DataKey row does not unwrap.
- Equality lookups use a blind index: HMAC-SHA256 under a blind-index key of its own
  (BLIND_INDEX_KEYS="epoch1:base64,...", first current; not derived from the master keys),
  stored as "<epoch>$<hex>"; lookups compute it under every configured epoch so they keep
  working while `rotate_blind_index` recomputes the rows. Values written before epochs existed
  ("<master kid>$<hex>", keyed by HKDF of the master key) stay matchable until recomputed.
- Every key from the environment has a canary in the database (privacy.keys.keyguard): the right
  key id with the wrong bytes is refused at start and before anything is wrapped or indexed.

Crypto-shredding: deleting a subject's DataKey rows makes every copy of their ciphertext —
backups, replicas, dead tuples, exports — undecryptable, because the DEK existed nowhere else.

Unwrapped DEKs are cached only for the current request (cleared by
privacy.keys.middleware.DataKeyCacheMiddleware) or the current unit of work outside requests, and
loaded in batches: see _KeyCache below.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

PREFIX = "lmenc1"  # format v1 (field: bound to its column only) and sealed blobs
PREFIX_V2 = "lmenc2"  # format v2: bound to subject, table, column, row and row version
NONCE_BYTES = 12
WRAP_AAD = b"lifemento data key v1"
WRAP_V1, WRAP_V2 = 1, 2  # DataKey.wrap_format: v2 binds the wrap to its subject and key id
BLIND_INDEX_INFO = b"lifemento blind index v1"


class KeyDestroyed(Exception):
    """The data key of this ciphertext no longer exists: the data was crypto-shredded."""


class DecryptionFailed(Exception):
    """The ciphertext was altered, or belongs to another column."""


class KeyMisused(DecryptionFailed):
    """The ciphertext names a data key of another subject than the row's: refused before any
    decryption (a ciphertext or a key moved by someone who can write the database)."""


class FormatRetired(DecryptionFailed):
    """A v1 ciphertext or wrapped key after v1 was retired (pasted back from a backup)."""


@dataclass(frozen=True)
class MasterKey:
    kid: str
    key: bytes


def _parse_keys(raw: list[str] | str, setting: str) -> list[tuple[str, bytes]]:
    """Parse "id:base64key" items (32-byte keys), first current. Raises on a bad entry."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    keys = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        kid, sep, encoded = item.partition(":")
        if not sep or not kid or "$" in kid or len(kid) > 40:
            raise ImproperlyConfigured(
                f"{setting} entries must look like 'keyid:base64key' (an id of at most 40 "
                "characters, without '$')."
            )
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError as error:
            raise ImproperlyConfigured(f"{setting}: key {kid} is not base64.") from error
        if len(key) != 32:
            raise ImproperlyConfigured(f"{setting}: key {kid} must be 32 bytes.")
        keys.append((kid, key))
    if not keys:
        raise ImproperlyConfigured(f"{setting} is empty.")
    if len({kid for kid, _ in keys}) != len(keys):
        raise ImproperlyConfigured(f"{setting} has a repeated key id.")
    return keys


def parse_master_keys(raw: list[str] | str) -> list[MasterKey]:
    """FIELD_ENCRYPTION_KEYS: "kid:base64key" items, first current. Raises on a bad entry."""
    return [MasterKey(kid, key) for kid, key in _parse_keys(raw, "FIELD_ENCRYPTION_KEYS")]


def generate_master_key(kid: str) -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def master_keys() -> list[MasterKey]:
    return _parsed(tuple(settings.FIELD_ENCRYPTION_KEYS))


@cache
def _parsed(raw: tuple[str, ...]) -> list[MasterKey]:
    return parse_master_keys(list(raw))


def current_master() -> MasterKey:
    return master_keys()[0]


def master(kid: str) -> MasterKey:
    for key in master_keys():
        if key.kid == kid:
            return key
    raise ImproperlyConfigured(
        f"Master key {kid!r} is not in FIELD_ENCRYPTION_KEYS: keep it until `rotate_keys` "
        "has re-wrapped every data key."
    )


# --- Data keys ------------------------------------------------------------------------------


def wrap(dek: bytes, kek: MasterKey | None = None) -> tuple[str, bytes]:
    kek = kek or current_master()
    # Never wrap under bytes that do not match the key's canary: a data key wrapped under a
    # wrong key is lost once the right key is back (checked once per process and key).
    _verify_master(kek)
    nonce = os.urandom(NONCE_BYTES)
    return kek.kid, nonce + AESGCM(kek.key).encrypt(nonce, dek, WRAP_AAD)


def unwrap(kek_id: str, wrapped: bytes) -> bytes:
    wrapped = bytes(wrapped)
    return AESGCM(master(kek_id).key).decrypt(
        wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], WRAP_AAD
    )


# Wrapping format v2 (issue 17): the associated data names the subject and the data key's own
# id, so a wrapped key copied into another DataKey row (another subject, or another id under
# which a shredded subject's old ciphertext could be re-pointed) no longer unwraps. The id is
# known only once the row exists: active_key_id() inserts, then wraps (same transaction).


def wrap_aad(subject: uuid.UUID, key_id: int) -> bytes:
    return f"lifemento data key v2|{subject}|{key_id}".encode()


def wrap_bound(
    dek: bytes, subject: uuid.UUID, key_id: int, kek: MasterKey | None = None
) -> tuple[str, bytes]:
    kek = kek or current_master()
    # As wrap(): never under bytes that do not match the key's canary (privacy.keys.keyguard).
    _verify_master(kek)
    nonce = os.urandom(NONCE_BYTES)
    return kek.kid, nonce + AESGCM(kek.key).encrypt(nonce, dek, wrap_aad(subject, key_id))


def unwrap_bound(
    kek_id: str, wrapped: bytes, subject: uuid.UUID, key_id: int, wrap_format: int
) -> bytes:
    """A stored data key's raw bytes. InvalidTag when the wrap does not belong to this row;
    FormatRetired for a v1 wrap once v1 is retired."""
    if wrap_format != WRAP_V2:
        if not v1_accepted():
            raise FormatRetired(f"data key #{key_id} is wrapped in the retired v1 format")
        return unwrap(kek_id, wrapped)
    wrapped = bytes(wrapped)
    return AESGCM(master(kek_id).key).decrypt(
        wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], wrap_aad(subject, key_id)
    )


# --- Format v1 retirement -------------------------------------------------------------------
# v1 values (column-bound only) are opened only while FIELD_ENCRYPTION_ACCEPT_V1 is set (an
# install upgraded from v1, until `rotate_keys --rebind` and `verify_encryption` are done) AND
# no clean scan has recorded the retirement (privacy.keys.models.EncryptionFormatRetirement). The
# setting lives in the environment, out of reach of a database writer; the record makes the
# retirement take effect as soon as the scan is clean, before anyone edits the environment.
# A fresh install never sets it: it writes and accepts v2 only.


def v1_accepted() -> bool:
    if not getattr(settings, "FIELD_ENCRYPTION_ACCEPT_V1", False):
        return False
    cache = _cache()
    if cache.v1_retired is None:
        from privacy.keys.models import EncryptionFormatRetirement

        cache.v1_retired = EncryptionFormatRetirement.objects.filter(version=1).exists()
    return not cache.v1_retired


# Per-unit-of-work key cache (a request: privacy.keys.middleware.DataKeyCacheMiddleware; a batch of
# a job: its own clear_key_cache() calls). Nothing in it outlives that scope, so a destroyed key
# stops decrypting at the next request in every process (decision 0002).
# Loading a key batches: rows loaded from the database name the keys their ciphertexts need
# (want_key, called by privacy.keys.fields when a row is read), and the first key actually needed
# brings all the keys wanted so far in one query. A page of 100 members' rows costs one
# DataKey query when a field is shown, none when no encrypted field is read.
# A key found missing is remembered as missing (crypto-shredded keys never come back: ids are
# not reused), so a page of shredded rows does not ask for the same key again and again;
# except after this unit destroyed keys itself, whose delete a rollback could undo.
WANT_BATCH = 500  # keys per DataKey query
WANT_LIMIT = 10_000  # beyond this, a long unit of work fetches keys as they are needed


@dataclass
class _KeyCache:
    deks: dict[int, bytes] = field(default_factory=dict)  # data key id -> raw key
    active: dict[uuid.UUID, int] = field(default_factory=dict)  # subject -> active key id
    missing: set[int] = field(default_factory=set)  # ids looked up and not found
    wanted: set[int] = field(default_factory=set)  # ids named by rows read, not yet loaded
    # This unit destroyed keys itself: a miss may be its own delete, which a rollback undoes,
    # so misses are not memoised from then on. (Another transaction's delete is seen only once
    # committed, and then it is final.)
    shredding: bool = False
    scoped: bool = False  # made by key_scope(), not left over in a thread's context
    key_subject: dict[int, uuid.UUID] = field(default_factory=dict)  # key id -> its subject
    bad: set[int] = field(default_factory=set)  # keys whose wrap does not open (moved, v1)
    # Subjects of member accounts (pk -> subject), from account rows this unit read and, for
    # rows that name an account by id only, one query per batch (account_subject()).
    accounts: dict[int, uuid.UUID] = field(default_factory=dict)
    wanted_accounts: set[int] = field(default_factory=set)
    v1_retired: bool | None = None


_key_cache: ContextVar[_KeyCache | None] = ContextVar("lifemento_key_cache", default=None)


def _cache() -> _KeyCache:
    cache = _key_cache.get()
    if cache is None:
        cache = _KeyCache()
        _key_cache.set(cache)
    return cache


def clear_key_cache() -> None:
    _key_cache.set(_KeyCache())


@contextmanager
def key_scope(*, fresh: bool = False):
    """A unit of work whose key cache is dropped when it ends: a request (the middleware,
    always `fresh`), a Celery task (lifemento.celery). A task run eagerly inside a request
    shares the request's cache, so keys it destroys are forgotten by the request as well."""
    current = _key_cache.get()
    if current is not None and current.scoped and not fresh:
        yield
        return
    _key_cache.set(_KeyCache(scoped=True))
    try:
        yield
    finally:
        clear_key_cache()


def want_key(key_id: int) -> None:
    """A row just read holds a ciphertext under this key: load it with the next batch."""
    cache = _cache()
    if key_id in cache.deks or key_id in cache.missing or len(cache.wanted) >= WANT_LIMIT:
        return
    cache.wanted.add(key_id)


def _load_dek(key_id: int, subject: uuid.UUID | None = None) -> bytes:
    """The raw data key; with `subject`, only if the key is that subject's (KeyMisused)."""
    from privacy.keys.models import DataKey, DataKeyState

    cache = _cache()
    dek = cache.deks.get(key_id)
    if dek is None:
        if key_id in cache.bad:
            raise DecryptionFailed(f"data key #{key_id} does not unwrap under its binding")
        if key_id in cache.missing:
            raise KeyDestroyed(key_id)
        batch = {key_id}
        while cache.wanted and len(batch) < WANT_BATCH:
            batch.add(cache.wanted.pop())
        batch.difference_update(cache.deks)
        rows = DataKey.objects.filter(pk__in=batch).values_list(
            "pk", "kek_id", "wrapped_key", "subject", "state", "wrap_format"
        )
        for pk, kek_id, wrapped, key_subject, state, wrap_format in rows:
            try:
                cache.deks[pk] = unwrap_bound(kek_id, wrapped, key_subject, pk, wrap_format)
            except (InvalidTag, FormatRetired, ImproperlyConfigured) as error:
                # Copied from another key row, a v1 wrap put back after the retirement, or a
                # master key id the environment does not have (a row edited to name one).
                logger.error(
                    "ALERT data key #%s (subject %s) does not unwrap under its binding: %s",
                    pk,
                    key_subject,
                    type(error).__name__,
                )
                cache.bad.add(pk)
                continue
            cache.key_subject[pk] = key_subject
            if state == DataKeyState.ACTIVE:
                # Reading a member's data usually precedes writing it: skip the second lookup.
                cache.active.setdefault(key_subject, pk)
        if not cache.shredding:
            cache.missing.update(batch.difference(cache.deks, cache.bad))
        if key_id in cache.bad:
            raise DecryptionFailed(f"data key #{key_id} does not unwrap under its binding")
        if key_id not in cache.deks:
            raise KeyDestroyed(key_id)
        dek = cache.deks[key_id]
    if subject is not None and cache.key_subject.get(key_id) != subject:
        raise KeyMisused(f"data key #{key_id} is not the key of subject {subject}")
    return dek


def know_account(pk: int, subject: uuid.UUID) -> None:
    """An account row just read: rows that name it by id find its subject without a query."""
    _cache().accounts[pk] = subject


def want_account(pk: int) -> None:
    cache = _cache()
    if pk not in cache.accounts and len(cache.wanted_accounts) < WANT_LIMIT:
        cache.wanted_accounts.add(pk)


def account_subject(pk: int) -> uuid.UUID | None:
    """The current subject of account `pk`, as the database says now; the accounts that rows
    read so far named are fetched with it, in one query."""
    from django.contrib.auth import get_user_model

    cache = _cache()
    if pk in cache.accounts:
        return cache.accounts[pk]
    batch = {pk}
    while cache.wanted_accounts and len(batch) < WANT_BATCH:
        batch.add(cache.wanted_accounts.pop())
    batch.difference_update(cache.accounts)
    model = get_user_model()
    for account, subject in model._base_manager.filter(pk__in=batch).values_list("pk", "subject"):
        cache.accounts[account] = subject
    return cache.accounts.get(pk)


def active_key_id(subject: uuid.UUID, *, _retrying: bool = False) -> int:
    """The subject's current data key, created on first use."""
    from privacy.keys.models import DataKey, DataKeyState

    cache = _cache()
    if subject in cache.active:
        return cache.active[subject]
    row = (
        DataKey.objects.filter(subject=subject, state=DataKeyState.ACTIVE)
        .values_list("pk", "kek_id", "wrapped_key", "wrap_format")
        .first()
    )
    if row is None:
        dek = AESGCM.generate_key(bit_length=256)
        kek = current_master()
        _verify_master(kek)  # before the row exists: a wrong key writes nothing
        try:
            with transaction.atomic():
                # The wrap names the key's id: insert, then wrap under it (same transaction,
                # so no reader ever sees the row without its key).
                key = DataKey.objects.create(
                    subject=subject,
                    kek_id=kek.kid,
                    wrapped_key=b"",
                    wrap_format=WRAP_V2,
                )
                kek_id, wrapped = wrap_bound(dek, subject, key.pk, kek)
                DataKey.objects.filter(pk=key.pk).update(kek_id=kek_id, wrapped_key=wrapped)
            row = (key.pk, kek_id, wrapped, WRAP_V2)
        except IntegrityError:  # another request created it first
            row = (
                DataKey.objects.filter(subject=subject, state=DataKeyState.ACTIVE)
                .values_list("pk", "kek_id", "wrapped_key", "wrap_format")
                .get()
            )
    key_id, kek_id, wrapped, wrap_format = row
    try:
        cache.deks[key_id] = unwrap_bound(kek_id, wrapped, subject, key_id, wrap_format)
    except (InvalidTag, FormatRetired, ImproperlyConfigured) as error:
        # The subject's active key row was edited (another key's bytes, a v1 wrap after the
        # retirement, an unknown master key id): what it sealed is unreadable already, and
        # writing on under it would fail every save. Retire it, loudly, and give the subject a
        # new key; values under the old one keep showing the placeholder.
        logger.error(
            "ALERT active data key #%s of subject %s does not unwrap (%s): retired, a new key "
            "is created",
            key_id,
            subject,
            type(error).__name__,
        )
        DataKey.objects.filter(pk=key_id, state=DataKeyState.ACTIVE).update(
            state=DataKeyState.RETIRED, retired_at=timezone.now()
        )
        cache.bad.add(key_id)
        cache.active.pop(subject, None)
        if _retrying:  # the key just created does not unwrap either: never loop
            raise DecryptionFailed(f"subject {subject}: no data key unwraps") from error
        return active_key_id(subject, _retrying=True)
    cache.key_subject[key_id] = subject
    cache.active[subject] = key_id
    return key_id


def destroy_subject_keys(subject: uuid.UUID) -> int:
    """Crypto-shred: delete every data key of the subject. Returns how many were destroyed."""
    return destroy_keys_of([subject])


def destroy_keys_of(subjects) -> int:
    """Crypto-shred many subjects at once (the destruction engine's batches): one DELETE."""
    from privacy.keys.models import DataKey

    subjects = list(subjects)
    if not subjects:
        return 0
    ids = list(DataKey.objects.filter(subject__in=subjects).values_list("pk", flat=True))
    if ids:
        DataKey.objects.filter(pk__in=ids).delete()
    # Forgotten, not memoised as missing: if this transaction rolls back, the keys are back.
    cache = _cache()
    cache.shredding = True
    for key_id in ids:
        cache.deks.pop(key_id, None)
        cache.wanted.discard(key_id)
    for subject in subjects:
        cache.active.pop(subject, None)
    return len(ids)


# --- Benchmark bypass -----------------------------------------------------------------------
# bench/ measures what encryption costs by comparing pages against the same pages with the
# cipher bypassed ("key 0": base64 only). Never available in production, and bypass tokens
# never decrypt outside it.
_bypass: ContextVar[bool] = ContextVar("lifemento_cipher_bypass", default=False)


class bypass:
    def __enter__(self):
        if settings.PRODUCTION:
            raise ImproperlyConfigured("The cipher bypass exists for benchmarks only.")
        self._token = _bypass.set(True)

    def __exit__(self, *exc):
        _bypass.reset(self._token)


# --- Values ---------------------------------------------------------------------------------


def is_token(value: object) -> bool:
    return isinstance(value, str) and (
        value.startswith(PREFIX_V2 + "$") or value.startswith(PREFIX + "$")
    )


def is_v2(token: str) -> bool:
    return token.startswith(PREFIX_V2 + "$")


def key_id_of(token: str) -> int:
    return int(token.split("$", 2)[1])


def key_id_or_none(token: str) -> int | None:
    """The data key a token names, or None for a malformed one (which no key can open)."""
    try:
        return key_id_of(token)
    except (ValueError, IndexError):
        return None


def encrypt(subject: uuid.UUID, aad: str, plaintext: str) -> str:
    key_id = 0 if _bypass.get() else active_key_id(subject)
    return encrypt_with(key_id, aad, plaintext)


def encrypt_with(key_id: int, aad: str, plaintext: str) -> str:
    if _bypass.get():
        return f"{PREFIX}$0${base64.b64encode(plaintext.encode()).decode()}"
    dek = _load_dek(key_id)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(dek).encrypt(nonce, plaintext.encode(), aad.encode())
    return f"{PREFIX}${key_id}${base64.b64encode(nonce + sealed).decode()}"


def decrypt(aad: str, token: str, subject: uuid.UUID | None = None) -> str:
    """A token of encrypt() (bound to `aad` only); with `subject`, only under that subject's
    key. Field values go through decrypt_field_v1() or decrypt_bound() instead."""
    if is_v2(token):
        raise DecryptionFailed("a v2 ciphertext opens only under its row's binding")
    return _open(aad, token, subject)


def decrypt_field_v1(aad: str, token: str, subject: uuid.UUID | None) -> str:
    """A field value in the v1 format (bound to its column only): opened only while v1 is
    accepted (v1_accepted), under the row's subject's key."""
    if is_v2(token):
        raise DecryptionFailed("a v2 ciphertext opens only under its row's binding")
    if not v1_accepted():
        raise FormatRetired("a v1 ciphertext after v1 was retired")
    return _open(aad, token, subject)


def _open(aad: str, token: str, subject: uuid.UUID | None) -> str:
    try:
        _, key_part, payload = token.split("$", 2)
        raw = base64.b64decode(payload)
        if key_part == "0":
            if not _bypass.get():
                raise DecryptionFailed("a bypass token outside a benchmark")
            return raw.decode()
        dek = _load_dek(int(key_part), subject)
    except (ValueError, TypeError) as error:
        raise DecryptionFailed("malformed ciphertext") from error
    try:
        return AESGCM(dek).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode()).decode()
    except InvalidTag as error:
        raise DecryptionFailed("ciphertext altered or moved") from error


# Format v2 (issue 17): the associated data names the data subject (the row's owner as the
# database says now), the table, the column, the row's primary key and the row's version
# (`sealed_version`, advanced at every write of the row's ciphertexts). A value moved to
# another member, another row or column, or an older value of the same row put back, fails to
# open; a token naming another subject's data key is refused before decrypting.


def binding(
    subject: uuid.UUID, table: str, column: str, pk, version: int, account: int | None = None
) -> str:
    """`account`: the member account the row's owner path goes through, if any."""
    owner = "" if account is None else account
    return f"{PREFIX_V2}|{subject}|{owner}|{table}|{column}|{pk}|{version}"


def encrypt_bound(subject: uuid.UUID, bound: str, plaintext: str) -> str:
    if _bypass.get():
        return f"{PREFIX_V2}$0${base64.b64encode(plaintext.encode()).decode()}"
    key_id = active_key_id(subject)
    dek = _load_dek(key_id, subject)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(dek).encrypt(nonce, plaintext.encode(), bound.encode())
    return f"{PREFIX_V2}${key_id}${base64.b64encode(nonce + sealed).decode()}"


def decrypt_bound(subject: uuid.UUID, bound: str, token: str) -> str:
    if not is_v2(token):
        raise DecryptionFailed("not a v2 ciphertext")
    return _open(bound, token, subject)


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
    return [BlindIndexKey(epoch, key) for epoch, key in _parse_keys(raw, "BLIND_INDEX_KEYS")]


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


def blind_index_epoch(value: str) -> str:
    """The epoch (or, for a legacy value, the master key id) a stored index names."""
    return value.partition("$")[0]


def verify_master(kek: MasterKey) -> None:
    """Refuse (KeyMismatch) to seal anything under bytes that do not match the key's canary;
    checked once per process and key (privacy.keys.keyguard)."""
    from privacy.keys import keyguard

    keyguard.verify_master_key(kek)


_verify_master = verify_master


def _verify_blind_index_key(key: BlindIndexKey) -> None:
    from privacy.keys import keyguard

    keyguard.verify_blind_index_key(key)


# --- Opaque blobs (sessions) ----------------------------------------------------------------


@cache
def _blob_key(kid: str, key: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(key)


def seal_blob(purpose: str, data: str) -> str:
    """Encrypt data that belongs to no single subject (e.g. a session) under the master key."""
    kek = current_master()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_blob_key(kek.kid, kek.key, purpose)).encrypt(nonce, data.encode(), None)
    return f"{PREFIX}${kek.kid}${base64.b64encode(nonce + sealed).decode()}"


def open_blob(purpose: str, token: str) -> str:
    _, kid, payload = token.split("$", 2)
    kek = master(kid)
    raw = base64.b64decode(payload)
    try:
        plain = AESGCM(_blob_key(kek.kid, kek.key, purpose)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], None
        )
    except InvalidTag as error:
        raise DecryptionFailed("blob altered") from error
    return plain.decode()


def _bound_aad(purpose: str, *parts: object) -> bytes:
    return "|".join([purpose, *(str(p) for p in parts)]).encode()


def seal_bound_blob(purpose: str, bound_to: str, data: str) -> str:
    """seal_blob, bound to one place: `bound_to` (a session's hashed key) is the associated
    data, so the blob copied into another row does not open there."""
    kek = current_master()
    _verify_master(kek)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_blob_key(kek.kid, kek.key, purpose)).encrypt(
        nonce, data.encode(), _bound_aad(purpose, bound_to)
    )
    return f"{PREFIX}${kek.kid}${base64.b64encode(nonce + sealed).decode()}"


def open_bound_blob(purpose: str, bound_to: str, token: str) -> str:
    """Raises DecryptionFailed (altered, malformed, or sealed for another place) or
    ImproperlyConfigured (its master key is no longer configured)."""
    try:
        _, kid, payload = token.split("$", 2)
        raw = base64.b64decode(payload)
    except (ValueError, TypeError) as error:
        raise DecryptionFailed("malformed blob") from error
    kek = master(kid)
    try:
        plain = AESGCM(_blob_key(kek.kid, kek.key, purpose)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _bound_aad(purpose, bound_to)
        )
    except InvalidTag as error:
        raise DecryptionFailed("blob altered or moved") from error
    return plain.decode()


def seal_for_subject(subject: uuid.UUID, purpose: str, bound_to: str, data: str) -> str:
    """Personal data of one subject kept outside any encrypted field (a pending sign-up's name
    and phone, in its session), sealed under that subject's own data key: shredding the
    subject's keys (withdrawal, or an abandoned sign-up's clean-up) makes every copy of it
    unreadable, like their fields. Bound to the subject and to `bound_to`."""
    key_id = active_key_id(subject)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_load_dek(key_id, subject)).encrypt(
        nonce, data.encode(), _bound_aad(purpose, subject, bound_to)
    )
    return f"{PREFIX}${key_id}${base64.b64encode(nonce + sealed).decode()}"


def open_for_subject(subject: uuid.UUID, purpose: str, bound_to: str, token: str) -> str:
    """Raises KeyDestroyed (the subject's keys were shredded) or DecryptionFailed."""
    try:
        _, key_part, payload = token.split("$", 2)
        key_id, raw = int(key_part), base64.b64decode(payload)
    except (ValueError, TypeError) as error:
        raise DecryptionFailed("malformed blob") from error
    dek = _load_dek(key_id, subject)
    try:
        plain = AESGCM(dek).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _bound_aad(purpose, subject, bound_to)
        )
    except InvalidTag as error:
        raise DecryptionFailed("blob altered, moved, or of another subject") from error
    return plain.decode()
