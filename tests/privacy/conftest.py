"""Fixtures shared by the privacy admin tests: the privacy officer at the admin."""

import pytest

from accounts.models import User
from privacy.keys import canaries, datakeys
from tests.conftest import make_staff


@pytest.fixture
def root(db) -> User:
    return make_staff("root", "root-password-123", superuser=True)


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
