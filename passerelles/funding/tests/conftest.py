import pytest

from passerelles.accounts.tests.factories import UserFactory


@pytest.fixture
def animator(client):
    """The test client, signed in as a national animator."""
    client.force_login(UserFactory(is_national_animator=True))
    return client
