"""Model fields stored encrypted (privacy.keys.sealing) and a blind index for equality lookups.

In Python the attribute holds plaintext; in the database the column holds only ciphertext.
Decryption is lazy: a row read from the database keeps each encrypted value sealed (`Sealed`,
the ciphertext and its column) until the attribute is first read, so a list that shows no
encrypted field fetches no data key, and one that does fetches the keys of all its rows in one
query (privacy.keys.datakeys batches the keys the loaded rows named).

Encryption happens in pre_save, where the instance is known, because the key belongs to the
instance's data subject (the registry's `owner` path, e.g. "member.subject"). Any other way of
writing a plaintext value to the column — QuerySet.update(), a lookup — is refused, so
plaintext cannot reach the database by accident; code that updates in bulk encrypts first with
`sealed_values(instance, field=value)` (privacy.keys.rows, with the binding of each value to
its row).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import uuid

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from privacy.keys import blind_index, datakeys, sealing
from privacy.keys.errors import DecryptionFailed, FormatRetired, KeyDestroyed, KeyMisused
from privacy.keys.rows import SealedRow, bound_subject, field_aad, read_owner, row_binding

logger = logging.getLogger(__name__)

SHREDDED = "[파기된 정보]"
# A stored value no key opens: altered, moved from another column or row, or malformed. Shown
# (and logged) instead of failing the page; never the text of whoever's ciphertext it was.
UNREADABLE = "[복구할 수 없는 내용]"


class PlaintextRefused(Exception):
    """A plaintext value was about to be written to an encrypted column."""


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
        except KeyDestroyed:
            logger.warning("%s: ciphertext whose data key was destroyed", self._where(row))
            return self._unopened(row, field.shredded_value())
        except KeyMisused as error:
            logger.error(
                "ALERT %s: ciphertext under another subject's key refused (%s)",
                self._where(row),
                error,
            )
        except FormatRetired as error:
            logger.error("ALERT %s: retired v1 ciphertext refused (%s)", self._where(row), error)
        except DecryptionFailed as error:
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
        if not sealing.is_v2(self.token):
            return sealing.decrypt_field_v1(field.aad(), self.token, subject)
        if row is None:
            raise DecryptionFailed("a value read without its row (values()/values_list())")
        if subject is None:
            raise DecryptionFailed("the row has no data subject")
        return sealing.decrypt_bound(
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


def holds_value(instance: models.Model, name: str) -> bool:
    """Whether the encrypted field `name` of `instance` holds a value, without opening it.

    A blank is stored in the clear ('' or NULL: EncryptedMixin.seal encrypts values only), so a
    ciphertext read from the database always holds one. For a page that needs to know that a
    field is filled, not what it says (the profile's completeness): no key is used and nothing
    is decrypted. A value already opened, or set in Python, is answered by its truth."""
    field = instance._meta.get_field(name)
    value = instance.__dict__.get(field.attname, _NOT_LOADED)
    if value is _NOT_LOADED:
        value = getattr(instance, field.attname)
    if isinstance(value, Sealed):
        return True
    return bool(value)


_NOT_LOADED = object()


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
        return sealing.encrypt_bound(subject, bound, self.to_plaintext(value))

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
                "privacy.keys.rows.SealedRow (the row version is part of the binding)."
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
        if value is None or value == "" or sealing.is_token(value):
            return value
        raise PlaintextRefused(
            f"{self.model.__name__}.{self.name} is encrypted: save the instance, or encrypt "
            "with privacy.keys.rows.sealed_values() before update(); lookups by value are "
            "impossible."
        )

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        if not sealing.is_token(value):
            # Written before the column was encrypted; `manage.py rotate_keys` encrypts it.
            return self.to_python(value)
        # A malformed token wants no key; opening it raises DecryptionFailed, as it always did.
        with contextlib.suppress(ValueError):
            datakeys.want_key(sealing.key_id_of(value))
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
        value = blind_index.blind_index(self.normalize(raw)) if raw else ""
        setattr(model_instance, self.attname, value)
        return value


def blind_lookup(model: type[models.Model], index_field: str, raw: str) -> dict[str, list[str]]:
    """Filter kwargs matching `raw` under every configured master key."""
    field = model._meta.get_field(index_field)
    normalized = field.normalize(raw)
    if not normalized:
        return {f"{index_field}__in": []}
    return {f"{index_field}__in": blind_index.blind_index_candidates(normalized)}


def blind_index_fields():
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, BlindIndexField):
                yield model, field
