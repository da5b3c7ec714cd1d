"""HEAD is answered like GET on every page and file (uptime monitors): same status, same headers,
no body."""

import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.events.tests.factories import RegistrationFactory, SessionFactory
from passerelles.testing.public_pages import public_urls, published_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    """One published thing of each kind, for the pages that show them."""
    return published_content()


def headers(response):
    """Its headers but the value of `Expires`, the moment of the answer to the second on a page that
    is not to be kept (two answers may fall either side of a second)."""
    return {name: "…" if name == "Expires" else value for name, value in response.headers.items()}


def test_head_answers_like_get_on_every_kind_of_public_page(client, content):
    for url in public_urls(content):
        got, head = client.get(url), client.head(url)
        assert got.status_code == 200, url
        assert (head.status_code, headers(head)) == (got.status_code, headers(got)), url
        assert head.content == b"", url


def test_head_answers_like_get_on_personal_and_staff_pages(client):
    centre = Centre.objects.get(slug="pb")
    registration = RegistrationFactory(session=SessionFactory(centre=centre))
    assert client.head(registration.get_absolute_url()).status_code == 200
    client.force_login(MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN).user)
    for url in [
        "/agenda/espace/",
        f"/agenda/espace/sessions/{registration.session.slug}/inscrits.csv",
        "/experiences/espace/",
        "/publications/espace/",
        "/comptes/mon-compte/",
    ]:
        head = client.head(url)
        assert head.status_code == 200 and head.content == b"", url
