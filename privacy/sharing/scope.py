"""What a grant shares, in the retention registry's terms, and how it is read.

A grant names things the way the policy does: an item of a registered model ("본인 프로필: 이름",
all the member's rows of that model), or one object (a cover letter by id) with the rows the
registry files directly under it (its 문항), whole or by item. Nothing else is readable through a
grant: not a model's other items, not an object's other rows, not rows two steps down (a
문항's earlier 답변 버전s), not many-to-many links (a 문항's linked 경험 are objects of their
own, shared by their own id), never another member's rows.

Privacy imports no domain app: models are found by their label in the registry, which the
domains filled (their `privacy.py`), and their rows through the registry's owner path.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Q

from privacy.keys.fields import BlindIndexField
from privacy.registry.registry import ModelEntry, registry
from privacy.sharing.view import SharedField, SharedRecord, display, plain

ALL = ""  # the item of a Share that means every item


class ShareInvalid(ValueError):
    """A grant names something it cannot share: an unregistered model, an item the model does
    not have, a category the provision does not cover, or a row that is not the member's."""


@dataclass(frozen=True)
class Share:
    model: str  # app_label.modelname of a registered model
    item: str = ALL  # one of the policy's item labels the registry gives the model, or all
    object_id: int | None = None  # one row (and the rows directly under it), or every row

    def __str__(self) -> str:
        where = f"#{self.object_id}" if self.object_id is not None else ""
        return f"{self.model}{where}:{self.item or '*'}"


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def share_item(model: type[models.Model] | str, item: str) -> Share:
    """`item` (e.g. "이름") in every row of `model` the member has."""
    return Share(_label(model), item)


def share_object(model: type[models.Model] | str, pk: int, item: str = ALL) -> Share:
    """One row of `model` (e.g. a cover letter) and the rows directly under it, all their
    items or only `item`."""
    return Share(_label(model), item, int(pk))


# --- The registry, read for sharing -------------------------------------------------------


def entry_of(label: str) -> ModelEntry:
    """The registry entry of a shareable model: registered, and reached from a member account
    (not the account itself, not rows under a key of their own)."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise ShareInvalid(f"{label}: no such model") from None
    entry = registry.entry(model)
    if entry is None or not entry.account_path or entry.own_key:
        raise ShareInvalid(f"{label}: not a member's registered data")
    return entry


@cache
def children(model: type[models.Model]) -> tuple[tuple[ModelEntry, str], ...]:
    """(entry, foreign key) of the registered models whose rows sit directly under a row of
    `model`: their owner path goes through `model` first (a 문항 under its 자기소개서)."""
    root = registry.entry(model)
    found = []
    for entry in registry.entries.values():
        first, _, rest = entry.account_path.partition("__")
        if not rest or rest != root.account_path:
            continue
        field = entry.model._meta.get_field(first)
        if field.many_to_one and field.related_model is model:
            found.append((entry, first))
    return tuple(found)


def item_labels(entry: ModelEntry) -> frozenset[str]:
    return frozenset(item.label for item in entry.items)


def shown_fields(entry: ModelEntry, labels: frozenset[str]) -> list[tuple[str, models.Field]]:
    """(item label, field) of the items `labels` names (ALL: every item), in registry order.
    Many-to-many links and blind indexes are never shown."""
    out = []
    for item in entry.items:
        if ALL not in labels and item.label not in labels:
            continue
        for name in item.fields:
            field = entry.model._meta.get_field(name)
            if field.many_to_many or isinstance(field, BlindIndexField):
                continue
            out.append((item.label, field))
    return out


def _rows(entry: ModelEntry, member_id: int) -> models.QuerySet:
    """The member's rows of `entry`, with the rows between them and the account joined (each
    value's binding names its owner, resolved from the row: no query per row)."""
    path = entry.account_path
    queryset = entry.model._default_manager.filter(**{path: member_id})
    if "__" in path:
        queryset = queryset.select_related(path.rsplit("__", 1)[0])
    return queryset


# --- Checking what a grant names ----------------------------------------------------------


def checked(member, shares: Iterable[Share], categories: frozenset[str]) -> list[Share]:
    """`shares` without duplicates, each checked against the registry and the member's rows
    (one query per model named by object). Raises ShareInvalid."""
    unique = list(dict.fromkeys(shares))
    objects: dict[str, set[int]] = defaultdict(set)
    for share in unique:
        entry = entry_of(share.model)
        if entry.category.name not in categories:
            raise ShareInvalid(f"{share}: {entry.category.name} is not covered by this provision")
        known = item_labels(entry)
        if share.object_id is not None:
            objects[share.model].add(share.object_id)
            known |= {label for child, _ in children(entry.model) for label in item_labels(child)}
        if share.item != ALL and share.item not in known:
            raise ShareInvalid(f"{share}: no item {share.item!r} there")
    for label, pks in objects.items():
        rows = _rows(entry_of(label), member.pk).filter(pk__in=pks)
        found = set(rows.values_list("pk", flat=True))
        if found != pks:
            raise ShareInvalid(f"{label} {sorted(pks - found)}: not the member's")
    return unique


# --- Reading what a grant shares ----------------------------------------------------------


@dataclass
class Wanted:
    """What to read of one model: items in every row, and items per object."""

    everywhere: set[str]
    objects: dict[int, set[str]]

    def labels(self, pk: int) -> frozenset[str]:
        return frozenset(self.everywhere | self.objects.get(pk, set()))


def wanted_by_model(shares: Iterable[Share]) -> dict[str, Wanted]:
    """Shares grouped by model, in the order the grant names them."""
    grouped: dict[str, Wanted] = {}
    for share in shares:
        wanted = grouped.setdefault(share.model, Wanted(set(), {}))
        if share.object_id is None:
            wanted.everywhere.add(share.item)
        else:
            wanted.objects.setdefault(share.object_id, set()).add(share.item)
    return grouped


def record(entry: ModelEntry, row: models.Model, labels: frozenset[str], children=()):
    """The row's shown items as plain values (decrypted here, on the row they belong to)."""
    fields = []
    for item, field in shown_fields(entry, labels):
        value = plain(getattr(row, field.attname))
        label = str(field.verbose_name)
        fields.append(SharedField(item, field.name, label, value, display(field, value)))
    meta = entry.model._meta
    return SharedRecord(
        model=meta.label_lower,
        kind=str(meta.verbose_name),
        category=entry.category.name,
        pk=row.pk,
        fields=tuple(fields),
        children=tuple(children),
    )


def read(member_id: int, shares: Iterable[Share]) -> list[SharedRecord]:
    """The member's rows each share names, as records: one query per model named and one per
    model of rows under objects, whatever the number of shares or rows."""
    out = []
    for label, wanted in wanted_by_model(shares).items():
        entry = entry_of(label)
        condition = Q() if wanted.everywhere else Q(pk__in=list(wanted.objects))
        rows = list(_rows(entry, member_id).filter(condition))
        under = _under(entry, member_id, wanted, [row.pk for row in rows])
        own = item_labels(entry) | {ALL}
        out += [
            record(entry, row, wanted.labels(row.pk) & own, under.get(row.pk, ())) for row in rows
        ]
    return out


def _under(entry: ModelEntry, member_id: int, wanted: Wanted, pks: list[int]):
    """{parent pk: [records]} of the rows under the shared objects among `pks`."""
    under: dict[int, list[SharedRecord]] = defaultdict(list)
    for child, fk in children(entry.model):
        own = item_labels(child) | {ALL}
        chosen = {pk: frozenset(wanted.objects[pk] & own) for pk in pks if pk in wanted.objects}
        parents = [pk for pk, labels in chosen.items() if labels]
        if not parents:
            continue
        attname = child.model._meta.get_field(fk).attname
        rows = _rows(child, member_id).filter(**{f"{fk}__in": parents}).select_related(fk)
        for row in rows:
            parent = getattr(row, attname)
            under[parent].append(record(child, row, chosen[parent]))
    return under
