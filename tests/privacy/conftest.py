"""Fixtures shared by the privacy admin tests: the privacy officer at the admin."""

import pytest

from accounts.models import User


@pytest.fixture
def root(db) -> User:
    return User.objects.create_superuser("root", "root-password-123")


@pytest.fixture
def officer(client, root):
    client.force_login(root)
    return client
