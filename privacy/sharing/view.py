"""What a viewer receives: plain values of the shared items, and nothing to reach further.

A SharedView holds no model instance, queryset or manager: only labels, ids and the values of
the items the grant shares, already decrypted under the member's key. A template or view given
one cannot follow a relation or read an attribute the grant does not cover, because there is
none to follow.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class SharedField:
    item: str  # the policy's item label ("학력")
    name: str  # the field's name ("school")
    label: str  # the field's own label, as forms show it ("학교")
    value: Any  # plaintext: str, date, bool, list (JSON items)
    display: str  # the value as shown (a choice's label, "" for nothing)


@dataclass(frozen=True)
class SharedRecord:
    model: str  # app_label.modelname
    kind: str  # the model's name as members read it ("자기소개서")
    category: str  # the policy category ("자기소개서")
    pk: int
    fields: tuple[SharedField, ...]
    children: tuple[SharedRecord, ...] = ()  # rows shared under this one (its 문항)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.item for f in self.fields))

    @property
    def values(self) -> dict[str, Any]:
        """{field name: value}: a new dict, so changing it changes nothing."""
        return {f.name: f.value for f in self.fields}

    def __getitem__(self, name: str) -> Any:
        for f in self.fields:
            if f.name == name:
                return f.value
        raise KeyError(name)

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name: object) -> bool:
        return any(f.name == name for f in self.fields)

    def of(self, model: type[models.Model] | str) -> tuple[SharedRecord, ...]:
        label = _label(model)
        return tuple(c for c in self.children if c.model == label)


@dataclass(frozen=True)
class SharedView:
    member_id: int
    viewer_id: int
    purpose: str
    grant_id: int
    expires_at: datetime.datetime
    records: tuple[SharedRecord, ...]
    access_log_entry: int  # the id of the access-log entry that recorded this view

    def of(self, model: type[models.Model] | str) -> tuple[SharedRecord, ...]:
        label = _label(model)
        return tuple(r for r in self.records if r.model == label)

    def first(self, model: type[models.Model] | str) -> SharedRecord | None:
        found = self.of(model)
        return found[0] if found else None

    def __bool__(self) -> bool:
        return bool(self.records)

    def __len__(self) -> int:
        return len(self.records)


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def plain(value: Any) -> Any:
    """A value without references back into the ORM (a related row becomes its id)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def display(field: models.Field, value: Any) -> str:
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "예" if value else "아니요"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
