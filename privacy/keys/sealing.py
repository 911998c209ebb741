"""AES-GCM sealing: field values under their subject's data key, and opaque blobs.

A personal field is stored as "lmenc2$<data key id>$<base64(nonce | ciphertext | tag)>", bound
to its row (binding()); "lmenc1$" values are bound to their column only, and read only while v1
is accepted (privacy.keys.datakeys.v1_accepted). Blobs that belong to no single subject (a
session) are sealed under a key derived from the master key, a pending sign-up's personal data
under its subject's own data key.
"""

from __future__ import annotations

import base64
import binascii
import os
import uuid
from contextvars import ContextVar
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from privacy.keys.datakeys import active_key_id, cipher, load_dek, v1_accepted
from privacy.keys.errors import DecryptionFailed, FormatRetired
from privacy.keys.masters import NONCE_BYTES, current_master, master, verify_master

PREFIX = "lmenc1"  # format v1 (field: bound to its column only) and sealed blobs
PREFIX_V2 = "lmenc2"  # format v2: bound to subject, table, column, row and row version


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
    dek = load_dek(key_id)
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
        # base64.b64decode() without its wrapper: the same decoder, non-strict, and the same
        # ValueError (binascii.Error) for what is not base64 or not ASCII.
        raw = binascii.a2b_base64(payload)
        if key_part == "0":
            if not _bypass.get():
                raise DecryptionFailed("a bypass token outside a benchmark")
            return raw.decode()
        aead = cipher(int(key_part), subject)
    except (ValueError, TypeError) as error:
        raise DecryptionFailed("malformed ciphertext") from error
    try:
        return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode()).decode()
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
    dek = load_dek(key_id, subject)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(dek).encrypt(nonce, plaintext.encode(), bound.encode())
    return f"{PREFIX_V2}${key_id}${base64.b64encode(nonce + sealed).decode()}"


def decrypt_bound(subject: uuid.UUID, bound: str, token: str) -> str:
    if not is_v2(token):
        raise DecryptionFailed("not a v2 ciphertext")
    return _open(bound, token, subject)


# --- Opaque blobs (sessions) ----------------------------------------------------------------


@cache
def _blob_key(kid: str, key: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(key)


def _bound_aad(purpose: str, *parts: object) -> bytes:
    return "|".join([purpose, *(str(p) for p in parts)]).encode()


def seal_bound_blob(purpose: str, bound_to: str, data: str) -> str:
    """Encrypt data that belongs to no single subject (a session) under the master key, bound
    to one place: `bound_to` (the session's hashed key) is the associated data, so the blob
    copied into another row does not open there."""
    kek = current_master()
    verify_master(kek)
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
    sealed = AESGCM(load_dek(key_id, subject)).encrypt(
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
    dek = load_dek(key_id, subject)
    try:
        plain = AESGCM(dek).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _bound_aad(purpose, subject, bound_to)
        )
    except InvalidTag as error:
        raise DecryptionFailed("blob altered, moved, or of another subject") from error
    return plain.decode()
