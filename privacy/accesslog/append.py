"""Appending to the access log: who did what, from where, to whose data (제8조), and the way
from a registered model's rows to the members they belong to."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.utils import timezone

from core.http import client_ip
from privacy.accesslog.hashing import (
    FORMAT_VERSION,
    HASHED_FIELDS,
    entry_hash,
    entry_mac,
    head_mac,
    subjects_text,
)
from privacy.accesslog.head import head_time, locked_head
from privacy.accesslog.models import (
    AccessLogAction,
    AccessLogChain,
    AccessLogEntry,
    AccessLogHead,
    AccessLogSubject,
)
from privacy.accesslog.reasons import seal_reason
from privacy.registry.registry import registry

EXPORT_ACTIONS = (AccessLogAction.EXPORT, AccessLogAction.DOWNLOAD)
MEMBER_ROLE = "member"


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


# --- Append ---------------------------------------------------------------------------------


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
    """Append one entry at the end of `chain`. Serialised on the chain's head row, which moves
    with every entry (the verifier compares it with the last entry: a cut end shows)."""
    head = locked_head(chain)
    now = timezone.now()
    # Time never runs backwards along the chain, even across web servers with skewed clocks,
    # so "older than the retention period" is always a prefix of the chain; but only as far as
    # a signed head within the allowed skew says (a head moved to 2099 must not stamp 2099).
    head_at = head_time(head, now)
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
    head.seq, head.hash, head.at = entry.seq, entry.hash, entry.at
    head.mac = head_mac(chain, head.seq, head.hash, head.at)
    if connection.vendor == "postgresql":
        _write_in_one_statement(entry, head)
    else:
        entry.save(force_insert=True)
        # The index of whose data this was, in the same transaction: an entry is never found
        # without its rows, nor its rows without it.
        AccessLogSubject.objects.bulk_create(
            AccessLogSubject(entry=entry, subject=s) for s in entry.subject_ids
        )
        head.save(update_fields=["seq", "hash", "at", "mac"])
    return entry


# The entry, its subject rows and the head's move, in one statement and one round trip: the
# same three writes as the ORM makes on SQLite, under the same head lock, in the same
# transaction (docs/decisions/0025-access-log-append.md). Table and column names are fixed.
_ENTRY_COLUMNS = (*HASHED_FIELDS, "version", "hash", "mac")
_WRITE = f"""
    WITH entry AS (
        INSERT INTO privacy_accesslogentry ({", ".join(_ENTRY_COLUMNS)})
        VALUES ({", ".join("%s::jsonb" if c == "detail" else "%s" for c in _ENTRY_COLUMNS)})
        RETURNING id
    ), subjects AS (
        INSERT INTO privacy_accesslogsubject (entry_id, subject)
        SELECT entry.id, unnest(%s::bigint[]) FROM entry
    ), head AS (
        UPDATE privacy_accessloghead SET seq = %s, hash = %s, at = %s, mac = %s WHERE chain = %s
    )
    SELECT id FROM entry
"""  # noqa: S608 - fixed table and column names


def _write_in_one_statement(entry: AccessLogEntry, head: AccessLogHead) -> None:
    params = [
        json.dumps(entry.detail) if name == "detail" else getattr(entry, name)
        for name in _ENTRY_COLUMNS
    ]
    params += [entry.subject_ids, head.seq, head.hash, head.at, head.mac, head.chain]
    with connection.cursor() as cursor:
        cursor.execute(_WRITE, params)
        (entry.pk,) = cursor.fetchone()
    entry._state.adding = False
    entry._state.db = connection.alias


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
