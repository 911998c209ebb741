"""Database sessions that remember their account (see accounts.models.MemberSession)."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import ImproperlyConfigured

from privacy import crypto

SESSION_PURPOSE = "lifemento session v1"


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import MemberSession

        return MemberSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        try:
            instance.user_id = int(user_id) if user_id is not None else None
        except (TypeError, ValueError):
            instance.user_id = None
        return instance

    # Session data can hold personal data (a pending sign-up's name and phone from Kakao):
    # it is stored encrypted under the master key, never as Django's readable signed JSON.
    def encode(self, session_dict):
        return crypto.seal_blob(SESSION_PURPOSE, super().encode(session_dict))

    def decode(self, session_data):
        if not crypto.is_token(session_data):
            return {}
        try:
            return super().decode(crypto.open_blob(SESSION_PURPOSE, session_data))
        except (crypto.DecryptionFailed, ImproperlyConfigured, ValueError):
            # Tampered, or sealed under a master key since removed: an empty session.
            return {}
