"""Database sessions that a reader of the database cannot use (accounts.models.MemberSession).

A session row is what a leaked backup, a read replica or a read-only SQL injection sees, so
the row alone must not be a way in (issue 17):
- The row's primary key is HMAC-SHA256 of the cookie's session key, under a key derived from
  SECRET_KEY for this purpose only (salted_hmac). The database never holds SECRET_KEY, so a key
  read from the table cannot be turned back into a cookie; a cookie is checked by hashing it.
  Keys under SECRET_KEY_FALLBACKS are still found and moved to the current hash, so rotating
  SECRET_KEY the way Django documents it does not sign everyone out.
- The data (Django's session dict, JSON) is sealed with AES-GCM under a key derived from the
  master key, with the hashed key as associated data: one session's data (a staff member's,
  with django-otp's verification in it) copied into another row opens there to an empty
  session, and the alert is logged.
- A pending Kakao sign-up's social login (allauth's "socialaccount_sociallogin": the name,
  phone and Kakao id, kept before the member exists) is sealed again, inside, under the future
  member's own data key (their `subject` is chosen before the account row exists). Withdrawal
  shreds that key, so a copy of the row taken before opens to nothing personal; a sign-up
  never completed has its key shredded by the daily job (accounts.models.PendingSignup).
"""

import json
import logging
import re
import uuid

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac

from privacy.keys import sealing
from privacy.keys.errors import DecryptionFailed, KeyDestroyed

logger = logging.getLogger(__name__)

# v2: bound to the hashed key (v1 rows, keyed by the raw key, were dropped by accounts 0005).
SESSION_PURPOSE = "lifemento session v2"
KEY_SALT = "lifemento.accounts.session_store.session-key"
PENDING_SIGNUP = "socialaccount_sociallogin"  # allauth's session key for it
SEALED_PENDING_SIGNUP = "_lifemento_pending_signup"
PENDING_PURPOSE = "lifemento pending sign-up v1"
_HASHED = re.compile(r"[0-9a-f]{64}")


def hashed_session_key(session_key: str, secret: str | None = None) -> str:
    return salted_hmac(KEY_SALT, session_key, secret=secret, algorithm="sha256").hexdigest()


def _hash_candidates(session_key: str) -> list[str]:
    """The key's hash under SECRET_KEY first, then under each fallback (mid-rotation)."""
    return [hashed_session_key(session_key)] + [
        hashed_session_key(session_key, secret) for secret in settings.SECRET_KEY_FALLBACKS
    ]


def pending_signup_subject(pending: object) -> uuid.UUID | None:
    """The future member's subject in allauth's serialized social login, if well formed."""
    try:
        return uuid.UUID(str(pending["user"]["subject"]))  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return None


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import MemberSession

        return MemberSession

    # --- Looking rows up by the hash of the cookie's key ---------------------------------------

    def _get_session_from_db(self):
        key = self.session_key
        if key is None:
            return None
        row = (
            self.model.objects.filter(pk__in=_hash_candidates(key), expire_date__gt=timezone.now())
            .order_by()
            .first()
        )
        if row is None:
            self._alert_if_replayed(key)
            self._session_key = None
        return row

    def _alert_if_replayed(self, key: str) -> None:
        # Django's keys are 32 characters; a cookie shaped like a stored hash that is one is
        # somebody replaying a row read from the table.
        if _HASHED.fullmatch(key) and self.model.objects.filter(pk=key).exists():
            logger.error(
                "Session alert: a cookie carried a stored session row's key (%s…), as a copy of "
                "the session table would give; refused, the visitor is not signed in",
                key[:12],
            )

    def load(self):
        row = self._get_session_from_db()
        if row is None:
            return {}
        data = self.open_row(row.session_key, row.session_data)
        current = hashed_session_key(self.session_key)
        if row.session_key != current:  # found under a SECRET_KEY fallback: move it
            old = row.session_key
            row.session_key = current
            row.session_data = self._seal(current, data, row.expire_date)
            try:
                with transaction.atomic():
                    self.model.objects.filter(pk=old).delete()
                    row.save(force_insert=True)
            except IntegrityError:
                pass  # a concurrent request of the same session moved it first
        return data

    def exists(self, session_key):
        return self.model.objects.filter(pk__in=_hash_candidates(session_key)).exists()

    def _get_new_session_key(self):
        """A fresh key, without Django's query asking whether it is taken. Every new key here
        is first written by create(), an INSERT that a taken key fails (the primary key): create()
        then draws another. The query only answered the same question a step earlier, once per
        sign-in and sign-up (issue 16), for 32 random characters no one else holds."""
        return get_random_string(32, VALID_KEY_CHARS)

    def create_model_instance(self, data):
        hashed = hashed_session_key(self._get_or_create_session_key())
        expire_date = self.get_expiry_date()
        user_id = data.get(SESSION_KEY)
        try:
            user_id = int(user_id) if user_id is not None else None
        except (TypeError, ValueError):
            user_id = None
        return self.model(
            session_key=hashed,
            session_data=self._seal(hashed, data, expire_date),
            expire_date=expire_date,
            user_id=user_id,
        )

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(pk__in=_hash_candidates(session_key)).delete()

    # The project serves WSGI; the async API goes through the same code.
    async def _aget_session_from_db(self):
        return await sync_to_async(self._get_session_from_db)()

    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def acreate_model_instance(self, data):
        return await sync_to_async(self.create_model_instance)(data)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)

    # --- Sealing -------------------------------------------------------------------------------
    # Django's encode()/decode() know no row; sealing here is bound to one, so they are closed.

    def encode(self, session_dict):
        raise NotImplementedError("sessions are sealed to their row: see SessionStore._seal")

    def decode(self, session_data):
        raise NotImplementedError("sessions open with their row: use SessionStore.open_row")

    def _seal(self, hashed: str, data: dict, expire_date) -> str:
        pending = data.get(PENDING_SIGNUP)
        if pending is not None:
            data = {k: v for k, v in data.items() if k != PENDING_SIGNUP}
            subject = pending_signup_subject(pending)
            if subject is None:
                # Never kept under the master key alone: without a subject it is not kept.
                logger.error("Pending sign-up without a subject: not kept in the session")
            else:
                data[SEALED_PENDING_SIGNUP] = {
                    "subject": str(subject),
                    "data": seal_pending_signup(subject, hashed, pending, expire_date),
                }
        plain = json.dumps(data, separators=(",", ":"))
        return sealing.seal_bound_blob(SESSION_PURPOSE, hashed, plain)

    @classmethod
    def open_row(cls, hashed: str, session_data: str) -> dict:
        """A row's session dict; empty (and the reason logged) when it does not open here."""
        try:
            plain = sealing.open_bound_blob(SESSION_PURPOSE, hashed, session_data)
        except DecryptionFailed:
            logger.error(
                "Session alert: the data of session %s… was sealed for another row (copied "
                "there) or altered; opened as an empty session, the visitor is signed out",
                hashed[:12],
            )
            return {}
        except ImproperlyConfigured:
            logger.warning("Session %s… sealed under a master key since removed", hashed[:12])
            return {}
        try:
            data = json.loads(plain)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            logger.error("Session %s…: sealed data is not a session", hashed[:12])
            return {}
        sealed = data.pop(SEALED_PENDING_SIGNUP, None)
        if sealed is not None:
            pending = open_pending_signup(hashed, sealed)
            if pending is not None:
                data[PENDING_SIGNUP] = pending
        return data


def seal_pending_signup(subject: uuid.UUID, hashed: str, pending, expire_date) -> str:
    from accounts.models import PendingSignup

    # Recorded before the key can exist, so no key is ever made that the clean-up cannot find.
    # One upsert (INSERT … ON CONFLICT DO UPDATE): the session is sealed again at each save.
    PendingSignup.objects.bulk_create(
        [PendingSignup(subject=subject, expire_date=expire_date)],
        update_conflicts=True,
        unique_fields=["subject"],
        update_fields=["expire_date"],
    )
    return sealing.seal_for_subject(subject, PENDING_PURPOSE, hashed, json.dumps(pending))


def open_pending_signup(hashed: str, sealed) -> dict | None:
    try:
        subject = uuid.UUID(sealed["subject"])
        return json.loads(
            sealing.open_for_subject(subject, PENDING_PURPOSE, hashed, sealed["data"])
        )
    except KeyDestroyed:
        # The member withdrew, or the sign-up was abandoned and cleaned up: nothing to show.
        logger.info("Session %s…: pending sign-up's key is shredded; left out", hashed[:12])
    except (DecryptionFailed, ImproperlyConfigured, KeyError, TypeError, ValueError):
        logger.error("Session alert: session %s…: pending sign-up does not open", hashed[:12])
    return None
