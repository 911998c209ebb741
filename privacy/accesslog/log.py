"""The access log (접속기록): append, checkpoint, prune, verify, review.

개인정보의 안전성 확보조치 기준 제8조 and the policy's "접속기록의 보관 및 위변조 방지": every
access to a member's personal data by someone other than that member is recorded (account,
time, IP, whose data, what was done) and protected against tampering. 제5조: grants, changes
and revocations of access rights are recorded and kept for 3 years.

Tamper evidence, in layers (docs/decisions/0003-access-log.md):
1. each entry carries SHA-256 over its canonical form including the previous entry's hash;
2. the database refuses UPDATE and DELETE on the table (triggers, migration 0004);
3. each entry's hash, the chain head (with its time) and the daily checkpoints are HMAC-signed
   with ACCESS_LOG_HMAC_KEY, which the database does not hold, so an entry rewritten with its
   hash recomputed, or entries cut from the end, are caught too;
4. checkpoints are numbered per chain and each signs the previous one, one is due every day
   from the chain's installation record, and each is also written to an external witness
   (privacy.accesslog.witness) that the database's owner cannot rewrite, so a tail cut with the
   head put back, a rewind to a backup or a whole-log wipe is reported (issue 17);
5. free-text reasons are stored encrypted under a key of the log's own (derived from the master
   key, bound to the entry's chain and number), never a member's data key, so shredding a
   member leaves the log verifiable, and deleting an entry at the end of retention deletes
   the only copy of its reason the application can read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models.functions import ExtractHour
from django.dispatch import receiver
from django.utils import timezone

from core.http import client_ip
from privacy.accesslog.models import (
    AccessLogAction,
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogCheckpointKind,
    AccessLogEntry,
    AccessLogHead,
    AccessLogPruneAllowance,
    AccessLogSubject,
)
from privacy.keys import masters
from privacy.keys.errors import DecryptionFailed
from privacy.registry.registry import registry

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
# 1: entries written before issue 17 (the hash covers the reason's plaintext); 2: the hash covers
# the stored ciphertext of the reason, so verification needs no key and leaks nothing about it.
FORMAT_VERSION = 2
REASON_PREFIX = "lmlog1"
REASON_PURPOSE = b"lifemento access log reason v1"
UNREADABLE_REASON = "[복구할 수 없는 내용]"  # as privacy.keys.fields.UNREADABLE
KST = ZoneInfo("Asia/Seoul")
PG_PRUNE_SETTING = "lifemento.access_log_prune_before"
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
EXPORT_ACTIONS = (AccessLogAction.EXPORT, AccessLogAction.DOWNLOAD)
MEMBER_ROLE = "member"

# The access log holds account ids, IPs and member ids, kept under the 안전성 확보조치 기준 rather
# than a category of the policy's table, and never encrypted under a member's key: shredding a
# member's key must not make the log unverifiable.
for _model in (
    AccessLogEntry,
    AccessLogSubject,
    AccessLogHead,
    AccessLogCheckpoint,
    AccessLogPruneAllowance,
):
    registry.declare_non_personal(
        _model, "접속기록: 안전성 확보조치 기준 제5조·제8조에 따른 보관 (privacy.accesslog.log)"
    )


class AccessLogBroken(Exception):
    """The chain's head is missing while entries exist: appending would fork the chain."""


class ReasonRequired(ValueError):
    """An export, download or reveal without a stated reason."""


# --- Who and from where -------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    role: str
    ip: str


def actor_from_request(request, user=None) -> Actor:
    user = user if user is not None else getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Actor(None, "", client_ip(request))
    return Actor(user.pk, getattr(user, "role", ""), client_ip(request))


def is_privileged(user) -> bool:
    """Accounts whose sign-ins are recorded: anyone who is not only a member."""
    return bool(user is not None and (user.is_staff or getattr(user, "role", "") != MEMBER_ROLE))


# --- Hashing --------------------------------------------------------------------------------


def subjects_text(ids: Iterable[int | None]) -> str:
    """Canonical ",3,17,42,": sorted, unique, comma-delimited on both sides."""
    unique = sorted({int(i) for i in ids if i is not None})
    return f",{','.join(map(str, unique))}," if unique else ""


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(values: dict) -> bytes:
    """The bytes an entry's hash covers: JSON of HASHED_FIELDS, keys sorted, no whitespace,
    UTF-8, time in UTC with microseconds, plus a format version. `detail` must hold only
    strings, integers, booleans, lists and objects (no floats) so it round-trips exactly."""
    doc = {name: values[name] for name in HASHED_FIELDS}
    doc["at"] = _timestamp(values["at"])
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
    return _mac("head", 2, chain, seq, hash_, _timestamp(at) if at else "")


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
        _timestamp(cp.created_at),
        cp.pruned,
        cp.prev_mac,
    )


def keyed_digest(text: str) -> str:
    """A keyed digest of a value that must be recognisable but not stored (a username typed at
    a failed sign-in is often a password typed into the wrong box)."""
    return _mac("username", text)[:32]


# --- Reasons, encrypted ----------------------------------------------------------------------
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


# --- Append ---------------------------------------------------------------------------------


def _locked_head(chain: str) -> AccessLogHead:
    """The chain's head row, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite
    has a single writer). The unique (chain, seq) constraint is the backstop either way."""
    head = AccessLogHead.objects.select_for_update().filter(chain=chain).first()
    if head is not None:
        return head
    # No head: either the chain was never installed, or its head was deleted (with or without
    # everything else). Entries or checkpoints already there mean the head was deleted, and
    # records of this chain in the witness mean the whole log was wiped or rewound: starting
    # again at 1 would hide that, so refuse (the database refuses such an INSERT too).
    # Each refusal looks at the head once more first: another process may have installed the
    # chain (and appended, and been witnessed) since the look above.
    if (
        AccessLogEntry.objects.filter(chain=chain).exists()
        or AccessLogCheckpoint.objects.filter(chain=chain).exists()
    ):
        if (head := _installed_meanwhile(chain)) is not None:
            return head
        raise AccessLogBroken(
            f"접속기록 체인({chain})의 끝 기록이 없어요. "
            "기록을 멈추고 verify_access_log로 확인하세요."
        )
    if _witnessed_numbers(chain):
        if (head := _installed_meanwhile(chain)) is not None:
            return head
        raise AccessLogBroken(
            f"접속기록 체인({chain})이 데이터베이스에서 비었는데 외부 증인 저장소에는 "
            "기록이 있어요 (전체 삭제 또는 백업으로 되돌림). "
            "기록을 멈추고 verify_access_log로 확인하세요."
        )
    head = AccessLogHead(
        chain=chain, seq=0, hash=GENESIS_HASH, mac=head_mac(chain, 0, GENESIS_HASH, None)
    )
    try:
        with transaction.atomic():
            head.save(force_insert=True)
    except IntegrityError:  # another process started the chain first: wait for its head
        return AccessLogHead.objects.select_for_update().get(chain=chain)
    except DatabaseError as error:  # the install-only trigger: rows appeared meanwhile
        # Usually another process installed the chain and appended between our look and our
        # INSERT (its rows are what the trigger saw): then its head is there to wait for.
        if (head := _installed_meanwhile(chain)) is not None:
            return head
        raise AccessLogBroken(f"접속기록 체인({chain})을 새로 시작할 수 없어요: {error}") from error
    # The installation record: from its day on, a daily checkpoint is due every day.
    _record_checkpoint(chain=chain, kind=AccessLogCheckpointKind.INSTALL, seq=0, hash_=GENESIS_HASH)
    return head


def _installed_meanwhile(chain: str) -> AccessLogHead | None:
    return AccessLogHead.objects.select_for_update().filter(chain=chain).first()


def _witnessed_numbers(chain: str) -> set[int]:
    """Checkpoint numbers of `chain` in the witness; empty when none is configured. Raises
    AccessLogBroken when it cannot be read."""
    from privacy.accesslog import witness

    backend = witness.configured()
    if backend is None:
        return set()
    try:
        return set(backend.numbers(chain))
    except witness.WitnessError as error:
        # Installing blind would let a wiped log start again at 1 unseen: wait for the witness
        # (this happens once per chain; appends to an installed chain never ask it).
        logger.error("access log witness unreadable while installing chain %s: %s", chain, error)
        raise AccessLogBroken(
            f"접속기록 체인({chain})을 시작하기 전에 외부 보관 사본을 읽을 수 없어요. "
            "ACCESS_LOG_WITNESS 설정과 저장소 연결을 확인하세요."
        ) from error


def _head_time(head: AccessLogHead, now: datetime) -> datetime | None:
    """The head's time if it may be trusted: signed (with its time) and not beyond the clock
    plus ACCESS_LOG_CLOCK_SKEW_SECONDS; otherwise the append uses the clock. A head signed by
    the previous code (seq and hash only) is trusted for those, not for its time; a signed head
    beyond the clock is logged; a head whose signature fails (edited in the database) is an
    alert: logged, and a numbered, signed alert checkpoint the verifier reports from then on."""
    if head.at is None:
        return None
    skew = timedelta(seconds=settings.ACCESS_LOG_CLOCK_SKEW_SECONDS)
    signed = hmac.compare_digest(head.mac, head_mac(head.chain, head.seq, head.hash, head.at))
    if signed and head.at <= now + skew:
        return head.at
    if not signed and hmac.compare_digest(
        head.mac, legacy_head_mac(head.chain, head.seq, head.hash)
    ):
        return None
    if signed:
        # Signed by the application itself, so a server whose clock ran ahead: said loudly,
        # and while it lasts the verifier fails on it; nothing was forged, so no alert stays.
        logger.error(
            "access log head of chain %s is beyond the clock (head time %s, clock %s): "
            "appending at the clock's time",
            head.chain,
            head.at.isoformat(),
            now.isoformat(),
        )
        return None
    logger.error(
        "access log head of chain %s fails its signature (head time %s, clock %s): "
        "appending at the clock's time, alert checkpoint recorded",
        head.chain,
        head.at.isoformat(),
        now.isoformat(),
    )
    _record_checkpoint(
        chain=head.chain, kind=AccessLogCheckpointKind.ALERT, seq=head.seq, hash_=head.hash
    )
    return None


@transaction.atomic
def access_log_append(
    *,
    actor: Actor,
    action: str,
    chain: str = AccessLogChain.ACCESS,
    subjects: Iterable[int | None] = (),
    target_type: str = "",
    target_id: str = "",
    reason: str = "",
    detail: dict | None = None,
) -> AccessLogEntry:
    """Append one entry at the end of `chain`. Serialised on the chain's head row."""
    head = _locked_head(chain)
    now = timezone.now()
    # Time never runs backwards along the chain, even across web servers with skewed clocks,
    # so "older than the retention period" is always a prefix of the chain; but only as far as
    # a signed head within the allowed skew says (a head moved to 2099 must not stamp 2099).
    head_at = _head_time(head, now)
    at = max(now, head_at) if head_at else now
    entry = AccessLogEntry(
        chain=chain,
        seq=head.seq + 1,
        at=at,
        actor_id=actor.account_id,
        actor_role=actor.role or "",
        ip=actor.ip or "",
        action=action,
        subjects=subjects_text(subjects),
        target_type=target_type,
        target_id=str(target_id or ""),
        reason=seal_reason(chain, head.seq + 1, reason),
        detail=detail or {},
        version=FORMAT_VERSION,
        prev_hash=head.hash,
    )
    entry.hash = entry_hash({name: getattr(entry, name) for name in (*HASHED_FIELDS, "version")})
    entry.mac = entry_mac(chain, entry.hash)
    entry.save(force_insert=True)
    # The index of whose data this was, in the same transaction: an entry is never found
    # without its rows, nor its rows without it.
    AccessLogSubject.objects.bulk_create(
        AccessLogSubject(entry=entry, subject=s) for s in entry.subject_ids
    )
    head.seq, head.hash, head.at = entry.seq, entry.hash, entry.at
    head.mac = head_mac(chain, head.seq, head.hash, head.at)
    head.save(update_fields=["seq", "hash", "at", "mac"])
    return entry


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def access_log_record_access(
    *,
    request,
    action: str,
    model: type[models.Model],
    subjects: Iterable[int | None],
    target_id: object = "",
    reason: str = "",
    detail: dict | None = None,
) -> AccessLogEntry | None:
    """Record that the requesting account saw or handled members' data. The account's own
    data is not an access "by someone other than the member" and is left out; nothing is
    recorded when no one else's data was involved."""
    actor = actor_from_request(request)
    others = {s for s in subjects if s is not None and s != actor.account_id}
    if not others:
        return None
    return access_log_append(
        actor=actor,
        action=action,
        subjects=others,
        target_type=model_label(model),
        target_id=str(target_id or ""),
        reason=reason,
        detail=detail,
    )


def access_log_record_export(
    *,
    request,
    reason: str,
    model: type[models.Model],
    subjects: Iterable[int | None],
    rows: int,
    file_format: str = "csv",
    action: str = AccessLogAction.EXPORT,
) -> AccessLogEntry:
    """An export or download by staff: refused without a reason; the reason is recorded.
    Recorded even when only the actor's own data is in it, because the file leaves the system."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("내보내기·다운로드에는 사유가 필요해요.")
    if action not in EXPORT_ACTIONS:
        raise ValueError(f"{action} is not an export or download")
    return access_log_append(
        actor=actor_from_request(request),
        action=action,
        subjects=subjects,
        target_type=model_label(model),
        reason=reason,
        detail={"rows": int(rows), "format": file_format},
    )


# --- Sign-in, sign-out, failed sign-in ------------------------------------------------------
# Django's auth signals are the only hook for these (the admin's login view is Django's own);
# the receivers only hand over to the services.


def access_log_record_sign_in(*, request, user) -> AccessLogEntry | None:
    if not is_privileged(user):
        return None  # a member signing in to their own account is not an access to others' data
    return access_log_append(
        actor=actor_from_request(request, user), action=AccessLogAction.SIGN_IN
    )


def access_log_record_sign_out(*, request, user) -> AccessLogEntry | None:
    if not is_privileged(user):
        return None
    return access_log_append(
        actor=actor_from_request(request, user), action=AccessLogAction.SIGN_OUT
    )


def access_log_record_sign_in_failed(*, request, username: str) -> AccessLogEntry:
    """A failed password sign-in (only staff and consultants have passwords). The account is
    named by id when the username exists; the typed text itself is kept only as a keyed digest,
    so repeated attempts group together without the log storing what was typed."""
    account = (
        get_user_model().objects.filter(username=username).only("pk", "role").first()
        if username
        else None
    )
    actor = Actor(
        account.pk if account else None,
        getattr(account, "role", "") if account else "",
        client_ip(request),
    )
    return access_log_append(
        actor=actor,
        action=AccessLogAction.SIGN_IN_FAILED,
        detail={"username_digest": keyed_digest(username or ""), "known_account": bool(account)},
    )


@receiver(user_logged_in, dispatch_uid="privacy.accesslog.log.sign_in")
def _on_sign_in(sender, request, user, **kwargs):
    access_log_record_sign_in(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="privacy.accesslog.log.sign_out")
def _on_sign_out(sender, request, user, **kwargs):
    access_log_record_sign_out(request=request, user=user)


@receiver(user_login_failed, dispatch_uid="privacy.accesslog.log.sign_in_failed")
def _on_sign_in_failed(sender, credentials, request=None, **kwargs):
    user_model = get_user_model()
    username = credentials.get(user_model.USERNAME_FIELD) or credentials.get("username") or ""
    access_log_record_sign_in_failed(request=request, username=str(username))


# --- Permission and role changes ------------------------------------------------------------

PERMISSION_FIELDS = ("role", "is_staff", "is_superuser", "is_active")


def permission_snapshot(account_id: int | None) -> dict | None:
    """What an account may do: role, flags, groups and direct permissions (names, not ids, so
    the record stays readable after a group is renamed or deleted)."""
    if account_id is None:
        return None
    user_model = get_user_model()
    row = user_model.objects.filter(pk=account_id).values(*PERMISSION_FIELDS).first()
    if row is None:
        return None
    user = user_model(pk=account_id)
    row["groups"] = sorted(user.groups.values_list("name", flat=True))
    row["permissions"] = sorted(
        f"{app}.{codename}"
        for app, codename in user.user_permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    return row


def has_privileges(snapshot: dict | None) -> bool:
    if not snapshot:
        return False
    return bool(
        snapshot["is_staff"]
        or snapshot["is_superuser"]
        or snapshot["role"] != MEMBER_ROLE
        or snapshot["groups"]
        or snapshot["permissions"]
    )


def access_log_record_permission_change(
    *, request, account_id: int, before: dict | None, after: dict | None, reason: str = ""
) -> AccessLogEntry | None:
    """Record a grant, change or revocation of an account's access rights (제5조: 3 years).
    `before` None is a new account, `after` None a deleted one."""
    if before == after or not (has_privileges(before) or has_privileges(after)):
        return None
    if before is None or after is None:  # a new account, a deleted one: all of it
        changes = {"before": before, "after": after}
    else:  # only what changed
        keys = [k for k in before if before[k] != after.get(k)]
        changes = {"before": {k: before[k] for k in keys}, "after": {k: after[k] for k in keys}}
    if before is None:
        action = AccessLogAction.PERMISSION_GRANT
    elif not has_privileges(after) or (before["is_active"] and not after["is_active"]):
        action = AccessLogAction.PERMISSION_REVOKE
    else:
        action = AccessLogAction.PERMISSION_CHANGE
    return access_log_append(
        chain=AccessLogChain.PERMISSION,
        actor=actor_from_request(request),
        action=action,
        subjects=[account_id],
        target_type=model_label(get_user_model()),
        target_id=str(account_id),
        reason=reason,
        detail=changes,
    )


# --- Whose data: from a registered model to member ids --------------------------------------


def member_path(model: type[models.Model]) -> str:
    """ORM path from a row to its member's account id, from the registry's owner path
    ("cover_letter.member.subject" → "cover_letter__member"); "" when the row is the account."""
    entry = registry.entry(model)
    if entry is not None:
        return entry.account_path
    if model is get_user_model():
        return ""
    for path in (
        "member",
        "profile__member",
        "cover_letter__member",
        "question__cover_letter__member",
    ):
        try:
            _resolve_path(model, path)
        except LookupError:
            continue
        return path
    raise LookupError(f"{model._meta.label}: no way from a row to its member")


def _resolve_path(model, path: str) -> None:
    current = model
    for part in path.split("__"):
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist as error:
            raise LookupError(path) from error
        current = f.related_model
        if current is None:
            raise LookupError(path)


def member_ids(
    model: type[models.Model], objects: Iterable[models.Model]
) -> dict[object, int | None]:
    """{row pk: member account id} for rows of `model`, with at most one query."""
    objects = list(objects)
    path = member_path(model)
    if path == "" and model is not get_user_model():
        # Rows keyed by a subject of their own (the retention store's): no account any more.
        return {obj.pk: None for obj in objects}
    if path == "":
        return {obj.pk: obj.pk for obj in objects}
    if "__" not in path:
        attname = model._meta.get_field(path).attname
        return {obj.pk: getattr(obj, attname) for obj in objects}
    if not objects:
        return {}
    rows = model._default_manager.filter(pk__in=[o.pk for o in objects]).values_list("pk", path)
    return dict(rows)


# --- Checkpoints and retention --------------------------------------------------------------


def _record_checkpoint(*, chain: str, kind: str, seq: int, hash_: str, pruned: int = 0):
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
        "created_at": _timestamp(cp.created_at),
        "pruned": cp.pruned,
        "prev_mac": cp.prev_mac,
        "mac": cp.mac,
        "head": None
        if head is None
        else {
            "seq": head["seq"],
            "hash": head["hash"],
            "at": _timestamp(head["at"]) if head["at"] else "",
            "mac": head["mac"],
        },
        "written_at": _timestamp(timezone.now()),
    }


def access_log_witness_sync() -> WitnessSync:
    """Write to the witness every checkpoint it does not hold yet, oldest first. A write that
    fails leaves the checkpoint in the database, blocks nothing, and is retried by the next
    call (after each checkpoint, and by the daily jobs); the verifier reports what is pending."""
    from privacy.accesslog import witness

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


@transaction.atomic
def access_log_checkpoint() -> list[AccessLogCheckpoint]:
    """The daily checkpoint: each chain's head (seq, hash), HMAC-signed."""
    checkpoints = []
    for chain in AccessLogChain.values:
        head = _locked_head(chain)
        checkpoints.append(
            _record_checkpoint(
                chain=chain, kind=AccessLogCheckpointKind.DAILY, seq=head.seq, hash_=head.hash
            )
        )
    return checkpoints


def retention_days(chain: str) -> int:
    if chain == AccessLogChain.PERMISSION:
        return settings.ACCESS_LOG_PERMISSION_RETENTION_DAYS
    return settings.ACCESS_LOG_RETENTION_DAYS


@contextmanager
def _prune_allowance(before: datetime) -> Iterator[None]:
    """Let the delete triggers pass rows older than `before`, for this transaction only. The
    triggers still refuse anything younger than 365 days, whatever the allowance says."""
    if not connection.in_atomic_block:
        raise RuntimeError("the prune allowance must be used inside a transaction")
    # Withdrawn again at the end; when the block failed, the transaction is rolled back,
    # which withdraws it (and no query may run before that).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config(%s, %s, true)", [PG_PRUNE_SETTING, before.isoformat()]
            )
            try:
                yield
            finally:
                if not connection.needs_rollback:
                    cursor.execute("SELECT set_config(%s, '', true)", [PG_PRUNE_SETTING])
    else:
        allowance = AccessLogPruneAllowance.objects.create(before=before)
        try:
            yield
        finally:
            if not connection.needs_rollback:
                AccessLogPruneAllowance.objects.filter(pk=allowance.pk).delete()


@transaction.atomic
def access_log_prune(*, now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Delete entries past their retention period (access 2 years, permissions 3 years).

    Only a prefix of a chain is ever cut, and a signed checkpoint at the last removed entry is
    recorded first, so verification starts from it and still covers everything kept.

    With `limit`, at most that many entries per chain go: a shorter prefix, with its own prune
    checkpoint, so each bounded call leaves a chain that verifies and the next call carries on
    from there (the daily job prunes this way, one batch per transaction).
    """
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    now = now or timezone.now()
    removed: dict[str, int] = {}
    for chain in AccessLogChain.values:
        cutoff = now - timedelta(days=retention_days(chain))
        head = _locked_head(chain)
        first_kept = (
            AccessLogEntry.objects.filter(chain=chain, at__gte=cutoff)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        last_removed = first_kept - 1 if first_kept is not None else head.seq
        doomed = AccessLogEntry.objects.filter(chain=chain, seq__lte=last_removed)
        if limit is not None:
            bound = list(doomed.order_by("seq").values_list("seq", flat=True)[limit - 1 : limit])
            if bound:
                last_removed = bound[0]
                doomed = doomed.filter(seq__lte=last_removed)
        count = doomed.count()
        if not count:
            removed[chain] = 0
            continue
        last = AccessLogEntry.objects.get(chain=chain, seq=last_removed)
        _record_checkpoint(
            chain=chain,
            kind=AccessLogCheckpointKind.PRUNE,
            seq=last.seq,
            hash_=last.hash,
            pruned=count,
        )
        with _prune_allowance(cutoff):
            # The index rows first: the database's foreign key would refuse the entries
            # while their rows remain.
            AccessLogSubject.objects.filter(entry__in=doomed.values("pk")).delete()
            removed[chain], _ = doomed.delete()
    return removed


# --- Verification ---------------------------------------------------------------------------


@dataclass
class Problem:
    chain: str
    seq: int | None
    message: str

    def __str__(self) -> str:
        label = AccessLogChain(self.chain).label
        where = f"일련번호 {self.seq}" if self.seq is not None else "체인 전체"
        return f"[{label}] {where}: {self.message}"


@dataclass
class ChainSummary:
    chain: str
    entries: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    checkpoints: int = 0
    # Checkpoints the witness holds (None: no witness configured, or it could not be read).
    witnessed: int | None = None
    # Format-1 entries whose reason is still stored in the clear (written during a deploy).
    plaintext_reasons: int = 0


@dataclass
class Verification:
    problems: list[Problem] = field(default_factory=list)
    chains: list[ChainSummary] = field(default_factory=list)
    # Not tampering, but protection that is not in place: checkpoints the witness does not hold
    # yet, a witness that cannot be read.
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None


def access_log_verify(*, chunk_size: int = 5000) -> Verification:
    """Walk every chain from its start (genesis, or the latest prune checkpoint) to its head.

    Reports, per chain, the first entry that was changed (hash mismatch), removed (a gap in
    the sequence), or reordered / rewritten (prev_hash not chaining, or a signed checkpoint
    disagreeing), plus any checkpoint or head whose HMAC is wrong or that the entries contradict.
    """
    started = time.perf_counter()
    result = Verification()
    # One snapshot for every read: the log is appended to while it is verified, and an entry
    # that lands between reading the entries, their subject index and the head would look like
    # a missing index row or a cut end, a false alarm to the privacy officer. A transaction is
    # a snapshot on SQLite; PostgreSQL needs REPEATABLE READ (settable only before the
    # transaction's first query, so not when called inside one, as in tests).
    with transaction.atomic():
        # Entered as the outermost block, no savepoint was made: nothing ran in it yet.
        if connection.vendor == "postgresql" and not connection.savepoint_ids:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for chain in AccessLogChain.values:
            summary = ChainSummary(chain)
            result.chains.append(summary)
            problem = _verify_chain(chain, summary, chunk_size, result.warnings)
            if problem is not None:
                result.problems.append(problem)
            if summary.plaintext_reasons:
                result.warnings.append(
                    f"[{AccessLogChain(chain).label}] 사유가 암호화되지 않은 항목 "
                    f"{summary.plaintext_reasons}건 (배포 중 이전 코드가 쓴 항목)."
                )
    result.seconds = time.perf_counter() - started
    return result


def _verify_chain(
    chain: str, summary: ChainSummary, chunk_size: int, warnings: list[str]
) -> Problem | None:
    checkpoints = list(AccessLogCheckpoint.objects.filter(chain=chain).order_by("number", "id"))
    summary.checkpoints = len(checkpoints)
    head = AccessLogHead.objects.filter(chain=chain).first()
    problem = (
        _verify_checkpoints(chain, checkpoints, head)
        or _verify_entries(chain, summary, chunk_size, checkpoints, head)
        or _verify_witness(chain, summary, checkpoints, head, warnings)
    )
    return problem


def _days(days: list[date]) -> str:
    """'2026-03-04–2026-03-06, 2026-03-09': consecutive days as ranges."""
    spans: list[list[date]] = []
    for day in days:
        if spans and day - spans[-1][1] == timedelta(days=1):
            spans[-1][1] = day
        else:
            spans.append([day, day])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


def _verify_checkpoints(
    chain: str, checkpoints: list[AccessLogCheckpoint], head: AccessLogHead | None
) -> Problem | None:
    """The checkpoints' own chain: each signed, numbered 1, 2, 3… without a hole, each signing
    the previous one; one installation record; no alert; a daily checkpoint every day since."""
    previous: AccessLogCheckpoint | None = None
    for cp in checkpoints:
        if not hmac.compare_digest(cp.mac, checkpoint_mac(cp)):
            return Problem(
                chain, cp.seq, f"체크포인트 #{cp.pk}의 서명(HMAC)이 맞지 않아요 (위조·변경)."
            )
        expected = previous.number + 1 if previous else 1
        if cp.number != expected:
            missing = f"{expected}" if cp.number == expected + 1 else f"{expected}–{cp.number - 1}"
            return Problem(
                chain,
                None,
                f"체크포인트 {missing}번이 없어요 (삭제됨). Checkpoint(s) {missing} missing.",
            )
        if cp.prev_mac != (previous.mac if previous else ""):
            return Problem(
                chain,
                None,
                f"체크포인트 {cp.number}번이 앞 체크포인트와 이어지지 않아요 (바꿔 끼움).",
            )
        previous = cp
    for cp in checkpoints:
        if cp.kind == AccessLogCheckpointKind.ALERT:
            return Problem(
                chain,
                cp.seq,
                f"{timezone.localtime(cp.created_at):%Y-%m-%d %H:%M}에 체인 끝 기록의 서명이나 "
                "시각이 맞지 않아 기록이 현재 시각으로 이어졌어요 (체인 끝 변조 또는 시계 오류, "
                f"체크포인트 {cp.number}번). The chain head was found tampered with.",
            )
    installs = [cp for cp in checkpoints if cp.kind == AccessLogCheckpointKind.INSTALL]
    if not installs:
        if checkpoints or head is not None:
            return Problem(
                chain, None, "체인의 설치 기록이 없어요 (삭제됨). Installation record missing."
            )
        return None
    if len(installs) > 1:
        return Problem(chain, None, "설치 기록이 둘 이상이에요 (체인을 다시 시작함).")
    # 00:05 KST each day signs the day before: from the day after installation through
    # yesterday, every day must have its daily checkpoint.
    start = timezone.localtime(installs[0].created_at, KST).date()
    today = timezone.localdate(timezone.now(), KST)
    dailies = {
        timezone.localtime(cp.created_at, KST).date()
        for cp in checkpoints
        if cp.kind == AccessLogCheckpointKind.DAILY
    }
    gap = [
        start + timedelta(days=n)
        for n in range(1, (today - start).days)
        if start + timedelta(days=n) not in dailies
    ]
    if gap:
        return Problem(
            chain,
            None,
            f"일일 체크포인트가 없는 날이 있어요: {_days(gap)} "
            f"(삭제되었거나 작업이 돌지 않음). Days without a daily checkpoint: {_days(gap)}.",
        )
    return None


def _verify_entries(
    chain: str,
    summary: ChainSummary,
    chunk_size: int,
    checkpoints: list[AccessLogCheckpoint],
    head: AccessLogHead | None,
) -> Problem | None:
    prunes = [cp for cp in checkpoints if cp.kind == AccessLogCheckpointKind.PRUNE]
    base = max(prunes, key=lambda cp: cp.seq) if prunes else None
    expected_seq = (base.seq if base else 0) + 1
    prev_hash = base.hash if base else GENESIS_HASH
    prev_seq = base.seq if base else 0
    pinned: dict[int, list[AccessLogCheckpoint]] = defaultdict(list)
    for cp in checkpoints:
        # An alert records what the head claimed when found wrong, which pins nothing.
        if cp.seq >= expected_seq and cp.kind != AccessLogCheckpointKind.ALERT:
            pinned[cp.seq].append(cp)
    last_at = None

    entries = (
        AccessLogEntry.objects.filter(chain=chain, seq__gte=expected_seq)
        .order_by("seq")
        .values(*VERIFIED_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    # The subject index, walked alongside in the same order (a merge, no query per entry).
    indexed = (
        AccessLogSubject.objects.filter(entry__chain=chain, entry__seq__gte=expected_seq)
        .order_by("entry__seq", "subject")
        .values_list("entry__seq", "subject")
        .iterator(chunk_size=chunk_size)
    )
    row = next(indexed, None)
    for values in entries:
        seq = values["seq"]
        if seq != expected_seq:
            return Problem(
                chain,
                expected_seq,
                f"항목이 없어요 (삭제되었거나 일련번호가 바뀜; 다음 항목은 일련번호 {seq}).",
            )
        if (values["version"] or 1) == 1 and values["reason"]:
            # Written before the reasons were encrypted: its hash covers the plaintext, which
            # is the decrypted reason (encrypted by migration 0013) or, for an entry a process
            # on the previous code wrote during the deploy, the stored text itself. The hash
            # decides which; nothing is inferred from how the text looks.
            try:
                values["reason"] = open_reason_token(chain, seq, values["reason"])
            except DecryptionFailed:
                if entry_hash(values) == values["hash"]:
                    summary.plaintext_reasons += 1
        if entry_hash(values) != values["hash"]:
            return Problem(chain, seq, "항목 내용이 변경되었어요 (해시 불일치).")
        if not hmac.compare_digest(values["mac"], entry_mac(chain, values["hash"])):
            return Problem(
                chain, seq, "항목 내용이 변경되고 해시가 다시 계산되었어요 (서명 불일치)."
            )
        if values["prev_hash"] != prev_hash:
            # Either the previous entry was changed and its hash recomputed, or this one's
            # link was; the earlier of the two is named.
            return Problem(
                chain,
                prev_seq if summary.entries else seq,
                f"일련번호 {seq}의 이전 해시가 앞 항목과 이어지지 않아요 "
                f"(일련번호 {prev_seq} 또는 {seq}가 변경·재배열됨).",
            )
        cp = next((c for c in pinned.get(seq, ()) if c.hash != values["hash"]), None)
        if cp is not None:
            return Problem(
                chain,
                seq,
                f"체크포인트 #{cp.pk}({timezone.localtime(cp.created_at):%Y-%m-%d %H:%M})에 서명된 "
                "해시와 달라요 (이 항목부터 체인이 다시 계산됨).",
            )
        named = []
        while row is not None and row[0] <= seq:
            named.append(row[1])
            row = next(indexed, None)
        recorded = sorted({int(s) for s in values["subjects"].split(",") if s})
        if named != recorded:
            # The hashed `subjects` is the record; its index must say exactly the same, or
            # someone's history would show (or hide) an entry.
            hint = (
                " 빠진 행만 있다면 `manage.py access_log_reindex`로 채울 수 있어요 "
                "(배포 중 이전 코드가 쓴 항목)."
                if set(named) < set(recorded)
                else ""
            )
            return Problem(
                chain,
                seq,
                "정보주체 색인이 항목의 정보주체와 달라요 (색인 행이 추가·삭제됨). "
                f"색인: {', '.join(map(str, named)) or '없음'}.{hint}",
            )
        summary.entries += 1
        summary.first_seq = summary.first_seq or seq
        summary.last_seq = seq
        prev_hash, prev_seq, last_at = values["hash"], seq, values["at"]
        expected_seq = seq + 1

    last_seq = prev_seq
    beyond = [seq for seq in pinned if seq > last_seq]
    if beyond:
        cp = pinned[min(beyond)][0]
        return Problem(
            chain,
            last_seq + 1,
            f"체크포인트 #{cp.pk}는 일련번호 {cp.seq}까지 있었다고 서명했지만 기록은 "
            f"일련번호 {last_seq}에서 끝나요 (뒷부분 삭제).",
        )
    if head is None:
        if last_seq or checkpoints:
            return Problem(chain, None, "체인 끝 기록이 없어요 (삭제됨).")
        return None
    if not (
        hmac.compare_digest(head.mac, head_mac(chain, head.seq, head.hash, head.at))
        or hmac.compare_digest(head.mac, legacy_head_mac(chain, head.seq, head.hash))
    ):
        return Problem(chain, head.seq, "체인 끝 기록의 서명(HMAC)이 맞지 않아요 (위조·변경).")
    if head.seq != last_seq or head.hash != prev_hash:
        if head.seq > last_seq:
            return Problem(
                chain,
                last_seq + 1,
                f"기록이 일련번호 {last_seq}에서 끝나지만 체인 끝은 일련번호 {head.seq}예요 "
                "(뒷부분 삭제).",
            )
        return Problem(chain, head.seq, "체인 끝 기록과 마지막 항목이 달라요.")
    skew = timedelta(seconds=settings.ACCESS_LOG_CLOCK_SKEW_SECONDS)
    if head.at is not None and (
        head.at > timezone.now() + skew or (last_at is not None and head.at != last_at)
    ):
        return Problem(
            chain,
            head.seq,
            f"체인 끝 시각({timezone.localtime(head.at):%Y-%m-%d %H:%M})이 마지막 항목이나 "
            "현재 시각과 맞지 않아요 (시각 변조). The head's time was moved.",
        )
    return None


def _verify_witness(
    chain: str,
    summary: ChainSummary,
    checkpoints: list[AccessLogCheckpoint],
    head: AccessLogHead | None,
    warnings: list[str],
) -> Problem | None:
    """The database against the witness: every checkpoint the witness holds must be in the
    database, the newest identical, and the head no earlier than the one witnessed with it."""
    from privacy.accesslog import witness

    backend = witness.configured()
    label = AccessLogChain(chain).label
    if backend is None:
        warnings.append(f"[{label}] 외부 증인 저장소가 설정되지 않았어요 (ACCESS_LOG_WITNESS).")
        return None
    try:
        held = backend.numbers(chain)
        newest = json.loads(backend.get(witness.record_name(chain, held[-1]))) if held else None
    except (witness.WitnessError, ValueError) as error:
        warnings.append(f"[{label}] 외부 증인 저장소를 읽을 수 없어요: {error}")
        return None
    summary.witnessed = len(held)
    by_number = {cp.number: cp for cp in checkpoints}
    absent = [n for n in held if n not in by_number]
    if absent:
        return Problem(
            chain,
            None,
            f"외부 증인 저장소에 있는 체크포인트 {_numbers(absent)}번이 데이터베이스에 없어요 "
            "(기록 삭제·전체 삭제 또는 이전 백업으로 되돌림). "
            f"Witnessed checkpoint(s) {_numbers(absent)} missing from the database.",
        )
    if newest is not None:
        number = held[-1]
        problem = _compare_witness_record(chain, newest, by_number[number], head)
        if problem is not None:
            return problem
    pending = sorted(set(by_number) - set(held))
    if pending:
        warnings.append(
            f"[{label}] 외부 증인 저장소에 아직 쓰지 못한 체크포인트 {len(pending)}개 "
            f"({_numbers(pending)}번): 다음 체크포인트 때 다시 써요."
        )
    return None


def _numbers(numbers: list[int]) -> str:
    if len(numbers) > 3 and numbers[-1] - numbers[0] == len(numbers) - 1:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(map(str, numbers[:10])) + (" …" if len(numbers) > 10 else "")


def _compare_witness_record(
    chain: str, record: dict, cp: AccessLogCheckpoint, head: AccessLogHead | None
) -> Problem | None:
    number = record.get("number")
    copy = AccessLogCheckpoint(
        chain=chain,
        number=number,
        kind=record.get("kind"),
        seq=record.get("seq"),
        hash=record.get("hash"),
        created_at=datetime.fromisoformat(record["created_at"]),
        pruned=record.get("pruned"),
        prev_mac=record.get("prev_mac"),
    )
    if not hmac.compare_digest(record.get("mac", ""), checkpoint_mac(copy)):
        return Problem(chain, None, f"외부 증인 저장소의 체크포인트 {number}번 서명이 맞지 않아요.")
    if cp.mac != record["mac"]:
        return Problem(
            chain,
            cp.seq,
            f"데이터베이스의 체크포인트 {number}번이 외부 증인 저장소의 것과 달라요 (다시 쓰임). "
            f"Checkpoint {number} differs from the witness.",
        )
    witnessed = record.get("head")
    if witnessed:
        at = datetime.fromisoformat(witnessed["at"]) if witnessed["at"] else None
        if not hmac.compare_digest(
            witnessed["mac"], head_mac(chain, witnessed["seq"], witnessed["hash"], at)
        ) and not hmac.compare_digest(
            witnessed["mac"], legacy_head_mac(chain, witnessed["seq"], witnessed["hash"])
        ):
            return Problem(chain, None, "외부 증인 저장소의 체인 끝 기록 서명이 맞지 않아요.")
        if head is None or head.seq < witnessed["seq"]:
            when = timezone.localtime(datetime.fromisoformat(record["written_at"]))
            return Problem(
                chain,
                (head.seq + 1) if head else None,
                f"체인 끝(일련번호 {head.seq if head else '없음'})이 외부 증인 저장소가 "
                f"{when:%Y-%m-%d %H:%M}에 본 체인 끝(일련번호 {witnessed['seq']})보다 앞이에요 "
                "(뒷부분 삭제 또는 되돌림). The head is behind the witnessed head.",
            )
    return None


# --- Monthly review -------------------------------------------------------------------------


def previous_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[first day 00:00 KST, first day of the next month 00:00 KST)."""
    start = datetime(month.year, month.month, 1, tzinfo=KST)
    nxt = (start + timedelta(days=32)).replace(day=1)
    return start, nxt


@dataclass
class ManyMembers:
    actor_id: int | None
    actor_role: str
    members: int
    entries: int


@dataclass
class FailedSignIns:
    username_digest: str
    actor_id: int | None
    attempts: int
    ips: list[str]


@dataclass
class ReviewReport:
    month: date
    start: datetime
    end: datetime
    threshold: int
    total: int
    many_members: list[ManyMembers]
    off_hours: list[AccessLogEntry]
    off_hours_total: int
    exports: list[AccessLogEntry]
    failed_sign_ins: list[FailedSignIns]


OFF_HOURS_SHOWN = 500


def access_log_review(*, month: date, threshold: int | None = None) -> ReviewReport:
    """The monthly review of unusual access: accounts that saw more than `threshold` distinct
    members, access between 22:00 and 07:00 KST, exports and downloads, failed sign-ins."""
    threshold = settings.ACCESS_LOG_REVIEW_MEMBER_THRESHOLD if threshold is None else threshold
    start, end = month_bounds(month)
    month_entries = AccessLogEntry.objects.filter(
        chain=AccessLogChain.ACCESS, at__gte=start, at__lt=end
    )

    # Distinct members per account, counted by the database over the subject index: one
    # query, and memory that does not grow with the month's entries.
    per_actor = (
        AccessLogSubject.objects.filter(
            entry__chain=AccessLogChain.ACCESS, entry__at__gte=start, entry__at__lt=end
        )
        .values_list("entry__actor_id", "entry__actor_role")
        .annotate(
            members=models.Count("subject", distinct=True),
            entries=models.Count("entry", distinct=True),
        )
        .filter(members__gt=threshold)
        .order_by()
    )
    many = sorted(
        (
            ManyMembers(actor_id, role, members, entries)
            for actor_id, role, members, entries in per_actor
        ),
        key=lambda m: -m.members,
    )

    off_hours = (
        month_entries.exclude(action=AccessLogAction.SIGN_IN_FAILED)
        .annotate(kst_hour=ExtractHour("at", tzinfo=KST))
        .filter(models.Q(kst_hour__gte=22) | models.Q(kst_hour__lt=7))
        .order_by("at", "seq")
    )
    failed: dict[str, FailedSignIns] = {}
    for actor_id, ip, detail in month_entries.filter(
        action=AccessLogAction.SIGN_IN_FAILED
    ).values_list("actor_id", "ip", "detail"):
        digest = (detail or {}).get("username_digest", "")
        row = failed.setdefault(digest, FailedSignIns(digest, actor_id, 0, []))
        row.attempts += 1
        if ip and ip not in row.ips:
            row.ips.append(ip)
    return ReviewReport(
        month=month,
        start=start,
        end=end,
        threshold=threshold,
        total=month_entries.count(),
        many_members=many,
        off_hours=list(off_hours[:OFF_HOURS_SHOWN]),
        off_hours_total=off_hours.count(),
        exports=list(month_entries.filter(action__in=EXPORT_ACTIONS).order_by("at", "seq")),
        failed_sign_ins=sorted(failed.values(), key=lambda f: -f.attempts),
    )


def group_member_ids(group_id: int) -> list[int]:
    return list(get_user_model().objects.filter(groups__pk=group_id).values_list("pk", flat=True))


def group_permission_snapshot(group_id: int) -> list[str]:
    from django.contrib.auth.models import Group

    return sorted(
        f"{app}.{codename}"
        for app, codename in Group.objects.get(pk=group_id).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def access_log_record_group_change(
    *,
    request,
    group_id: int,
    before: list[str] | None,
    after: list[str] | None,
    members: Iterable[int] | None = None,
) -> AccessLogEntry | None:
    """A group's permissions changed: every account in it gained or lost them (제5조).
    `members` must be given for a deleted group (its memberships are gone by then)."""
    from django.contrib.auth.models import Group

    if before == after or not (before or after):  # nothing granted, nothing taken away
        return None
    if before is None:
        action = AccessLogAction.PERMISSION_GRANT
    elif after is None:
        action = AccessLogAction.PERMISSION_REVOKE
    else:
        action = AccessLogAction.PERMISSION_CHANGE
    if members is None:
        members = group_member_ids(group_id)
    return access_log_append(
        chain=AccessLogChain.PERMISSION,
        actor=actor_from_request(request),
        action=action,
        subjects=list(members),
        target_type=model_label(Group),
        target_id=str(group_id),
        detail={
            "added": sorted(set(after or ()) - set(before or ())),
            "removed": sorted(set(before or ()) - set(after or ())),
        },
    )
