"""Fixtures shared by the privacy admin tests: the privacy officer at the admin."""

import pytest

from accounts.models import User
from privacy.keys import canaries, datakeys


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
    checked = set(canaries._verified)
    canaries.forget_verified_keys()
    datakeys.clear_key_cache()
    yield
    canaries.forget_verified_keys()
    canaries._verified.update(checked)
    datakeys.clear_key_cache()
