"""The encryption scan (`manage.py verify_encryption`, issue 17): every encrypted value of every
registered model opened under its row's binding, every data key unwrapped under its own.

It reports rows still in the v1 format (bound to their column only), values stored in the
clear, values that do not open (altered, moved to another row, column or member, an older
value of the row put back, or under another subject's key) and data keys in the v1 wrapping
or not unwrapping under their subject and id. Rows whose data key was destroyed are shredded,
awaiting deletion: counted, not a failure. A scan that finds nothing in the v1 format records
v1's retirement, after which v1 values are refused even while FIELD_ENCRYPTION_ACCEPT_V1 is
still set (privacy.keys.datakeys.v1_accepted).

Read-only apart from that record; batches of `batch_size` rows, each with a fresh key cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from django.db import models

from privacy.accesslog.append import member_path
from privacy.keys import datakeys, sealing
from privacy.keys.errors import KeyDestroyed
from privacy.keys.models import DataKey, EncryptionFormatRetirement
from privacy.keys.rotation import _raw_values, opens_in_row
from privacy.registry.registry import registry


@dataclass
class ScanReport:
    rows_checked: dict[str, int] = field(default_factory=dict)
    v1_rows: dict[str, list[int]] = field(default_factory=dict)
    plaintext_rows: dict[str, list[int]] = field(default_factory=dict)
    unreadable_rows: dict[str, list[int]] = field(default_factory=dict)
    shredded_rows: dict[str, int] = field(default_factory=dict)
    v1_keys: list[int] = field(default_factory=list)
    bad_keys: list[int] = field(default_factory=list)
    v1_retired: bool = False

    @property
    def old_format(self) -> bool:
        return bool(self.v1_rows or self.plaintext_rows or self.v1_keys)

    @property
    def clean(self) -> bool:
        return not (self.old_format or self.unreadable_rows or self.bad_keys)


def scan_model(model: type[models.Model], report: ScanReport, batch_size: int = 500) -> None:
    encrypted = [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
    if not encrypted:
        return
    label = model._meta.label
    relation = member_path(model)
    queryset = model._base_manager.order_by("pk")
    if relation:
        queryset = queryset.select_related(relation)
    checked, last_pk = 0, 0
    while True:
        datakeys.clear_key_cache()
        rows = list(queryset.filter(pk__gt=last_pk)[:batch_size])
        if not rows:
            break
        raw = _raw_values(model, [f.name for f in encrypted], [r.pk for r in rows])
        named = {
            sealing.key_id_or_none(v) for vs in raw.values() for v in vs if sealing.is_token(v)
        }
        existing = set(DataKey.objects.filter(pk__in=named - {None}).values_list("pk", flat=True))
        for row in rows:
            checked += 1
            verdict = _row_verdict(row, encrypted, raw[row.pk], existing)
            if verdict == "shredded":
                report.shredded_rows[label] = report.shredded_rows.get(label, 0) + 1
            elif verdict:
                getattr(report, f"{verdict}_rows").setdefault(label, []).append(row.pk)
        last_pk = rows[-1].pk
    report.rows_checked[label] = checked


def _row_verdict(row: models.Model, fields, stored: list, existing: set[int]) -> str | None:
    verdict = None
    for f, value in zip(fields, stored, strict=True):
        if value is None or value == "":
            continue
        if not sealing.is_token(value):
            return "plaintext"
        key_id = sealing.key_id_or_none(value)
        if key_id is not None and key_id != 0 and key_id not in existing:
            return "shredded"  # whatever its format: awaits deletion, opens for nobody
        if not sealing.is_v2(value):
            verdict = "v1"
            continue
        try:
            if not opens_in_row(row, f, value):
                return "unreadable"
        except KeyDestroyed:
            return "shredded"
    return verdict


def scan_keys(report: ScanReport, batch_size: int = 500) -> None:
    last_pk = 0
    while True:
        keys = list(
            DataKey.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "kek_id", "wrapped_key", "subject", "wrap_format")[:batch_size]
        )
        if not keys:
            return
        for pk, kek_id, wrapped, subject, wrap_format in keys:
            if wrap_format != datakeys.WRAP_V2:
                report.v1_keys.append(pk)
                continue
            try:
                datakeys.unwrap_bound(kek_id, wrapped, subject, pk, wrap_format)
            except (InvalidTag, ValueError):  # reported, never raised
                report.bad_keys.append(pk)
        last_pk = keys[-1][0]


def verify_encryption(
    *, batch_size: int = 500, progress: Callable | None = None, retire: bool = True
) -> ScanReport:
    report = ScanReport()
    scan_keys(report, batch_size)
    for model in list(registry.entries):
        scan_model(model, report, batch_size)
        if progress:
            progress(model, report)
    if retire and not report.old_format:
        EncryptionFormatRetirement.objects.get_or_create(version=1)
        datakeys.clear_key_cache()
    report.v1_retired = EncryptionFormatRetirement.objects.filter(version=1).exists()
    return report
