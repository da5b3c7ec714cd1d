"""HEAD is answered like GET on every page and file (uptime monitors): same status, same headers,
no body."""

import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.events.tests.factories import CycleFactory, RegistrationFactory, SessionFactory
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.tests.factories import PublishedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    """One published thing of each kind, for the pages that show them."""
    centre = Centre.objects.get(slug="pb")
    cycle = CycleFactory(centre=centre)
    return {
        "session": SessionFactory(centre=centre, cycle=cycle),
        "cycle": cycle,
        "sheet": ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED),
        "publication": PublishedFactory(centre=centre),
    }


def public_urls(content):
    session, cycle, sheet, publication = content["session"], content["cycle"], content["sheet"], content["publication"]
    return [
        "/", "/accessibilite/", "/mentions-legales/", "/donnees-personnelles/", "/plan-du-site/", "/contact/",
        "/robots.txt", "/.well-known/security.txt",
        "/centres/", "/centres/pb/", "/centres/couverture/", "/centres/quel-centre-couvre-ma-commune/?q=Brest",
        "/territoires/autocompletion/?q=Bres", "/thesaurus/", "/thesaurus/thesaurus.ttl",
        "/experiences/", f"/experiences/{sheet.slug}/", f"/experiences/{sheet.slug}/imprimer/",
        f"/experiences/{sheet.slug}/pdf/", "/experiences/fiches.csv", "/experiences/fiches.json",
        "/publications/", "/publications/series/", "/publications/flux/rss/", "/publications/flux/atom/",
        "/oai?verb=Identify", "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/agenda/", "/agenda/agenda.ics", "/agenda/centre/pb/agenda.ics",
        f"/agenda/sessions/{session.slug}/", f"/agenda/sessions/{session.slug}/session.ics",
        f"/agenda/cycles/{cycle.slug}/", f"/agenda/cycles/{cycle.slug}/agenda.ics",
        "/recherche/?q=ville", "/recherche/api/?q=ville", "/recherche/suggestions/?q=ville",
        "/comptes/connexion/", publication.get_absolute_url(),
    ]  # fmt: skip


def test_head_answers_like_get_on_every_kind_of_public_page(client, content):
    for url in public_urls(content):
        got, head = client.get(url), client.head(url)
        assert got.status_code == 200, url
        assert (head.status_code, dict(head.headers)) == (got.status_code, dict(got.headers)), url
        assert head.content == b"", url


def test_head_answers_like_get_on_personal_and_staff_pages(client):
    centre = Centre.objects.get(slug="pb")
    registration = RegistrationFactory(session=SessionFactory(centre=centre))
    assert client.head(registration.get_absolute_url()).status_code == 200
    client.force_login(MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN).user)
    for url in ["/agenda/espace/", f"/agenda/espace/sessions/{registration.session.slug}/inscrits.csv",
                "/experiences/espace/", "/publications/espace/", "/comptes/mon-compte/"]:  # fmt: skip
        head = client.head(url)
        assert head.status_code == 200 and head.content == b"", url
