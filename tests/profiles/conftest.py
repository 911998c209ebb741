import pytest


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
