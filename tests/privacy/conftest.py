"""Fixtures shared by the privacy admin tests: the privacy officer at the admin."""

import pytest

from accounts.models import User
from privacy.keys import crypto, keyguard


@pytest.fixture
def root(db) -> User:
    return User.objects.create_superuser("root", "root-password-123")


@pytest.fixture
def officer(client, root):
    client.force_login(root)
    return client


@pytest.fixture
def fresh_key_checks():
    """The test starts as a freshly started process: no key checked against its canary yet.
    Afterwards the process is as before, so other tests' query counts do not change."""
    checked = set(keyguard._verified)
    keyguard.forget_verified_keys()
    crypto.clear_key_cache()
    yield
    keyguard.forget_verified_keys()
    keyguard._verified.update(checked)
    crypto.clear_key_cache()
