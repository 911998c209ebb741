"""Model fields stored encrypted (privacy.crypto) and a blind index for equality lookups.

In Python the attribute holds plaintext; in the database the column holds only ciphertext.
Decryption is lazy: a row read from the database keeps each encrypted value sealed (`Sealed`,
the ciphertext and its column) until the attribute is first read, so a list that shows no
encrypted field fetches no data key, and one that does fetches the keys of all its rows in one
query (privacy.crypto batches the keys the loaded rows named). values() and values_list() give
`Sealed` values too: str(), == and .open() give the plaintext.

Encryption happens in pre_save, where the instance is known, because the key belongs to the
instance's data subject (the registry's `owner` path, e.g. "member.subject"). Any other way of
writing a plaintext value to the column — QuerySet.update(), a lookup — is refused, so
plaintext cannot reach the database by accident; code that updates in bulk encrypts first with
`encrypt_for(instance_or_subject, Model, field, value)`.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from privacy import crypto

logger = logging.getLogger(__name__)

SHREDDED = "[파기된 정보]"
# A stored value no key opens: altered, moved from another column or row, or malformed. Shown
# (and logged) instead of failing the page; never the text of whoever's ciphertext it was.
UNREADABLE = "[복구할 수 없는 내용]"


class PlaintextRefused(Exception):
    """A plaintext value was about to be written to an encrypted column."""


def resolve_subject(instance: models.Model) -> uuid.UUID:
    from privacy.registry import registry

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
    return f"{model._meta.label_lower}.{name}"


def encrypt_for(owner: models.Model | uuid.UUID, model: type[models.Model], name: str, value):
    """Ciphertext for `value` in `model.name`, for callers that write with update()."""
    subject = owner if isinstance(owner, uuid.UUID) else resolve_subject(owner)
    field = model._meta.get_field(name)
    return field.encrypt_value(subject, value)


class Sealed:
    """An encrypted column's value as read, not yet decrypted: the ciphertext and its field.

    Opening decrypts under the data key the ciphertext names, in the current unit of work's key
    cache, so a value read in one request and opened in another (a cached instance) obeys the
    key's state at the time it is opened: once the key is destroyed it opens as shredded.
    """

    __slots__ = ("field", "token")

    def __init__(self, field: EncryptedMixin, token: str) -> None:
        self.field = field
        self.token = token

    def open(self):
        field = self.field
        try:
            return field.from_plaintext(crypto.decrypt(field.aad(), self.token))
        except crypto.KeyDestroyed:
            logger.warning("%s: ciphertext whose data key was destroyed", field.aad())
            return field.shredded_value()
        except crypto.DecryptionFailed as error:
            logger.error("%s: stored ciphertext cannot be decrypted (%s)", field.aad(), error)
            return field.unreadable_value()

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
            value = value.open()
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

    def encrypt_value(self, subject: uuid.UUID, value) -> str | None:
        if value is None or value == "":
            return value
        return crypto.encrypt(subject, self.aad(), self.to_plaintext(value))

    def pre_save(self, model_instance, add):
        # The attribute holds plaintext whatever it looks like: a value read from the database
        # opens through EncryptedAttribute, so a string here came from outside (a form, code)
        # and is encrypted even when it starts like a ciphertext. Storing such a string as it
        # is let anyone who could read the table paste another member's ciphertext into a
        # form and have it decrypted for them.
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return value
        return self.encrypt_value(resolve_subject(model_instance), value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or value == "" or crypto.is_token(value):
            return value
        raise PlaintextRefused(
            f"{self.model.__name__}.{self.name} is encrypted: save the instance, or encrypt "
            "with privacy.fields.encrypt_for() before update(); lookups by value are impossible."
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

    def encrypt_value(self, subject, value):
        if value is None:
            return None
        return crypto.encrypt(subject, self.aad(), self.to_plaintext(value))

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)  # plaintext, as for the other fields
        if value is None:
            return value
        return self.encrypt_value(resolve_subject(model_instance), value)

    def shredded_value(self):
        return []

    unreadable_value = shredded_value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


class BlindIndexField(models.CharField):
    """HMAC of another field's normalised value, for equality lookups without plaintext.

    Recomputed on every save from `source`; look up with privacy.fields.blind_lookup().
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
