"""Data keys (DEKs): one per data subject, 32 random bytes stored only wrapped by a master
key (privacy.keys.models.DataKey), created on first use, destroyed to crypto-shred.

Unwrapped DEKs are cached only for the current request (cleared by
privacy.keys.middleware.DataKeyCacheMiddleware) or the current unit of work outside requests, and
loaded in batches: see _KeyCache below.
"""

from __future__ import annotations

import logging
import os
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from privacy.keys.errors import DecryptionFailed, FormatRetired, KeyDestroyed, KeyMisused
from privacy.keys.masters import NONCE_BYTES, MasterKey, current_master, master, verify_master

logger = logging.getLogger(__name__)


WRAP_AAD = b"lifemento data key v1"
WRAP_V1, WRAP_V2 = 1, 2  # DataKey.wrap_format: v2 binds the wrap to its subject and key id


# --- Data keys ------------------------------------------------------------------------------


def wrap(dek: bytes, kek: MasterKey | None = None) -> tuple[str, bytes]:
    kek = kek or current_master()
    # Never wrap under bytes that do not match the key's canary: a data key wrapped under a
    # wrong key is lost once the right key is back (checked once per process and key).
    verify_master(kek)
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
    # As wrap(): never under bytes that do not match the key's canary (privacy.keys.canaries).
    verify_master(kek)
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
    # AES-GCM ciphers by raw key (not by id: a key forgotten and loaded again is a new entry).
    ciphers: dict[bytes, AESGCM] = field(default_factory=dict)


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


_KEY_COLUMNS = ("id", "kek_id", "wrapped_key", "subject", "state", "wrap_format")


def _key_rows(ids: set[int]) -> list[tuple]:
    """`DataKey.objects.filter(pk__in=ids).values_list(*_KEY_COLUMNS)`, in the same types.

    Every page that shows a sealed value asks this once, and building the ORM's query cost
    three times running it (issue 16, as notifications' unread count: decision 0027). The
    names come from the model (core.sql), the ids are parameters; the subject and the wrapped
    key are converted as the ORM would (a UUID; bytes, which SQLite and PostgreSQL hand out
    differently). tests/privacy/test_key_loading.py compares the two."""
    from core.sql import column, table
    from privacy.keys.models import DataKey

    names = ", ".join(column(DataKey, name) for name in _KEY_COLUMNS)
    marks = ", ".join(["%s"] * len(ids))
    sql = f"SELECT {names} FROM {table(DataKey)} WHERE {column(DataKey, 'id')} IN ({marks})"  # noqa: S608
    subject_field = DataKey._meta.get_field("subject")
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        return [
            (pk, kek_id, bytes(wrapped), subject_field.to_python(subject), state, wrap_format)
            for pk, kek_id, wrapped, subject, state, wrap_format in cursor.fetchall()
        ]


def load_dek(key_id: int, subject: uuid.UUID | None = None) -> bytes:
    """The raw data key; with `subject`, only if the key is that subject's (KeyMisused)."""
    from privacy.keys.models import DataKeyState

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
        for pk, kek_id, wrapped, key_subject, state, wrap_format in _key_rows(batch):
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


def cipher(key_id: int, subject: uuid.UUID | None = None) -> AESGCM:
    """load_dek()'s key, with every one of its checks on every call, as an AES-GCM cipher made
    once per unit of work: setting up the cipher cost more than opening a short value with it
    (issue 16)."""
    dek = load_dek(key_id, subject)
    ciphers = _cache().ciphers
    made = ciphers.get(dek)
    if made is None:
        made = ciphers[dek] = AESGCM(dek)
    return made


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
        verify_master(kek)  # before the row exists: a wrong key writes nothing
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
        dek = cache.deks.pop(key_id, None)
        cache.ciphers.pop(dek, None)
        cache.wanted.discard(key_id)
    for subject in subjects:
        cache.active.pop(subject, None)
    return len(ids)
