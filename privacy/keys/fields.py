"""Model fields stored encrypted (privacy.keys.crypto) and a blind index for equality lookups.

In Python the attribute holds plaintext; in the database the column holds only ciphertext.
Decryption is lazy: a row read from the database keeps each encrypted value sealed (`Sealed`,
the ciphertext and its column) until the attribute is first read, so a list that shows no
encrypted field fetches no data key, and one that does fetches the keys of all its rows in one
query (privacy.keys.crypto batches the keys the loaded rows named).

Encryption happens in pre_save, where the instance is known, because the key belongs to the
instance's data subject (the registry's `owner` path, e.g. "member.subject"). Any other way of
writing a plaintext value to the column — QuerySet.update(), a lookup — is refused, so
plaintext cannot reach the database by accident; code that updates in bulk encrypts first with
`sealed_values(instance, field=value)`.

Binding (format v2, issue 17): every ciphertext names, as associated data, the row's data
subject (resolved from the row as the database says now), the table, the column, the row's
primary key and the row's version (`SealedRow.sealed_version`). So a value opens only in the
row it was written for, under the key of that row's subject, and only until the row's
ciphertexts are written again. A value therefore opens only with its row: the attribute
(EncryptedAttribute) opens it with the instance; values()/values_list() have no row, and
their encrypted values open as the placeholder (load instances instead).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import json
import logging
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models, router, transaction
from django.db.models.query_utils import DeferredAttribute

from privacy.keys import crypto

logger = logging.getLogger(__name__)

SHREDDED = "[파기된 정보]"
# A stored value no key opens: altered, moved from another column or row, or malformed. Shown
# (and logged) instead of failing the page; never the text of whoever's ciphertext it was.
UNREADABLE = "[복구할 수 없는 내용]"


class PlaintextRefused(Exception):
    """A plaintext value was about to be written to an encrypted column."""


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
                    return crypto.account_subject(account), account
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
    return crypto.binding(
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
        bound = crypto.binding(subject, table, f.column, instance.pk, version, account)
        values[f.attname] = f.seal(subject, bound, plaintexts[f.attname])
    return values


def encrypt_for(*args, **kwargs):
    raise ImproperlyConfigured(
        "encrypt_for() is gone: a ciphertext is bound to its row and version, use "
        "privacy.keys.fields.sealed_values(instance, field=value) with update()."
    )


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
            crypto.know_account(self.pk, self.subject)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._sealed_pk = instance.pk
        fk = _account_fk(cls)
        if fk is not None:
            account = instance.__dict__.get(fk.attname)
            if account is not None:
                crypto.want_account(account)
        if cls.__dict__.get("_sealed_is_account") is None:
            cls._sealed_is_account = cls is _user_model()
        if cls._sealed_is_account:
            subject = instance.__dict__.get("subject")
            if isinstance(subject, uuid.UUID):
                crypto.know_account(instance.pk, subject)
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


class Sealed:
    """An encrypted column's value as read, not yet decrypted: the ciphertext and its field.

    Opening decrypts under the data key the ciphertext names, in the current unit of work's key
    cache, so a value read in one request and opened in another (a cached instance) obeys the
    key's state at the time it is opened: once the key is destroyed it opens as shredded.
    A v2 value opens only with its row (`open(instance)`), whose subject, pk and version are
    its binding.
    """

    __slots__ = ("field", "token")

    def __init__(self, field: EncryptedMixin, token: str) -> None:
        self.field = field
        self.token = token

    def open(self, row: models.Model | None = None):
        field = self.field
        try:
            return field.from_plaintext(self._decrypt(row))
        except crypto.KeyDestroyed:
            logger.warning("%s: ciphertext whose data key was destroyed", self._where(row))
            return self._unopened(row, field.shredded_value())
        except crypto.KeyMisused as error:
            logger.error(
                "ALERT %s: ciphertext under another subject's key refused (%s)",
                self._where(row),
                error,
            )
        except crypto.FormatRetired as error:
            logger.error("ALERT %s: retired v1 ciphertext refused (%s)", self._where(row), error)
        except crypto.DecryptionFailed as error:
            logger.error(
                "ALERT %s: stored ciphertext does not open under its binding (%s)",
                self._where(row),
                error,
            )
        return self._unopened(row, field.unreadable_value())

    def _unopened(self, row: models.Model | None, placeholder):
        # Remembered on the row: saving it with the placeholder untouched keeps the stored
        # token (the evidence rotate_keys and verify_encryption report) instead of writing the
        # placeholder, or NULL and [] for dates and lists, as if the member had typed it.
        if row is not None:
            row.__dict__.setdefault("_sealed_unopened", {})[self.field.attname] = (
                self.token,
                placeholder,
            )
        return placeholder

    def _where(self, row: models.Model | None) -> str:
        return self.field.aad() if row is None else f"{self.field.aad()} #{row.pk}"

    def _decrypt(self, row: models.Model | None) -> str:
        field = self.field
        subject = None if row is None else read_owner(row)[0]
        if not crypto.is_v2(self.token):
            return crypto.decrypt_field_v1(field.aad(), self.token, subject)
        if row is None:
            raise crypto.DecryptionFailed("a value read without its row (values()/values_list())")
        if subject is None:
            raise crypto.DecryptionFailed("the row has no data subject")
        return crypto.decrypt_bound(
            subject, row_binding(row, field, subject, as_read=True), self.token
        )

    def __str__(self) -> str:
        return str(self.open())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sealed):
            return self.token == other.token or self.open() == other.open()
        return self.open() == other

    # It stands for its plaintext wherever values()/values_list() hand it out: truth, hashing
    # (sets, dict keys, the admin's value filters) and order follow the opened value.
    def __bool__(self) -> bool:
        return bool(self.open())

    def __hash__(self) -> int:
        return hash(self.open())

    def __lt__(self, other: object) -> bool:
        return self.open() < (other.open() if isinstance(other, Sealed) else other)

    def __repr__(self) -> str:
        return f"<Sealed {self.field.aad()}>"  # never the plaintext


class EncryptedAttribute(DeferredAttribute):
    """The attribute of an encrypted field: opens a `Sealed` value on first read and keeps the
    plaintext on the instance (as an eagerly decrypted value was kept before)."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = value.open(instance)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedMixin:
    """Shared behaviour; subclasses define to_plaintext/from_plaintext for their Python type."""

    encrypted = True
    descriptor_class = EncryptedAttribute

    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection):
        return connection.data_types["TextField"]

    def to_plaintext(self, value) -> str:
        return str(value)

    def from_plaintext(self, text: str):
        return text

    def aad(self) -> str:
        return field_aad(self.model, self.name)

    def is_blank(self, value) -> bool:
        return value is None or value == ""

    def seal(self, subject: uuid.UUID | None, bound: str, value) -> str | None:
        if self.is_blank(value):
            return value
        if subject is None:
            raise ImproperlyConfigured(f"{self.aad()}: the row has no data subject to encrypt for")
        return crypto.encrypt_bound(subject, bound, self.to_plaintext(value))

    def pre_save(self, model_instance, add):
        # The attribute holds plaintext whatever it looks like: a value read from the database
        # opens through EncryptedAttribute, so a string here came from outside (a form, code)
        # and is encrypted even when it starts like a ciphertext. Storing such a string as it
        # is let anyone who could read the table paste another member's ciphertext into a
        # form and have it decrypted for them.
        value = getattr(model_instance, self.attname)
        unopened = model_instance.__dict__.get("_sealed_unopened", {}).get(self.attname)
        if unopened is not None and value == unopened[1] and model_instance.pk is not None:
            return unopened[0]  # the placeholder untouched: keep what is stored
        if self.is_blank(value):
            return value
        if not isinstance(model_instance, SealedRow):
            raise ImproperlyConfigured(
                f"{type(model_instance).__name__} has encrypted fields: it must extend "
                "privacy.keys.fields.SealedRow (the row version is part of the binding)."
            )
        if model_instance.pk is None:
            if not model_instance.__dict__.get("_sealed_inserting"):
                raise ImproperlyConfigured(
                    f"{self.aad()}: rows with encrypted values are written by save(), which "
                    "binds them to their pk (bulk_create cannot)."
                )
            # Inserted blank first; SealedRow.save() writes the ciphertext once the pk exists.
            return "" if not self.null else None
        subject = bound_subject(model_instance)
        return self.seal(subject, row_binding(model_instance, self, subject), value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or value == "" or crypto.is_token(value):
            return value
        raise PlaintextRefused(
            f"{self.model.__name__}.{self.name} is encrypted: save the instance, or encrypt "
            "with privacy.keys.fields.sealed_values() before update(); lookups by value are "
            "impossible."
        )

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        if not crypto.is_token(value):
            # Written before the column was encrypted; `manage.py rotate_keys` encrypts it.
            return self.to_python(value)
        # A malformed token wants no key; opening it raises DecryptionFailed, as it always did.
        with contextlib.suppress(ValueError):
            crypto.want_key(crypto.key_id_of(value))
        return Sealed(self, value)

    def shredded_value(self):
        return SHREDDED

    def unreadable_value(self):
        return UNREADABLE


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A CharField (max_length validated on the plaintext) stored as ciphertext text."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedDateField(EncryptedMixin, models.Field):
    description = "Date stored encrypted"

    def to_plaintext(self, value) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)

    def from_plaintext(self, text: str):
        return datetime.date.fromisoformat(text)

    def to_python(self, value):
        if value is None or isinstance(value, datetime.date):
            return value
        return datetime.date.fromisoformat(str(value))

    def shredded_value(self):
        return None

    unreadable_value = shredded_value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedMixin, models.Field):
    """JSON (e.g. a list of tags) stored as encrypted text."""

    description = "JSON stored encrypted"

    def to_plaintext(self, value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def from_plaintext(self, text: str):
        return json.loads(text)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def is_blank(self, value) -> bool:
        return value is None

    def shredded_value(self):
        return []

    unreadable_value = shredded_value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


class BlindIndexField(models.CharField):
    """HMAC of another field's normalised value, for equality lookups without plaintext.

    Recomputed on every save from `source`; look up with privacy.keys.fields.blind_lookup().
    """

    def __init__(self, *args, source: str = "", normalizer: str = "digits", **kwargs):
        self.source = source
        self.normalizer = normalizer
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["normalizer"] = self.normalizer
        for key, default in (
            ("max_length", 100),
            ("blank", True),
            ("editable", False),
            ("db_index", True),
        ):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def normalize(self, value: str) -> str:
        if self.normalizer == "digits":
            return "".join(ch for ch in value if ch.isdigit())
        return value.strip().lower()

    def pre_save(self, model_instance, add):
        raw = getattr(model_instance, self.source) or ""
        value = crypto.blind_index(self.normalize(raw)) if raw else ""
        setattr(model_instance, self.attname, value)
        return value


def blind_lookup(model: type[models.Model], index_field: str, raw: str) -> dict[str, list[str]]:
    """Filter kwargs matching `raw` under every configured master key."""
    field = model._meta.get_field(index_field)
    normalized = field.normalize(raw)
    if not normalized:
        return {f"{index_field}__in": []}
    return {f"{index_field}__in": crypto.blind_index_candidates(normalized)}
