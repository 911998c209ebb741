"""Master keys (KEKs) from the environment: FIELD_ENCRYPTION_KEYS, the first one current.

They never touch the database. They wrap the data keys (privacy.keys.datakeys) and seal the
blobs of no single subject (privacy.keys.sealing), and nothing is sealed under one before it
has been checked against its canary (privacy.keys.canaries).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12


@dataclass(frozen=True)
class MasterKey:
    kid: str
    key: bytes


def parse_keys(raw: list[str] | str, setting: str) -> list[tuple[str, bytes]]:
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
    return [MasterKey(kid, key) for kid, key in parse_keys(raw, "FIELD_ENCRYPTION_KEYS")]


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


def verify_master(kek: MasterKey) -> None:
    """Refuse (KeyMismatch) to seal anything under bytes that do not match the key's canary;
    checked once per process and key (privacy.keys.canaries)."""
    from privacy.keys import canaries

    canaries.verify_master_key(kek)
