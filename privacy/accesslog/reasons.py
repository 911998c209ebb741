"""The reasons staff give for an access, stored encrypted under a key of the log's own."""

from __future__ import annotations

import base64
import logging
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

from privacy.accesslog.hashing import HASHED_FIELDS, entry_hash
from privacy.accesslog.models import AccessLogEntry
from privacy.keys import masters
from privacy.keys.errors import DecryptionFailed

logger = logging.getLogger(__name__)


REASON_PREFIX = "lmlog1"
REASON_PURPOSE = b"lifemento access log reason v1"
UNREADABLE_REASON = "[복구할 수 없는 내용]"  # as privacy.keys.fields.UNREADABLE


# A reason is free text typed by staff ("고객 민원 확인", sometimes a name or a phone number), so
# it is stored encrypted: AES-256-GCM under a key derived (HKDF) from the current master key for
# the log alone, with the entry's chain and number as associated data, so a reason cannot be
# moved to another entry. Not a member's data key: crypto-shredding a member must leave the
# log readable and verifiable (안전성 확보조치 기준 제8조 keeps it 1–3 years regardless).


@cache
def _reason_key(kid: str, key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=REASON_PURPOSE).derive(key)


def _reason_aad(chain: str, seq: int) -> bytes:
    return f"privacy.accesslogentry.reason|{chain}|{seq}".encode()


def seal_reason(chain: str, seq: int, reason: str) -> str:
    if not reason:
        return ""
    kek = masters.current_master()
    # The log is append-only: a reason sealed under wrong bytes could never be read again.
    masters.verify_master(kek)
    nonce = os.urandom(masters.NONCE_BYTES)
    sealed = AESGCM(_reason_key(kek.kid, kek.key)).encrypt(
        nonce, reason.encode(), _reason_aad(chain, seq)
    )
    return f"{REASON_PREFIX}${kek.kid}${base64.b64encode(nonce + sealed).decode()}"


def open_reason_token(chain: str, seq: int, token: str) -> str:
    """The reason's text; raises DecryptionFailed when it cannot be read."""
    if not token:
        return ""
    try:
        prefix, kid, payload = token.split("$", 2)
        if prefix != REASON_PREFIX:
            raise ValueError(prefix)
        kek = masters.master(kid)
        raw = base64.b64decode(payload, validate=True)
        plain = AESGCM(_reason_key(kek.kid, kek.key)).decrypt(
            raw[: masters.NONCE_BYTES], raw[masters.NONCE_BYTES :], _reason_aad(chain, seq)
        )
    except (ValueError, InvalidTag, ImproperlyConfigured, KeyError) as error:
        raise DecryptionFailed(f"access log reason {chain} #{seq}") from error
    return plain.decode()


def open_reason(entry: AccessLogEntry) -> str:
    """What the privacy officer reads: the reason, or a logged placeholder, never a 500."""
    try:
        return open_reason_token(entry.chain, entry.seq, entry.reason)
    except DecryptionFailed:
        if (entry.version or 1) == 1:
            # Written in the clear by a process on the previous code during the deploy: its
            # hash, over the plaintext, says whether the stored text is that reason.
            values = {name: getattr(entry, name) for name in HASHED_FIELDS}
            if entry_hash(values) == entry.hash:
                return entry.reason
        logger.error("access log reason of %s #%s cannot be decrypted", entry.chain, entry.seq)
        return UNREADABLE_REASON
