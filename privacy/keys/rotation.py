"""Key rotation: re-wrap data keys under the current master key, re-encrypt every encrypted
row under fresh data keys, recompute blind indexes, and delete retired keys nobody uses.

Runs in small batches, each its own transaction, so the site keeps serving: a request that
read a member's old data key just before it was retired still writes a ciphertext that
decrypts (retired keys stay until no row references them and the grace period has passed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from privacy.accesslog.append import member_path
from privacy.keys import blind_index, datakeys, keyguard, masters, sealing
from privacy.keys.errors import DecryptionFailed
from privacy.keys.fields import BlindIndexField, blind_index_fields
from privacy.keys.models import DataKey, DataKeyState
from privacy.keys.rows import bound_subject, row_binding
from privacy.registry.registry import registry


@dataclass
class RotationReport:
    rewrapped: int = 0
    subjects_rekeyed: int = 0
    rows_reencrypted: dict[str, int] = field(default_factory=dict)
    # Rows left as they are because a stored value opens under no key (altered, moved or
    # malformed): model label -> primary keys, for someone to look at, never overwritten.
    rows_unreadable: dict[str, list[int]] = field(default_factory=dict)
    retired_deleted: int = 0
    indexes_recomputed: dict[str, int] = field(default_factory=dict)


def rewrap_data_keys(batch_size: int = 500) -> int:
    """Every data key (active or retired) wrapped under the current master key."""
    current = masters.current_master()
    done = 0
    while True:
        with transaction.atomic():
            # Under another master key, or wrapped in the v1 format (not bound to the key).
            batch = list(
                DataKey.objects.select_for_update(skip_locked=True)
                .exclude(kek_id=current.kid, wrap_format=datakeys.WRAP_V2)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return done
            for key in batch:
                _rewrap_bound(key, current)
            DataKey.objects.bulk_update(batch, ["kek_id", "wrapped_key", "wrap_format"])
            done += len(batch)


def _rewrap_bound(key: DataKey, current: masters.MasterKey) -> None:
    """Re-wrap `key` under `current`, bound to its subject and id (wrap format v2)."""
    dek = datakeys.unwrap_bound(key.kek_id, key.wrapped_key, key.subject, key.pk, key.wrap_format)
    key.kek_id, key.wrapped_key = datakeys.wrap_bound(dek, key.subject, key.pk, current)
    key.wrap_format = datakeys.WRAP_V2


def rekey_subjects(started: timezone.datetime, batch_size: int = 500) -> int:
    """Retire every active data key created before `started` and give its subject a new one."""
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                DataKey.objects.select_for_update(skip_locked=True)
                .filter(state=DataKeyState.ACTIVE, created_at__lt=started)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return done
            for key in batch:
                key.state = DataKeyState.RETIRED
                key.retired_at = timezone.now()
                key.save(update_fields=["state", "retired_at"])
                datakeys.clear_key_cache()
                datakeys.active_key_id(key.subject)  # creates the new active key
            done += len(batch)


def _raw_values(model: type[models.Model], names: list[str], pks: list[int]) -> dict[int, list]:
    """The columns as stored (ciphertext), bypassing decryption."""
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
    placeholders = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(meta.pk.column)}, {columns} "  # noqa: S608
            f"FROM {connection.ops.quote_name(meta.db_table)} "
            f"WHERE {connection.ops.quote_name(meta.pk.column)} IN ({placeholders})",
            pks,
        )
        return {row[0]: list(row[1:]) for row in cursor.fetchall()}


def reencrypt_rows(
    model: type[models.Model],
    batch_size: int = 200,
    progress: Callable | None = None,
    unreadable: list[int] | None = None,
    only_unbound: bool = False,
) -> int:
    """Save every row's encrypted fields again: each is re-encrypted under its subject's
    active data key, and legacy plaintext (written before encryption) gets encrypted. Rows
    whose data key was destroyed are left alone: they are shredded and await deletion.
    `only_unbound`: only rows holding a value not yet in the v2 binding (`--rebind`)."""
    encrypted = [f.name for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
    if not encrypted:
        return 0
    names = encrypted + [
        f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)
    ]
    relation = member_path(model)  # the owner's row, for the subject; "" for the account
    queryset = model._default_manager.order_by("pk")
    if relation:
        queryset = queryset.select_related(relation)
    done, last_pk = 0, 0
    while True:
        datakeys.clear_key_cache()
        with transaction.atomic():
            rows = list(queryset.filter(pk__gt=last_pk)[:batch_size])
            if not rows:
                return done
            raw = _raw_values(model, encrypted, [r.pk for r in rows])
            referenced = {
                sealing.key_id_or_none(v)
                for values in raw.values()
                for v in values
                if sealing.is_token(v)
            }
            existing = set(DataKey.objects.filter(pk__in=referenced).values_list("pk", flat=True))
            fields = [model._meta.get_field(n) for n in encrypted]
            for row in rows:
                stored = raw[row.pk]
                if only_unbound and all(
                    v in (None, "") or (sealing.is_token(v) and sealing.is_v2(v)) for v in stored
                ):
                    continue
                tokens = [
                    (f, v) for f, v in zip(fields, stored, strict=True) if sealing.is_token(v)
                ]
                key_ids = [sealing.key_id_or_none(v) for _, v in tokens]
                if any(k is not None and k not in existing for k in key_ids):
                    continue  # shredded: awaits deletion
                if not all(opens_in_row(row, f, token) for f, token in tokens):
                    # Saving would replace what cannot be read with the placeholder, for good.
                    if unreadable is not None:
                        unreadable.append(row.pk)
                    continue
                row.save(update_fields=names)
                done += 1
            last_pk = rows[-1].pk
        if progress:
            progress(model, done)


def opens_in_row(row: models.Model, field, token: str) -> bool:
    """Whether `token` opens as `row`'s value of `field`, under the row's binding (v2) or, while
    v1 is accepted, its column's (v1). A data key found missing raises KeyDestroyed."""
    subject = bound_subject(row)
    try:
        if sealing.is_v2(token):
            if subject is None:
                return False
            sealing.decrypt_bound(subject, row_binding(row, field, subject), token)
        else:
            sealing.decrypt_field_v1(field.aad(), token, subject)
    except DecryptionFailed:
        return False
    return True


def delete_unused_retired_keys(grace_seconds: int | None = None) -> int:
    """Delete retired keys no ciphertext refers to any more, once past the grace period."""
    grace = settings.DATA_KEY_RETIRED_GRACE_SECONDS if grace_seconds is None else grace_seconds
    cutoff = timezone.now() - timedelta(seconds=grace)
    candidates = set(
        DataKey.objects.filter(state=DataKeyState.RETIRED, retired_at__lte=cutoff).values_list(
            "pk", flat=True
        )
    )
    if not candidates:
        return 0
    for model in list(registry.entries):
        for f in model._meta.concrete_fields:
            if not getattr(f, "encrypted", False):
                continue
            for pk in list(candidates):
                for version in (sealing.PREFIX, sealing.PREFIX_V2):
                    prefix = f"{version}${pk}$"
                    lookup = {f"{f.name}__startswith": prefix}
                    if model._default_manager.filter(**lookup).exists():
                        candidates.discard(pk)
    deleted, _ = DataKey.objects.filter(pk__in=candidates).delete()
    return deleted


def rotate(
    *,
    batch_size: int = 200,
    rewrap_only: bool = False,
    rebind: bool = False,
    progress: Callable | None = None,
) -> RotationReport:
    # Never start with a key missing or wrong: re-wrapping would fail half-way, or wrap under
    # bytes that do not open what is stored (privacy.keys.keyguard).
    keyguard.refuse_unless_keys_sound()
    report = RotationReport()
    started = timezone.now()
    report.rewrapped = rewrap_data_keys()
    if rewrap_only:
        return report
    if rebind:
        return rebind_rows(report, batch_size=batch_size, progress=progress)
    report.subjects_rekeyed = rekey_subjects(started)
    for model in list(registry.entries):
        unreadable: list[int] = []
        count = reencrypt_rows(
            model, batch_size=batch_size, progress=progress, unreadable=unreadable
        )
        if count:
            report.rows_reencrypted[model._meta.label] = count
        if unreadable:
            report.rows_unreadable[model._meta.label] = unreadable
    report.retired_deleted = delete_unused_retired_keys()
    report.indexes_recomputed = recompute_blind_indexes(batch_size=batch_size)
    return report


# --- Blind-index epochs ---------------------------------------------------------------------


def recompute_blind_indexes(
    batch_size: int = 500, progress: Callable | None = None
) -> dict[str, int]:
    """Every blind index not under the current epoch (an older epoch, or the legacy form keyed
    from a master key) recomputed under it. An index can only be recomputed from plaintext, so
    each row's source field is decrypted; a row whose source no longer opens (shredded,
    unreadable) keeps its value and is counted nowhere. Batches by primary key, rows locked
    while recomputed, so a member saving a new phone number meanwhile is not overwritten with
    the old one's index. Returns rows recomputed per "label.field"."""
    from privacy.keys.fields import SHREDDED, UNREADABLE

    current = blind_index.current_blind_index_key()
    done: dict[str, int] = {}
    for model, index in blind_index_fields():
        stale = (
            model._default_manager.exclude(**{index.name: ""})
            .filter(**{f"{index.name}__isnull": False})
            .exclude(**{f"{index.name}__startswith": f"{current.epoch}$"})
            .order_by("pk")
        )
        label, count, last_pk = f"{model._meta.label}.{index.name}", 0, None
        while True:
            datakeys.clear_key_cache()
            with transaction.atomic():
                rows = stale if last_pk is None else stale.filter(pk__gt=last_pk)
                rows = list(rows.select_for_update()[:batch_size])
                if not rows:
                    break
                for row in rows:
                    source = getattr(row, index.source) or ""
                    if source in (SHREDDED, UNREADABLE):
                        continue
                    normalized = index.normalize(source)
                    value = blind_index.blind_index(normalized) if normalized else ""
                    model._default_manager.filter(pk=row.pk).update(**{index.name: value})
                    count += 1
                last_pk = rows[-1].pk
            if progress:
                progress(label, count)
        if count:
            done[label] = count
    return done


def rebind_rows(
    report: RotationReport, *, batch_size: int = 200, progress: Callable | None = None
) -> RotationReport:
    """Issue 17's online re-encryption: every row still holding a v1 value (or plaintext) is
    written again in the v2 binding, under the keys it has (no re-keying), in batches of their
    own transactions; rows that do not open are reported, not overwritten. Needs
    FIELD_ENCRYPTION_ACCEPT_V1 while v1 data remains (privacy.keys.datakeys.v1_accepted)."""
    for model in list(registry.entries):
        unreadable: list[int] = []
        count = reencrypt_rows(
            model,
            batch_size=batch_size,
            progress=progress,
            unreadable=unreadable,
            only_unbound=True,
        )
        if count:
            report.rows_reencrypted[model._meta.label] = count
        if unreadable:
            report.rows_unreadable[model._meta.label] = unreadable
    return report
