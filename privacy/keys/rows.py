"""Rows with encrypted fields: whose key seals them, and the binding of each value to its row.

Binding (format v2, issue 17): every ciphertext names, as associated data, the row's data
subject (resolved from the row as the database says now), the table, the column, the row's
primary key and the row's version (`SealedRow.sealed_version`). So a value opens only in the
row it was written for, under the key of that row's subject, and only until the row's
ciphertexts are written again. A value therefore opens only with its row: the attribute
(EncryptedAttribute) opens it with the instance; values()/values_list() have no row, and
their encrypted values open as the placeholder (load instances instead).
"""

from __future__ import annotations

import functools
import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models, router, transaction

from privacy.keys import datakeys, sealing

if TYPE_CHECKING:
    from privacy.keys.fields import EncryptedMixin


def resolve_subject(instance: models.Model) -> uuid.UUID:
    from privacy.registry.registry import registry

    entry = registry.entry(type(instance))
    if entry is None:
        raise ImproperlyConfigured(
            f"{type(instance).__name__} has encrypted fields but no registry entry (owner)."
        )
    value: Any = instance
    for part in entry.owner.split("."):
        value = getattr(value, part)
    if isinstance(value, str):  # e.g. an unsaved user restored from a session
        value = uuid.UUID(value)
    if not isinstance(value, uuid.UUID):
        raise ImproperlyConfigured(f"{entry.owner} of {type(instance).__name__} is not a UUID")
    return value


def field_aad(model: type[models.Model], name: str) -> str:
    """The v1 binding: the column only."""
    return f"{model._meta.label_lower}.{name}"


def _account_fk(model: type[models.Model]):
    """The foreign key to the member account when the owner path is "<fk>.subject", else None:
    such rows find their subject through the unit of work's account map (no query per row)."""
    cached = model.__dict__.get("_sealed_account_fk", False)
    if cached is not False:
        return cached
    from django.contrib.auth import get_user_model

    from privacy.registry.registry import registry

    fk = None
    entry = registry.entry(model)
    if entry is not None and not hasattr(model, "encryption_subject"):
        parts = entry.owner.split(".")
        if len(parts) == 2 and parts[1] == "subject":
            field = model._meta.get_field(parts[0])
            if _forward_fk(field) and field.related_model is get_user_model():
                fk = field
    model._sealed_account_fk = fk
    return fk


def _forward_fk(field) -> bool:
    return bool(field.concrete and (field.many_to_one or field.one_to_one))


def bound_subject(instance: models.Model) -> uuid.UUID | None:
    """The data subject whose key encrypts this row: `encryption_subject()` where the model
    has its own key (rights requests), else the registry's owner path, resolved from the row
    now, never from what a token claims. None when the row has no owner (any more)."""
    return bound_owner(instance)[0]


def bound_owner(instance: models.Model) -> tuple[uuid.UUID | None, int | None]:
    """(subject, account): the subject as bound_subject() says, and the id of the member
    account the row's owner path goes through (None for a row that is the account itself or
    has its own key). Both are in the binding: re-pointing rows to another account fails even
    if the accounts' subjects were swapped as well."""
    if hasattr(instance, "encryption_subject"):
        value: Any = instance.encryption_subject()
        account = None
    else:
        value, account = _walk_owner(instance)
    if isinstance(value, str):
        value = uuid.UUID(value)
    return value, account


def _walk_owner(instance: models.Model) -> tuple[Any, int | None]:
    """The owner path followed through relations already loaded; the last hop to the member
    account, when not loaded, through the unit of work's account map (one query per batch of
    accounts, not one per row)."""
    from privacy.registry.registry import registry

    entry = registry.entry(type(instance))
    if entry is None:
        return resolve_subject(instance), None  # raises ImproperlyConfigured
    parts = entry.owner.split(".")
    value: Any = instance
    last = len(parts) - 1
    for i, part in enumerate(parts):
        if i == last - 1 and parts[last] == "subject":
            field = value._meta.get_field(part)
            if _forward_fk(field) and field.related_model is _user_model():
                account = getattr(value, field.attname)
                if account is None:
                    return None, None
                if not field.is_cached(value):
                    return datakeys.account_subject(account), account
                return getattr(value, part).subject, account
        value = getattr(value, part)
        if value is None:
            return None, None
    return value, None


def row_binding(
    instance: models.Model, field: EncryptedMixin, subject: uuid.UUID, *, as_read: bool = False
) -> str:
    """The binding of `field` in `instance`'s row; `as_read`: of the values as they were read
    (the pk they were loaded with, which delete() or a copy's `pk = None` do not change)."""
    if as_read:
        pk = instance.__dict__.get("_sealed_pk", instance.pk)
        account = read_owner(instance)[1]
    else:
        pk, account = instance.pk, bound_owner(instance)[1]
    return sealing.binding(
        subject, field.model._meta.db_table, field.column, pk, instance.sealed_version, account
    )


def sealed_values(instance: SealedRow, **changes) -> dict[str, Any]:
    """Column values for QuerySet.update() that write `changes` (plaintext by field name) to
    `instance`'s row: every encrypted field of the row, re-encrypted under the row's next
    version, and that version. Condition the update on `sealed_version=instance.sealed_version`
    and call `instance.sealed_written(values)` once it applied."""
    names = sealed_fields(type(instance))
    plaintexts = {f.attname: getattr(instance, f.attname) for f in names}
    plaintexts.update({instance._meta.get_field(n).attname: v for n, v in changes.items()})
    version = instance.sealed_version + 1
    subject, account = bound_owner(instance)
    values: dict[str, Any] = {"sealed_version": version}
    table = instance._meta.db_table
    unopened = instance.__dict__.get("_sealed_unopened", {})
    for f in names:
        kept = unopened.get(f.attname)
        if kept is not None and plaintexts[f.attname] == kept[1]:
            values[f.attname] = kept[0]  # a placeholder left as it was: keep what is stored
            continue
        bound = sealing.binding(subject, table, f.column, instance.pk, version, account)
        values[f.attname] = f.seal(subject, bound, plaintexts[f.attname])
    return values


def sealed_fields(model: type[models.Model]) -> list[EncryptedMixin]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


class SealedRow(models.Model):
    """Base of every model with encrypted fields: the row's version, part of each ciphertext's
    binding, advanced whenever the row's ciphertexts are written, with all of them re-encrypted
    in that write. An older ciphertext of this row put back no longer opens."""

    sealed_version = models.PositiveIntegerField("암호문 버전", default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fields = sealed_fields(type(self))
        names = {f.attname for f in fields}
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            wanted = set(update_fields)
            if not wanted & (names | {f.name for f in fields}):
                return super().save(*args, **kwargs)
            kwargs["update_fields"] = wanted | names | {"sealed_version"}
        deferred = self.get_deferred_fields() & (names | {"sealed_version"})
        if deferred and self.pk is not None:
            # One query, not one per field; the values stay sealed until opened on this
            # instance, whose owner is the row's (refresh_from_db would open them elsewhere).
            manager = type(self)._base_manager.db_manager(self._state.db)
            fresh = manager.filter(pk=self.pk).only(*deferred).get()
            for name in deferred:
                self.__dict__[name] = fresh.__dict__[name]
        for name in names:  # open every value under the binding it was read with
            getattr(self, name)
        self.sealed_version = (self.sealed_version or 0) + 1
        if self.pk is not None:
            super().save(*args, **kwargs)
            self._sealed_saved()
            return None
        # A new row with an automatic key: the binding names the pk, known once inserted.
        # Insert with the encrypted columns blank (pre_save), then write the ciphertexts in
        # one UPDATE, in the same transaction: one query more per insert, none per read.
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            self._sealed_inserting = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self._sealed_inserting
            values = {f.attname: f.pre_save(self, False) for f in fields}
            if any(v not in (None, "") for v in values.values()):
                type(self)._base_manager.using(using).filter(pk=self.pk).update(**values)
        self._sealed_saved()
        return None

    def _sealed_saved(self) -> None:
        """The row as just written is what later reads of this instance are bound to; an
        account just written lets rows naming it by id find its subject without a query."""
        self._sealed_pk = self.pk
        self.__dict__.pop("_sealed_owner", None)
        if type(self) is _user_model() and isinstance(self.__dict__.get("subject"), uuid.UUID):
            datakeys.know_account(self.pk, self.subject)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._sealed_pk = instance.pk
        fk = _account_fk(cls)
        if fk is not None:
            account = instance.__dict__.get(fk.attname)
            if account is not None:
                datakeys.want_account(account)
        if cls.__dict__.get("_sealed_is_account") is None:
            cls._sealed_is_account = cls is _user_model()
        if cls._sealed_is_account:
            subject = instance.__dict__.get("subject")
            if isinstance(subject, uuid.UUID):
                datakeys.know_account(instance.pk, subject)
        return instance

    def sealed_written(self, values: dict[str, Any]) -> None:
        """After an update() with sealed_values(): the instance holds the row's new version."""
        self.sealed_version = values["sealed_version"]
        self.__dict__.pop("_sealed_owner", None)


@functools.cache
def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def read_owner(instance: models.Model) -> tuple[uuid.UUID | None, int | None]:
    """bound_owner() for opening the values an instance was read with, resolved once per
    instance (every encrypted value of a row shares it)."""
    try:
        return instance.__dict__["_sealed_owner"]
    except KeyError:
        owner = instance.__dict__["_sealed_owner"] = bound_owner(instance)
        return owner
