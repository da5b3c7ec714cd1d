"""RSS 2.0 and Atom feeds of the latest publications, read by feedparser."""

from datetime import UTC, datetime

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.testing.pdfs import text_pdf

from ..services.documents import add_document
from .factories import PublicationFactory, PublishedFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publications():
    labo, pb = Centre.objects.get(slug="labo-cites"), Centre.objects.get(slug="pb")
    cahiers = SeriesFactory(centre=labo, title="Les Cahiers du DSU")
    older = PublishedFactory(
        centre=labo,
        series=cahiers,
        issue_number="36",
        title="Projet éducatif local",
        published_at=datetime(2024, 1, 5, tzinfo=UTC),
    )
    newer = PublishedFactory(centre=pb, title="Actes de la journée", published_at=datetime(2024, 6, 1, tzinfo=UTC))
    PublicationFactory(centre=pb, title="Brouillon")
    reviewer = MembershipFactory(centre=labo, role=Role.REVIEWER).user
    add_document(reviewer, older, "Numéro 36", SimpleUploadedFile("n36.pdf", text_pdf("Texte.")))
    return older, newer


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_network_feed_lists_the_latest_publications_newest_first(client, publications, kind):
    older, newer = publications
    response = client.get(f"/publications/flux/{kind}/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert [entry.title for entry in feed.entries] == [newer.full_title, older.full_title]
    assert older.full_title == "Les Cahiers du DSU, n° 36 : Projet éducatif local"
    assert feed.entries[1].link == f"http://testserver{older.get_absolute_url()}"
    enclosure = [link for link in feed.entries[1].links if link.rel == "enclosure"][0]
    assert enclosure.type == "application/pdf" and enclosure.href.endswith(f"/documents/{older.documents.get().pk}/")
    assert "Brouillon" not in response.content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_centre_feed_has_only_its_publications(client, publications, kind):
    older, _ = publications
    feed = feedparser.parse(client.get(f"/publications/centre/labo-cites/{kind}/").content)
    assert [entry.title for entry in feed.entries] == [older.full_title]
    assert "Labo Cités" in feed.feed.title
    assert client.get(f"/publications/centre/inconnu/{kind}/").status_code == 404
