import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.tests.factories import CentreFactory

from ..enums import FeedKind
from ..models import FeedSource
from .feeds import feed_server


@pytest.fixture
def local_feeds(settings):
    """Feeds served on loopback may be read (never in production), with short waits and a small limit."""
    settings.PASSERELLES = {
        **settings.PASSERELLES,
        "FEED_ALLOW_PRIVATE_HOSTS": True,
        "FEED_TIMEOUT_SECONDS": 1,
        "FEED_MAX_MB": 1,
    }
    with feed_server() as server:
        yield server


@pytest.fixture
def centre(db):
    return CentreFactory()


@pytest.fixture
def centre_admin(centre):
    return MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN).user


def make_source(centre, url, kind=FeedKind.ICALENDAR, **fields):
    return FeedSource.objects.create(
        centre=centre, url=url, kind=kind, label=fields.pop("label", "Agenda du site"), **fields
    )
