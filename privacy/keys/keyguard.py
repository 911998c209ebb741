"""Guards on the keys from the environment: a canary per key, and what stored data refers to.

Why (issue 17): the right key id with the wrong bytes used to start fine. Every personal page
then failed, phone look-ups matched nobody, and, worst, the data keys of members who joined
meanwhile were wrapped under the wrong key and were lost once the right key was back. A key
still referenced by stored data could also be removed and `manage.py check` passed.

So each key from the environment (a master key of FIELD_ENCRYPTION_KEYS, a blind-index epoch
of BLIND_INDEX_KEYS) has a canary in privacy.KeyCanary: a known value sealed (AES-GCM) under
the master key, or an HMAC under the blind-index key, written the first time the key is seen.
A master key first seen with data keys already wrapped under its id (installations older than
the canaries) must first unwrap one of them; a blind-index epoch that already indexes rows
must first reproduce one row's index from its decrypted source.

Where it is checked:
- before a data key is wrapped or a row is indexed (privacy.keys.crypto.wrap / blind_index), once
  per process and key: a start with a wrong key is refused before any write;
- by the system check privacy.E020-E024 (every `manage.py` command that runs checks, including
  `check --deploy`, `migrate` and `runserver`), by the web process (lifemento.wsgi) and by the
  Celery worker at start (refuse_to_start_with_bad_keys); the check also refuses when stored
  data keys, blind indexes or canaries name a key id the environment no longer has.
Nothing here runs while the app registry loads, and nothing queries a table before checking
that it exists, so `migrate` on an empty database and test collection are unaffected.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from importlib import import_module

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Left, StrIndex, Substr
from django.utils import timezone

from privacy.keys import crypto

logger = logging.getLogger(__name__)

CANARY_PLAINTEXT = b"lifemento key canary v1"
PROOF_ROWS = 20  # rows tried when a blind-index epoch without a canary must prove its key


class KeyMismatch(ImproperlyConfigured):
    """A key from the environment does not match what the database holds for its id."""


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


def master_canary(kek: crypto.MasterKey) -> bytes:
    nonce = os.urandom(crypto.NONCE_BYTES)
    return nonce + AESGCM(kek.key).encrypt(nonce, CANARY_PLAINTEXT, _aad("master", kek.kid))


def master_canary_opens(kek: crypto.MasterKey, value: bytes) -> bool:
    value = bytes(value)
    try:
        plain = AESGCM(kek.key).decrypt(
            value[: crypto.NONCE_BYTES], value[crypto.NONCE_BYTES :], _aad("master", kek.kid)
        )
    except (InvalidTag, ValueError):
        return False
    return plain == CANARY_PLAINTEXT


def blind_index_canary(key: crypto.BlindIndexKey) -> bytes:
    return hmac.new(key.key, _aad("blind_index", key.epoch), hashlib.sha256).digest()


def blind_index_canary_matches(key: crypto.BlindIndexKey, value: bytes) -> bool:
    return hmac.compare_digest(bytes(value), blind_index_canary(key))


# --- Tables ---------------------------------------------------------------------------------


def _tables(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    with connections[using].cursor() as cursor:
        return set(connections[using].introspection.table_names(cursor))


def _ready(using: str = DEFAULT_DB_ALIAS) -> tuple[bool, bool]:
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


def master_key_problem(kek: crypto.MasterKey, *, canaries: bool = True) -> Problem | None:
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


def _unwraps(kek: crypto.MasterKey, wrapped, subject, key_id: int, wrap_format: int) -> bool:
    """Whether `kek` itself opens this stored data key, in the wrapping it was written in (v1:
    the fixed associated data; v2: bound to its subject and id)."""
    wrapped = bytes(wrapped)
    aad = crypto.WRAP_AAD if wrap_format != crypto.WRAP_V2 else crypto.wrap_aad(subject, key_id)
    try:
        AESGCM(kek.key).decrypt(wrapped[: crypto.NONCE_BYTES], wrapped[crypto.NONCE_BYTES :], aad)
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


def blind_index_key_problem(key: crypto.BlindIndexKey, *, canaries: bool = True) -> Problem | None:
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


def _index_disproves(key: crypto.BlindIndexKey) -> bool:
    """A row indexed under this epoch whose decrypted source gives another index: the bytes
    are not the epoch's key. (Rows whose source no longer opens prove nothing.)"""
    from privacy.keys.fields import SHREDDED, UNREADABLE

    prefix = f"{key.epoch}$"
    for model, field in blind_index_fields():
        rows = model._default_manager.filter(**{f"{field.name}__startswith": prefix}).order_by(
            "pk"
        )[:PROOF_ROWS]
        for row in rows:
            try:
                source = getattr(row, field.source) or ""
            except (InvalidTag, crypto.DecryptionFailed, ImproperlyConfigured):
                continue  # a master key is wrong or missing: reported on its own
            if source in (SHREDDED, UNREADABLE) or not field.normalize(source):
                continue
            expected = crypto.blind_index(field.normalize(source), key)
            return not hmac.compare_digest(expected, getattr(row, field.attname))
    return False


# Keys this process has checked, by kind, id and bytes: a wrong key is refused again on every
# use, the right one costs its queries once.
_verified: set[tuple[str, str, bytes]] = set()


def verify_master_key(kek: crypto.MasterKey) -> None:
    """Raise KeyMismatch unless `kek` matches its canary; before anything is wrapped."""
    _verify(
        ("master", kek.kid, kek.key), lambda canaries: master_key_problem(kek, canaries=canaries)
    )


def verify_blind_index_key(key: crypto.BlindIndexKey) -> None:
    """Raise KeyMismatch unless `key` matches its canary; before any row is indexed."""
    _verify(
        ("blind_index", key.epoch, key.key),
        lambda canaries: blind_index_key_problem(key, canaries=canaries),
    )


def _verify(token: tuple[str, str, bytes], check) -> None:
    if token in _verified:
        return
    data_keys, canaries = _ready()
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


# --- What stored data refers to -------------------------------------------------------------


def blind_index_fields():
    from django.apps import apps

    from privacy.keys.fields import BlindIndexField

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, BlindIndexField):
                yield model, field


def _prefix_counts(queryset, column: str, start: int = 1) -> dict[str, int]:
    """Count rows by the text before the first '$' of `column` (from position `start`)."""
    rest = Substr(F(column), start) if start > 1 else F(column)
    rows = (
        queryset.annotate(_rest=rest)
        .annotate(_kid=Left("_rest", StrIndex("_rest", Value("$")) - 1))
        .values("_kid")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["_kid"]] = counts.get(row["_kid"], 0) + row["n"]
    return counts


@dataclass
class KeyUse:
    kind: str  # "master" or "blind_index"
    kid: str
    configured: bool = False
    current: bool = False
    canary: bool = False
    data_keys: int = 0
    blind_indexes: int = 0  # for a master key: legacy indexes keyed from it
    sessions: int = 0  # live sessions sealed under it (they end empty once it is removed)
    # Access-log reasons sealed under a key derived from it (privacy.accesslog.reasons.seal_reason):
    # the log is append-only, so they keep the key until the entries are pruned.
    log_reasons: int = 0

    @property
    def in_use(self) -> int:
        """Stored data that becomes unreadable or unmatchable without the key."""
        return self.data_keys + self.blind_indexes + self.log_reasons

    @property
    def removable(self) -> bool:
        return not self.current and not self.in_use


def key_uses(using: str = DEFAULT_DB_ALIAS) -> list[KeyUse]:
    """Every key the environment lists or stored data names, with what refers to it."""
    from privacy.keys.models import DataKey, KeyCanary, KeyKind

    masters = crypto.master_keys()
    epochs = crypto.blind_index_keys()
    uses: dict[tuple[str, str], KeyUse] = {}

    def use(kind: str, kid: str) -> KeyUse:
        return uses.setdefault((kind, kid), KeyUse(kind, kid))

    for i, kek in enumerate(masters):
        use(KeyKind.MASTER, kek.kid).configured = True
        use(KeyKind.MASTER, kek.kid).current = i == 0
    for i, key in enumerate(epochs):
        use(KeyKind.BLIND_INDEX, key.epoch).configured = True
        use(KeyKind.BLIND_INDEX, key.epoch).current = i == 0
    data_keys, canaries = _ready(using)
    if not data_keys:
        return list(uses.values())
    canary_kinds: dict[str, str] = {}
    if canaries:
        for kind, kid in KeyCanary.objects.values_list("kind", "kid"):
            use(kind, kid).canary = True
            canary_kinds.setdefault(kid, kind)
    for row in DataKey.objects.values("kek_id").annotate(n=Count("pk")).order_by():
        use(KeyKind.MASTER, row["kek_id"]).data_keys += row["n"]
    master_ids = {kid for kind, kid in uses if kind == KeyKind.MASTER}
    for model, field in blind_index_fields():
        queryset = model._default_manager.exclude(**{field.name: ""}).filter(
            **{f"{field.name}__isnull": False}
        )
        for prefix, n in _prefix_counts(queryset, field.attname).items():
            # A prefix is an epoch, or (legacy values) a master key id; one nobody knows any
            # more is taken for a removed epoch unless only a master key ever had that id.
            if (KeyKind.BLIND_INDEX, prefix) not in uses and (
                prefix in master_ids or canary_kinds.get(prefix) == KeyKind.MASTER
            ):
                use(KeyKind.MASTER, prefix).blind_indexes += n
            else:
                use(KeyKind.BLIND_INDEX, prefix).blind_indexes += n
    for kid, n in _log_reason_counts().items():
        use(KeyKind.MASTER, kid).log_reasons += n
    for kid, n in _session_counts().items():
        if (KeyKind.MASTER, kid) in uses:
            use(KeyKind.MASTER, kid).sessions += n
    return sorted(uses.values(), key=lambda u: (u.kind != KeyKind.MASTER, not u.current, u.kid))


def _log_reason_counts() -> dict[str, int]:
    """Access-log reasons by the master key id their token names ("lmlog1$<kid>$...")."""
    from privacy.accesslog.models import AccessLogEntry
    from privacy.accesslog.reasons import REASON_PREFIX

    prefix = f"{REASON_PREFIX}$"
    queryset = AccessLogEntry.objects.filter(reason__startswith=prefix)
    return _prefix_counts(queryset, "reason", start=len(prefix) + 1)


def _session_counts() -> dict[str, int]:
    """Live sessions by the master key id their sealed data names ("lmenc1$<kid>$...")."""
    try:
        model = import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()
    except (AttributeError, ImportError):
        return {}  # sessions not kept in the database
    prefix = f"{crypto.PREFIX}$"
    queryset = model.objects.filter(session_data__startswith=prefix, expire_date__gt=timezone.now())
    return _prefix_counts(queryset, "session_data", start=len(prefix) + 1)


# --- All keys at once: the check, the start, rotate_keys -------------------------------------


def problems(using: str = DEFAULT_DB_ALIAS) -> list[Problem]:
    """Every reason not to run with this key configuration. Writes the canaries of keys seen
    for the first time."""
    from privacy.keys.models import KeyKind

    try:
        masters = crypto.master_keys()
        epochs = crypto.blind_index_keys()
    except ImproperlyConfigured as error:
        return [Problem("privacy.E024", "", str(error), "Fix the key settings.")]
    data_keys, canaries = _ready(using)
    if not data_keys:
        return []
    found = [master_key_problem(kek, canaries=canaries) for kek in masters]
    found += [blind_index_key_problem(key, canaries=canaries) for key in epochs]
    for use in key_uses(using):
        if use.configured:
            continue
        if use.kind == KeyKind.MASTER:
            found.append(_missing_master(use))
        else:
            found.append(_missing_epoch(use))
    return [p for p in found if p is not None]


def _missing_master(use: KeyUse) -> Problem:
    if use.in_use:
        refs = []
        if use.data_keys:
            refs.append(f"{use.data_keys} data key(s)")
        if use.blind_indexes:
            refs.append(f"{use.blind_indexes} legacy blind index(es)")
        return Problem(
            "privacy.E022",
            use.kid,
            f"Master key {use.kid!r} is missing from FIELD_ENCRYPTION_KEYS but "
            f"{' and '.join(refs)} still need it: their members' data cannot be read.",
            f"Put {use.kid!r} back (after the current key), run `manage.py rotate_keys`, and "
            f"remove it only when `manage.py master_key_status {use.kid}` says it may go.",
        )
    return Problem(
        "privacy.E022",
        use.kid,
        f"Master key {use.kid!r} is missing from FIELD_ENCRYPTION_KEYS but has a check value "
        "in the database: it was in use here.",
        f"If nothing needs it any more (`manage.py master_key_status {use.kid}`), retire it "
        f"with `manage.py master_key_status --retire {use.kid}`; otherwise put it back.",
    )


def _missing_epoch(use: KeyUse) -> Problem:
    if use.blind_indexes:
        return Problem(
            "privacy.E023",
            use.kid,
            f"Blind-index epoch {use.kid!r} is missing from BLIND_INDEX_KEYS but "
            f"{use.blind_indexes} stored index(es) use it: look-ups will not find them.",
            f"Put {use.kid!r} back (after the current epoch), run `manage.py "
            "rotate_blind_index`, then remove it.",
        )
    return Problem(
        "privacy.E023",
        use.kid,
        f"Blind-index epoch {use.kid!r} is missing from BLIND_INDEX_KEYS but has a check value "
        "in the database: it was in use here.",
        f"If nothing needs it any more, retire it with `manage.py master_key_status --retire "
        f"{use.kid}`; otherwise put it back.",
    )


def refuse_unless_keys_sound(using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise KeyMismatch naming every problem (rotate_keys, and the processes' start)."""
    found = problems(using)
    if found:
        for problem in found:
            logger.critical("%s", problem)
        raise KeyMismatch("\n".join(str(p) for p in found))


def refuse_to_start_with_bad_keys() -> None:
    """The web and worker processes' start: refuse a bad key configuration. A database that
    cannot be reached yet is not a reason to refuse (the processes wait for it); the guard
    before each wrap and index still applies once it is back."""
    try:
        refuse_unless_keys_sound()
    except DatabaseError as error:
        logger.warning("keys not checked at start: the database is not reachable (%s)", error)


def check_keys_at_process_start() -> None:
    """refuse_to_start_with_bad_keys for the web and worker processes' entry points, then let
    go of the database: a process that forks afterwards (Celery's prefork pool, gunicorn
    --preload) must not hand its connections or the psycopg pool, whose threads do not survive
    a fork, to its children."""
    try:
        refuse_to_start_with_bad_keys()
    finally:
        for connection in connections.all(initialized_only=True):
            connection.close()
            if getattr(connection, "_connection_pools", {}).get(connection.alias):
                connection.close_pool()


def retire(kid: str) -> list[str]:
    """Delete the canaries of `kid` once nothing stored refers to it; returns the kinds done.
    Raises ValueError naming what still refers to it."""
    from privacy.keys.models import KeyCanary

    done = []
    for use in key_uses():
        if use.kid != kid:
            continue
        if use.current or use.in_use:
            raise ValueError(use)
        if use.canary:
            KeyCanary.objects.filter(kind=use.kind, kid=kid).delete()
            done.append(use.kind)
    return done
